import { runService } from '@ledgerline/service-host';
import { loadCustomerConfig, SERVICE_NAME } from './config.js';
import { startCustomerService } from './service.js';

const config = loadCustomerConfig();
await runService(
  {
    serviceName: SERVICE_NAME,
    healthHost: config.HEALTH_HOST,
    healthPort: config.HEALTH_PORT,
    logLevel: config.LOG_LEVEL,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  },
  (logger) => startCustomerService(config, logger),
);
