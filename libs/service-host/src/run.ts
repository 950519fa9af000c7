import { createLogger, startTelemetry, type Logger, type LogLevel } from '@ledgerline/telemetry';
import { startHealthEndpoints } from './health-http.js';

/** What a started service hands back to its host. */
export interface RunningService {
  /** True when the service can do its work now (database, broker and servers answer). */
  isReady(): Promise<boolean>;
  /** Stops taking work, finishes what is in flight within the grace period, releases everything. */
  stop(): Promise<void>;
}

export interface ServiceHostOptions {
  serviceName: string;
  healthHost: string;
  healthPort: number;
  logLevel: LogLevel;
  otlpEndpoint?: string | undefined;
}

/** The host options every service's configuration carries (see baseServiceConfigShape). */
export function serviceHostOptions(
  serviceName: string,
  config: { HEALTH_HOST: string; HEALTH_PORT: number; LOG_LEVEL: LogLevel; OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined },
): ServiceHostOptions {
  return {
    serviceName,
    healthHost: config.HEALTH_HOST,
    healthPort: config.HEALTH_PORT,
    logLevel: config.LOG_LEVEL,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  };
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** A stop that takes longer than this is cut short so an orchestrator's kill is never needed. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * Runs one service process: telemetry, JSON logs, health endpoints, then the service itself;
 * on SIGINT or SIGTERM it reports not-ready, stops the service and exits. A failure to start is
 * fatal and exits non-zero with the reason logged.
 */
export async function runService(
  options: ServiceHostOptions,
  start: (logger: Logger) => Promise<RunningService>,
): Promise<void> {
  const telemetry = startTelemetry({ serviceName: options.serviceName, otlpEndpoint: options.otlpEndpoint });
  const logger = createLogger(options.serviceName, options.logLevel);
  let service: RunningService | undefined;
  let stopping = false;
  const health = await startHealthEndpoints(options.healthHost, options.healthPort, async () =>
    service === undefined || stopping ? false : service.isReady(),
  );
  try {
    service = await start(logger);
  } catch (error) {
    logger.fatal({ err: error }, 'service failed to start');
    await health.close();
    await telemetry.shutdown();
    process.exit(1);
  }
  logger.info({ healthPort: health.port }, 'service started');

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const timer = setTimeout(() => {
      logger.error('stop took too long; exiting anyway');
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    try {
      await service?.stop();
      await health.close();
      logger.info('stopped');
      await telemetry.shutdown();
      clearTimeout(timer);
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'stop failed');
      process.exit(1);
    }
  };
  for (const signal of SHUTDOWN_SIGNALS) process.once(signal, () => void shutdown(signal));
}
