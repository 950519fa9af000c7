import type { RoundingMode } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { EntryLine, HomeRate } from '../domain/posted-amounts.js';
import type { PostingError, PostingRules } from '../domain/posting-document.js';
import type { CreditTermsRule } from '../domain/settlement-discount.js';
import type { VoucherLine } from '../domain/voucher.js';

/** A company as posting needs it, read from the ledger. */
export interface CompanySetup {
  readonly companyId: string;
  readonly homeCurrency: string;
  readonly reportingCurrency: string;
  /** First day of the first fiscal year, "YYYY-MM-DD". */
  readonly fiscalYearStart: string;
  /** The company's posting rules, its posting profiles included. */
  readonly rules: PostingRules;
  /** How the settlement discount is rounded, in document and home currency. */
  readonly roundingMode: RoundingMode;
  /** Credit terms used for customers without their own; empty = none. */
  readonly defaultCreditTermsId: string;
  readonly creditTerms: ReadonlyMap<string, CreditTermsRule>;
  /** Fiscal periods, oldest first; a closed one takes no postings. */
  readonly periods: readonly { period: string; startDate: string; endDate: string; closed: boolean }[];
}

export type DocumentNumberSequence = 'INVOICE' | 'DEBIT_MEMO' | 'CREDIT_MEMO';

/**
 * One journal entry to post: a document's A/R distribution journal, or the cash-receipts journal
 * of the payment that came with it (post and pay).
 */
export interface JournalToPost {
  readonly kind: 'DOCUMENT' | 'PAYMENT';
  /** The invoice id or the payment id: the ledger posts each source once. */
  readonly sourceId: string;
  /** Accounting date, "YYYY-MM-DD". */
  readonly date: string;
  readonly currency: string;
  readonly description: string;
  /** The legal number sequence of a document; a payment takes none. */
  readonly documentNumberSequence: DocumentNumberSequence | undefined;
  readonly lines: readonly VoucherLine[];
  /** Posts only together with the next journal of the call (the ledger's linked chain). */
  readonly linked: boolean;
}

/** The entry the ledger posted (or had posted before, when replayed). */
export interface PostedEntry {
  readonly entryId: string;
  /** Gapless per company and journal; uint64 as a decimal string. */
  readonly transactionNumber: string;
  /** Legal document number taken in the posting transaction. */
  readonly documentNumber: string;
  /** "YYYY-MM". */
  readonly period: string;
  readonly postedAt: Date;
  readonly lines: readonly EntryLine[];
}

export type JournalOutcome =
  | { readonly kind: 'POSTED'; readonly entry: PostedEntry; readonly replayed: boolean }
  | { readonly kind: 'REJECTED'; readonly errors: readonly PostingError[] };

/** What posting a journal would give now: its lines as the ledger would post them, or the rejection. */
export type JournalPreviewOutcome =
  | { readonly kind: 'BUILT'; readonly lines: readonly EntryLine[] }
  | { readonly kind: 'REJECTED'; readonly errors: readonly PostingError[] };

/**
 * What posting asks of the ledger. Implementations throw LedgerUnavailableError when the ledger
 * cannot answer for now, so the batch is retried instead of failing documents.
 */
export interface LedgerGateway {
  /** The company, or undefined when the ledger has none of that id. */
  getCompany(companyId: string): Promise<CompanySetup | undefined>;
  /** Posts at most PostJournals' limit of journals; outcomes in request order. */
  postJournals(companyId: string, journals: readonly JournalToPost[]): Promise<JournalOutcome[]>;
  /**
   * What postJournals would answer for the journals now, writing nothing (a source already
   * posted answers its entry's lines); outcomes in request order, same limit.
   */
  previewJournals(companyId: string, journals: readonly JournalToPost[]): Promise<JournalPreviewOutcome[]>;
  /** The rate from `currency` to the home currency valid on `date`, or undefined when none is. */
  getHomeRate(companyId: string, currency: string, homeCurrency: string, date: string): Promise<HomeRate | undefined>;
}

/**
 * The ledger could not answer (unavailable, deadline exceeded): nothing is known about the
 * batch's documents, so the batch is retried, never turned into business failures. Its `code`
 * is a connection error's, which the consumer's default transient-failure test recognises, so
 * the consumer keeps retrying and restarts rather than dead-lettering the events.
 */
export class LedgerUnavailableError extends Error {
  readonly code: 'ECONNREFUSED' | 'ETIMEDOUT';

  constructor(message: string, kind: 'UNAVAILABLE' | 'DEADLINE_EXCEEDED', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LedgerUnavailableError';
    this.code = kind === 'UNAVAILABLE' ? 'ECONNREFUSED' : 'ETIMEDOUT';
  }
}
