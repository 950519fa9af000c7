import { durationMs, hostPort, loadConfig } from '@ledgerline/config';
import { dataServiceConfigShape } from '@ledgerline/service-host';

export const SERVICE_NAME = 'customer';

/** The customer service's configuration, read once from the environment at start. */
export function loadCustomerConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    SERVICE_NAME,
    {
      ...dataServiceConfigShape({ grpcPort: 50054, healthPort: 8084 }),
      /** The ledger's gRPC API: companies, exchange rates, and the entries payments post. */
      LEDGER_GRPC_ADDRESS: hostPort().default('127.0.0.1:50051'),
      /** Deadline of each call to the ledger. */
      GRPC_DEADLINE_MS: durationMs(5_000),
    },
    env,
  );
}

export type CustomerConfig = ReturnType<typeof loadCustomerConfig>;
