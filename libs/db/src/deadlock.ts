import { sqlErrorCodes } from './sql-errors.js';

/** Attempts of a transaction that Postgres aborted to break a deadlock. */
export const DEADLOCK_ATTEMPTS_MAX = 3;

/** Postgres's deadlock_detected (40P01), however the driver or Prisma's adapter wraps it. */
export function isDeadlock(error: unknown): boolean {
  return sqlErrorCodes(error).includes('40P01') || (error instanceof Error && error.message.includes('deadlock detected'));
}

/**
 * Runs a transaction again when Postgres aborted it to break a deadlock, up to
 * DEADLOCK_ATTEMPTS_MAX attempts in all; any other error, or the last deadlock, is thrown.
 * `onRetry` hears of each retry (to log it).
 */
export async function retryOnDeadlock<T>(transaction: () => Promise<T>, onRetry: (attempt: number, error: unknown) => void): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= DEADLOCK_ATTEMPTS_MAX || !isDeadlock(error)) throw error;
      onRetry(attempt, error);
    }
  }
}
