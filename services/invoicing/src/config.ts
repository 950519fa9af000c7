import { loadConfig } from '@ledgerline/config';
import { dataServiceConfigShape } from '@ledgerline/service-host';

export const SERVICE_NAME = 'invoicing';

/** The invoicing service's configuration, read once from the environment at start. */
export function loadInvoicingConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, dataServiceConfigShape({ grpcPort: 50052, healthPort: 8082 }), env);
}

export type InvoicingConfig = ReturnType<typeof loadInvoicingConfig>;
