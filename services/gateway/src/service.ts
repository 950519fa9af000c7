import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { grpcHealthV1 } from '@ledgerline/contracts';
import type { RunningService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { ApiKeyRegistry } from './auth/api-keys.js';
import { createServiceClients } from './clients.js';
import type { GatewayConfig } from './config.js';
import { createGatewayApp } from './http/app.js';
import type { RouteSettings } from './http/route.js';

/** Deadline of each downstream health check behind /readyz. */
const READINESS_CHECK_DEADLINE_MS = 1_000;
const DEV_API_KEY_BYTES = 24;

export interface RunningGateway extends RunningService {
  port: number;
  devApiKey: string;
}

/**
 * Composition root of the gateway: gRPC clients, API keys and the REST app on its port.
 * `settings` overrides route timings (tests only).
 */
export async function startGateway(config: GatewayConfig, logger: Logger, settings?: Partial<RouteSettings>): Promise<RunningGateway> {
  const clients = createServiceClients(config);
  const apiKeys = new ApiKeyRegistry();
  const devApiKey = config.LEDGERLINE_DEV_API_KEY ?? `dev_${randomBytes(DEV_API_KEY_BYTES).toString('base64url')}`;
  apiKeys.add(devApiKey, { name: 'development', companies: '*', roles: ['clerk', 'controller'] });
  for (const { key, ...principal } of config.LEDGERLINE_API_KEYS) apiKeys.add(key, principal);

  const isReady = async () => {
    const answers = await Promise.allSettled(
      Object.values(clients.health).map((health) =>
        health.check({ service: '' }, { deadlineMs: READINESS_CHECK_DEADLINE_MS }),
      ),
    );
    return answers.every(
      (answer) =>
        answer.status === 'fulfilled' &&
        answer.value.status === grpcHealthV1.HealthCheckResponse_ServingStatus.SERVING,
    );
  };
  const app = createGatewayApp({ clients, apiKeys, logger, isReady, settings });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST, (error?: Error) =>
      error === undefined ? resolve(listening) : reject(error),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.GATEWAY_PORT;
  logger.info({ url: `http://${config.GATEWAY_HOST}:${port}`, devApiKey }, 'gateway listening');
  return {
    port,
    devApiKey,
    isReady,
    async stop() {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      clients.close();
    },
  };
}
