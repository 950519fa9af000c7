import { durationMs, hostPort, loadConfig, logLevel, port, z } from '@ledgerline/config';

export const SERVICE_NAME = 'gateway';

/** The gateway's configuration, read once from the environment at start. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    SERVICE_NAME,
    {
      GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
      GATEWAY_PORT: port(8080),
      /** Without it a random key is made at start and logged, so no fixed secret ships in code. */
      LEDGERLINE_DEV_API_KEY: z.string().min(16, 'use at least 16 characters').optional(),
      LEDGER_GRPC_ADDRESS: hostPort().default('127.0.0.1:50051'),
      INVOICING_GRPC_ADDRESS: hostPort().default('127.0.0.1:50052'),
      POSTING_GRPC_ADDRESS: hostPort().default('127.0.0.1:50053'),
      CUSTOMER_GRPC_ADDRESS: hostPort().default('127.0.0.1:50054'),
      CUSTOMER_ITEM_GRPC_ADDRESS: hostPort().default('127.0.0.1:50055'),
      BATCH_GRPC_ADDRESS: hostPort().default('127.0.0.1:50056'),
      GRPC_DEADLINE_MS: durationMs(5_000),
      LOG_LEVEL: logLevel(),
      OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
    },
    env,
  );
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
