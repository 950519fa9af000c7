import type { Decimal } from 'decimal.js';
import type { CompanyInfo } from '../domain/company.js';
import type { BusinessError } from '../domain/errors.js';
import type { PaymentJournal } from '../domain/payment-journal.js';

/**
 * What the customer service asks of the ledger. Implemented over gRPC (src/grpc/ledger-client.ts);
 * a transport failure is thrown, a business refusal is returned.
 */
export interface LedgerPort {
  /** The company, or undefined when the ledger does not know it. */
  getCompany(companyId: string): Promise<CompanyInfo | undefined>;
  /** The rate valid on the date (1 `from` = rate `to`), or undefined when none is. */
  getExchangeRate(companyId: string, from: string, to: string, date: string): Promise<Decimal | undefined>;
  /** Posts entries idempotently by source id; one outcome per journal, in order. */
  postJournals(companyId: string, journals: readonly PaymentJournal[]): Promise<JournalOutcome[]>;
}

export type JournalOutcome = { sourceId: string; ok: true; entryId: string } | { sourceId: string; ok: false; errors: BusinessError[] };
