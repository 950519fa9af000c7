import { ensureKafka, ensurePostgres } from '@ledgerline/local-runtime';
// Loaded for its types only: the augmentation below extends vitest's ProvidedContext.
import type {} from 'vitest';

export interface TestInfrastructure {
  /** Kafka bootstrap servers, host:port. */
  kafkaBrokers: string[];
  /** A Postgres URL with the right to create databases. */
  postgresAdminUrl: string;
}

/**
 * Starts the project's own Kafka broker and Postgres cluster, or reuses running ones (or those
 * named by KAFKA_BROKERS and DATABASE_URL). Tests never use stand-ins for either.
 */
export async function ensureTestInfrastructure(): Promise<TestInfrastructure> {
  const [kafka, postgres] = await Promise.all([ensureKafka(), ensurePostgres()]);
  return { kafkaBrokers: kafka.brokers.split(','), postgresAdminUrl: postgres.adminUrl };
}

declare module 'vitest' {
  export interface ProvidedContext {
    infrastructure: TestInfrastructure;
  }
}
