import type { SqlExecutor } from '@ledgerline/db';
import type { Logger } from '@ledgerline/telemetry';
import type { CustomerItemDatabase } from '../db/client.js';

/** What the customer-item service's use cases work with. */
export interface CustomerItemContext {
  database: CustomerItemDatabase;
  logger: Logger;
}

/** Attempts of a transaction that Postgres aborted to break a deadlock. */
export const TRANSACTION_ATTEMPTS_MAX = 3;

/**
 * Runs work in one transaction. The writes take their document locks in a fixed order, so a
 * deadlock should not happen; should Postgres still abort one to break a cycle (row locks taken
 * by concurrent reviews, say), it is run again rather than failing the caller.
 */
export async function inTransaction<T>(context: CustomerItemContext, work: (sql: SqlExecutor) => Promise<T>): Promise<T> {
  const { store } = context.database;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await store.transaction((tx) => work(store.sql(tx)));
    } catch (error) {
      if (attempt >= TRANSACTION_ATTEMPTS_MAX || !isDeadlock(error)) throw error;
      context.logger.warn({ attempt, err: error }, 'transaction aborted by a deadlock; running it again');
    }
  }
}

/** Postgres's deadlock_detected (40P01), however the driver adapter wraps it. */
function isDeadlock(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const { code, meta } = cause as { code?: unknown; meta?: { code?: unknown } };
    if (code === '40P01' || meta?.code === '40P01' || cause.message.includes('deadlock detected')) return true;
  }
  return false;
}
