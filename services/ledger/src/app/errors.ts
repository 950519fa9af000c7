import { isUniqueViolation, sqlErrorCodes } from '@ledgerline/db';

/** Postgres chose this transaction as a deadlock victim or a serialization failure; a retry will do. */
export function isRetryableConflict(error: unknown): boolean {
  const codes = sqlErrorCodes(error);
  return codes.includes('40P01') || codes.includes('40001') || codes.includes('P2034') || isUniqueViolation(error);
}
