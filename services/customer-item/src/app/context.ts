import { retryOnDeadlock, type SqlExecutor } from '@ledgerline/db';
import type { Logger } from '@ledgerline/telemetry';
import type { CustomerItemDatabase } from '../db/client.js';

/** What the customer-item service's use cases work with. */
export interface CustomerItemContext {
  database: CustomerItemDatabase;
  logger: Logger;
}

/**
 * Runs work in one transaction. The writes take their document locks in a fixed order, so a
 * deadlock should not happen; should Postgres still abort one to break a cycle (row locks taken
 * by concurrent reviews, say), it is run again rather than failing the caller.
 */
export async function inTransaction<T>(context: CustomerItemContext, work: (sql: SqlExecutor) => Promise<T>): Promise<T> {
  const { store } = context.database;
  return retryOnDeadlock(
    () => store.transaction((tx) => work(store.sql(tx))),
    (attempt, error) => context.logger.warn({ attempt, err: error }, 'transaction aborted by a deadlock; running it again'),
  );
}
