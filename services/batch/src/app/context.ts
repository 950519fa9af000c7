import type { SqlExecutor } from '@ledgerline/db';
import type { Logger } from '@ledgerline/telemetry';
import type { BatchDatabase } from '../db/client.js';
import type { Outcome, BusinessError } from '../domain/errors.js';

/** What the batch service's use cases work with. */
export interface BatchContext {
  database: BatchDatabase;
  logger: Logger;
}

class RejectedInTransaction extends Error {
  constructor(readonly errors: BusinessError[]) {
    super('rejected inside a transaction');
    this.name = 'RejectedInTransaction';
  }
}

/**
 * Runs work in one transaction and commits only an accepted outcome: a rejection found halfway
 * (after rows were locked or changed) rolls everything back, so a refused request leaves nothing.
 */
export async function inTransaction<T>(context: BatchContext, work: (sql: SqlExecutor) => Promise<Outcome<T>>): Promise<Outcome<T>> {
  const { store } = context.database;
  try {
    const value = await store.transaction(async (tx) => {
      const outcome = await work(store.sql(tx));
      if (!outcome.ok) throw new RejectedInTransaction(outcome.errors);
      return outcome.value;
    });
    return { ok: true, value };
  } catch (error) {
    if (error instanceof RejectedInTransaction) return { ok: false, errors: error.errors };
    throw error;
  }
}
