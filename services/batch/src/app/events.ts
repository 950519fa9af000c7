import type { SqlExecutor } from '@ledgerline/db';
import { insertDocuments, insertPayments, upsertProfiles } from '../db/ar-transactions.js';
import { newestProfiles, type ArDocument, type ArPayment, type CustomerProfile } from '../domain/ar-transactions.js';

/** What one batch of consumed events brings. */
export interface ArTransactionFacts {
  documents: ArDocument[];
  payments: ArPayment[];
  profiles: CustomerProfile[];
}

/**
 * Stores what a batch of events reports, in the consumer's transaction. Each insert ignores a
 * row it already holds, so a redelivered event changes nothing even past the inbox (and a
 * corrected date is never overwritten by a replay); customer states apply only when newer.
 */
export async function recordArTransactions(sql: SqlExecutor, facts: ArTransactionFacts): Promise<void> {
  await upsertProfiles(sql, newestProfiles(facts.profiles));
  await insertDocuments(sql, uniqueBy(facts.documents, (document) => `${document.companyId}\u0000${document.documentId}`));
  await insertPayments(sql, uniqueBy(facts.payments, (payment) => `${payment.companyId}\u0000${payment.paymentId}`));
}

/** One statement may not touch a row twice, so a batch of events holding duplicates keeps the first. */
function uniqueBy<T>(rows: readonly T[], keyOf: (row: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const row of rows) if (!seen.has(keyOf(row))) seen.set(keyOf(row), row);
  return [...seen.values()];
}
