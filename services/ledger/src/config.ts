import { loadConfig } from '@ledgerline/config';
import { dataServiceConfigShape } from '@ledgerline/service-host';

export const SERVICE_NAME = 'ledger';

/** The ledger service's configuration, read once from the environment at start. */
export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, dataServiceConfigShape({ grpcPort: 50051, healthPort: 8081 }), env);
}

export type LedgerConfig = ReturnType<typeof loadLedgerConfig>;
