import { durationMs, hostPort, loadConfig } from '@ledgerline/config';
import { dataServiceConfigShape } from '@ledgerline/service-host';

export const SERVICE_NAME = 'invoicing';

/** The invoicing service's configuration, read once from the environment at start. */
export function loadInvoicingConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    SERVICE_NAME,
    {
      ...dataServiceConfigShape({ grpcPort: 50052, healthPort: 8082 }),
      LEDGER_GRPC_ADDRESS: hostPort().default('127.0.0.1:50051'),
      CUSTOMER_GRPC_ADDRESS: hostPort().default('127.0.0.1:50054'),
      CUSTOMER_ITEM_GRPC_ADDRESS: hostPort().default('127.0.0.1:50055'),
      GRPC_DEADLINE_MS: durationMs(5_000),
    },
    env,
  );
}

export type InvoicingConfig = ReturnType<typeof loadInvoicingConfig>;
