import { ConfigError, durationMs, hostPort, loadConfig, z } from '@ledgerline/config';
import { dataServiceConfigShape } from '@ledgerline/service-host';

export const SERVICE_NAME = 'posting';

/** The posting service's configuration, read once from the environment at start. */
export function loadPostingConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    SERVICE_NAME,
    {
      ...dataServiceConfigShape({ grpcPort: 50053, healthPort: 8083 }),
      /** Where the ledger's gRPC API is: posting reads companies from it and posts journals to it. */
      LEDGER_GRPC_ADDRESS: hostPort().default('127.0.0.1:50051'),
      /** Where the customer service is: credit exposure and payment terms for the blockers. */
      CUSTOMER_GRPC_ADDRESS: hostPort().default('127.0.0.1:50054'),
      /** Where the customer-item service is: drafts awaiting review for the blockers. */
      CUSTOMER_ITEM_GRPC_ADDRESS: hostPort().default('127.0.0.1:50055'),
      /** Where invoicing is: unposted documents for the BALANCE_ALL credit check. */
      INVOICING_GRPC_ADDRESS: hostPort().default('127.0.0.1:50052'),
      /** How often due recurring posting runs are looked for. */
      RECURRING_RUN_POLL_MS: durationMs(30_000),
      /** Deadline of each call to another service. */
      GRPC_DEADLINE_MS: durationMs(5_000),
      /**
       * Comma-separated company ids; when set, posting requests of other companies are consumed
       * without any effect. For instances that share a broker with others (tests) and must not
       * post other companies' documents. Empty (the default) = every company.
       */
      POSTING_COMPANY_IDS: z
        .string()
        .default('')
        .transform((text) => text.split(',').map((id) => id.trim()).filter((id) => id !== '')),
    },
    env,
  );
  // A restricted instance in the production consumer group would swallow other companies' requests.
  if (config.POSTING_COMPANY_IDS.length > 0 && config.KAFKA_CONSUMER_GROUP_PREFIX === '') {
    throw new ConfigError(SERVICE_NAME, ['POSTING_COMPANY_IDS: set only together with a KAFKA_CONSUMER_GROUP_PREFIX']);
  }
  return config;
}

export type PostingConfig = ReturnType<typeof loadPostingConfig>;
