import { runService } from '@ledgerline/service-host';
import { loadInvoicingConfig, SERVICE_NAME } from './config.js';
import { startInvoicingService } from './service.js';

const config = loadInvoicingConfig();
await runService(
  {
    serviceName: SERVICE_NAME,
    healthHost: config.HEALTH_HOST,
    healthPort: config.HEALTH_PORT,
    logLevel: config.LOG_LEVEL,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  },
  (logger) => startInvoicingService(config, logger),
);
