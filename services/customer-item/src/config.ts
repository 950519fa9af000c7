import { loadConfig } from '@ledgerline/config';
import { dataServiceConfigShape } from '@ledgerline/service-host';

export const SERVICE_NAME = 'customer-item';

/** The customer-item service's configuration, read once from the environment at start. */
export function loadCustomerItemConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, dataServiceConfigShape({ grpcPort: 50055, healthPort: 8085 }), env);
}

export type CustomerItemConfig = ReturnType<typeof loadCustomerItemConfig>;
