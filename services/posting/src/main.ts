import { runService } from '@ledgerline/service-host';
import { loadPostingConfig, SERVICE_NAME } from './config.js';
import { startPostingService } from './service.js';

const config = loadPostingConfig();
await runService(
  {
    serviceName: SERVICE_NAME,
    healthHost: config.HEALTH_HOST,
    healthPort: config.HEALTH_PORT,
    logLevel: config.LOG_LEVEL,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  },
  (logger) => startPostingService(config, logger),
);
