import { loadConfig } from '@ledgerline/config';
import { dataServiceConfigShape } from '@ledgerline/service-host';

export const SERVICE_NAME = 'batch';

/** The batch service's configuration, read once from the environment at start. */
export function loadBatchConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, dataServiceConfigShape({ grpcPort: 50056, healthPort: 8086 }), env);
}

export type BatchConfig = ReturnType<typeof loadBatchConfig>;
