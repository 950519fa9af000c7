import { runService } from '@ledgerline/service-host';
import { loadBatchConfig, SERVICE_NAME } from './config.js';
import { startBatchService } from './service.js';

const config = loadBatchConfig();
await runService(
  {
    serviceName: SERVICE_NAME,
    healthHost: config.HEALTH_HOST,
    healthPort: config.HEALTH_PORT,
    logLevel: config.LOG_LEVEL,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  },
  (logger) => startBatchService(config, logger),
);
