import { retryOnDeadlock, type SqlExecutor } from '@ledgerline/db';
import type { Logger } from '@ledgerline/telemetry';
import type { BatchDatabase } from '../db/client.js';
import type { Outcome } from '../domain/errors.js';

/** What the batch service's use cases work with. */
export interface BatchContext {
  database: BatchDatabase;
  logger: Logger;
}

/**
 * Thrown inside a transaction to roll it back and answer with the outcome it carries: a
 * rejection found halfway, or a repeat discovered after this attempt had already changed rows.
 */
export class RollbackWith<T> extends Error {
  constructor(readonly outcome: Outcome<T>) {
    super('rolled back on purpose');
    this.name = 'RollbackWith';
  }
}

/**
 * Runs work in one transaction and commits only an accepted outcome: a rejection found halfway
 * (after rows were locked or changed) rolls everything back, so a refused request leaves nothing.
 * Generations of different cutoff days run side by side; when overlapping selections deadlock,
 * Postgres aborts one and it is run again.
 */
export async function inTransaction<T>(context: BatchContext, work: (sql: SqlExecutor) => Promise<Outcome<T>>): Promise<Outcome<T>> {
  const { store } = context.database;
  try {
    const value = await retryOnDeadlock(
      () =>
        store.transaction(async (tx) => {
          const outcome = await work(store.sql(tx));
          if (!outcome.ok) throw new RollbackWith(outcome);
          return outcome.value;
        }),
      (attempt, error) => context.logger.warn({ attempt, err: error }, 'transaction aborted by a deadlock; running it again'),
    );
    return { ok: true, value };
  } catch (error) {
    if (error instanceof RollbackWith) return error.outcome as Outcome<T>;
    throw error;
  }
}
