import { runService } from '@ledgerline/service-host';
import { loadCustomerItemConfig, SERVICE_NAME } from './config.js';
import { startCustomerItemService } from './service.js';

const config = loadCustomerItemConfig();
await runService(
  {
    serviceName: SERVICE_NAME,
    healthHost: config.HEALTH_HOST,
    healthPort: config.HEALTH_PORT,
    logLevel: config.LOG_LEVEL,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  },
  (logger) => startCustomerItemService(config, logger),
);
