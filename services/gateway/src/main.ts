import { runService } from '@ledgerline/service-host';
import { loadGatewayConfig, SERVICE_NAME } from './config.js';
import { startGateway } from './service.js';

const config = loadGatewayConfig();
// The gateway's health endpoints are on its REST port; the host's separate endpoint is not needed.
await runService(
  {
    serviceName: SERVICE_NAME,
    healthHost: config.GATEWAY_HOST,
    healthPort: 0,
    logLevel: config.LOG_LEVEL,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  },
  (logger) => startGateway(config, logger),
);
