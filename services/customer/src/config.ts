import { loadConfig } from '@ledgerline/config';
import { dataServiceConfigShape } from '@ledgerline/service-host';

export const SERVICE_NAME = 'customer';

/** The customer service's configuration, read once from the environment at start. */
export function loadCustomerConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, dataServiceConfigShape({ grpcPort: 50054, healthPort: 8084 }), env);
}

export type CustomerConfig = ReturnType<typeof loadCustomerConfig>;
