import type { SqlExecutor } from '@ledgerline/db';
import type { Decimal } from 'decimal.js';
import type { ApplicationResult } from '../domain/application.js';
import { setRemaining } from '../db/open-items.js';
import { insertApplications, setUnapplied, type ApplicationRow } from '../db/payments.js';

export interface CustomerApplication {
  companyId: string;
  customerId: string;
  result: ApplicationResult;
  /** Made by the request recording the payment (its first answer). */
  atRecording: boolean;
}

/**
 * Writes what applying credits changed, for any number of customers, in three set-based
 * statements: the applications, the open items' remaining amounts (a credit memo's stays
 * negative), and the payments' unapplied rests.
 */
export async function saveApplications(sql: SqlExecutor, entries: readonly CustomerApplication[]): Promise<void> {
  const applications: ApplicationRow[] = [];
  const remaining = new Map<string, { companyId: string; documentId: string; remaining: Decimal }>();
  const unapplied = new Map<string, { companyId: string; paymentId: string; unapplied: Decimal }>();
  for (const { companyId, customerId, result, atRecording } of entries) {
    for (const application of result.applications) applications.push({ ...application, companyId, customerId, atRecording });
    for (const debit of result.debits) {
      remaining.set(`${companyId}\u0000${debit.documentId}`, { companyId, documentId: debit.documentId, remaining: debit.remaining });
    }
    for (const credit of result.credits) {
      if (credit.type === 'PAYMENT') {
        unapplied.set(`${companyId}\u0000${credit.id}`, { companyId, paymentId: credit.id, unapplied: credit.available });
      } else {
        remaining.set(`${companyId}\u0000${credit.id}`, { companyId, documentId: credit.id, remaining: credit.available.negated() });
      }
    }
  }
  await insertApplications(sql, applications);
  await setRemaining(sql, [...remaining.values()]);
  await setUnapplied(sql, [...unapplied.values()]);
}
