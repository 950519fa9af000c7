import { loadConfig } from '@ledgerline/config';
import { dataServiceConfigShape } from '@ledgerline/service-host';

export const SERVICE_NAME = 'posting';

/** The posting service's configuration, read once from the environment at start. */
export function loadPostingConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, dataServiceConfigShape({ grpcPort: 50053, healthPort: 8083 }), env);
}

export type PostingConfig = ReturnType<typeof loadPostingConfig>;
