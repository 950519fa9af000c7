import { runService } from '@ledgerline/service-host';
import { loadLedgerConfig, SERVICE_NAME } from './config.js';
import { startLedgerService } from './service.js';

const config = loadLedgerConfig();
await runService(
  {
    serviceName: SERVICE_NAME,
    healthHost: config.HEALTH_HOST,
    healthPort: config.HEALTH_PORT,
    logLevel: config.LOG_LEVEL,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  },
  (logger) => startLedgerService(config, logger),
);
