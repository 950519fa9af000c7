import type { Decimal } from 'decimal.js';

/** Kind of customer document. */
export type DocumentType = 'SALES_ORDER' | 'FREE_TEXT' | 'DEBIT_MEMO' | 'CREDIT_MEMO';

/** One share of a line's net amount: either a percent of it or an amount in document currency. */
export type DistributionShare =
  | { readonly account: string; readonly percent: Decimal; readonly amount?: undefined }
  | { readonly account: string; readonly amount: Decimal; readonly percent?: undefined };

export interface DocumentLine {
  /** 1-based line number on the document. */
  readonly lineNumber: number;
  readonly description: string;
  /** Revenue account of the line (the product's, or the free-text line's). */
  readonly account: string;
  /** Net amount, document currency, positive as on the document (credit memos too). */
  readonly netAmount: Decimal;
  /** Distribution over accounts; empty = all of the net amount to `account`. */
  readonly distribution: readonly DistributionShare[];
  /** Revenue recognised over fiscal periods instead of at posting; absent = at posting. */
  readonly incomeSchedule?: IncomeScheduleTerms | undefined;
}

/** A line's income schedule as entered on the document. */
export interface IncomeScheduleTerms {
  /** "YYYY-MM-DD". */
  readonly startDate: string;
  readonly periods: number;
}

export interface DocumentTaxLine {
  readonly taxCode: string;
  /** Tax of the code, document currency, positive as on the document. */
  readonly taxAmount: Decimal;
}

/**
 * A customer document as posting sees it: amounts as on the document (a credit memo carries
 * positive amounts; its type gives the direction).
 */
export interface PostingDocument {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly documentType: DocumentType;
  readonly draftNumber: string;
  /** "YYYY-MM-DD"; also the accounting date. */
  readonly invoiceDate: string;
  /** ISO 4217. */
  readonly currency: string;
  readonly netAmount: Decimal;
  readonly taxAmount: Decimal;
  readonly totalAmount: Decimal;
  readonly lines: readonly DocumentLine[];
  readonly taxLines: readonly DocumentTaxLine[];
  /** Credit memos post as corrections (storno) on the invoice's sides instead of reversed sides. */
  readonly creditCorrection: boolean;
  /** The customer's posting group; empty = none. */
  readonly customerPostingGroup: string;
}

/** Why a document cannot be posted; codes as in common.v1.BusinessError. */
export interface PostingError {
  readonly code: string;
  readonly message: string;
  /** REST-style path of the offending field ("lines[2].distribution[0].amount"), or empty. */
  readonly fieldPath: string;
}

export function postingError(code: string, message: string, fieldPath = ''): PostingError {
  return { code, message, fieldPath };
}

/** The company's rules that decide the accounts and lines of a voucher. */
export interface PostingRules {
  /** A/R account of customers whose posting group has no profile. */
  readonly receivableAccount: string;
  /** Posting group -> A/R account (the company's posting profiles). */
  readonly receivableAccountByPostingGroup: ReadonlyMap<string, string>;
  /** Zero-price lines post 0.00 to revenue; otherwise they are left out of the voucher. */
  readonly postZeroPriceLinesToRevenue: boolean;
  /** Tax code -> tax payable account. */
  readonly taxPayableAccountByCode: ReadonlyMap<string, string>;
  /** Where lines with an income schedule are credited until the ledger recognises them; empty = none. */
  readonly deferredRevenueAccount: string;
}
