import { periodContaining } from '@ledgerline/calendar';
import { MoneyDecimal } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { postingError, type DocumentType, type PostingError } from './posting-document.js';
import type { PostingRules } from './posting-document.js';
import type { VoucherLine } from './voucher.js';

/** What a run learned of one selected document before anything is posted. */
export interface AssessedDocument {
  invoiceId: string;
  customerId: string;
  draftNumber: string;
  documentType: DocumentType | undefined;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  netAmount: Decimal;
  taxAmount: Decimal;
  totalAmount: Decimal;
  customerItemsToCreate: number;
  /** Empty = postable. */
  blockers: PostingError[];
  /** The voucher's lines in home currency (signed, debit positive); empty when blocked. */
  homeLines: { account: string; amount: Decimal }[];
}

export interface CustomerTotal {
  customerId: string;
  currency: string;
  documentCount: number;
  netAmount: Decimal;
  taxAmount: Decimal;
  totalAmount: Decimal;
}

export interface AccountTotal {
  account: string;
  /** The company's home currency, which the totals are in. */
  homeCurrency: string;
  homeDebit: Decimal;
  homeCredit: Decimal;
}

/**
 * Amounts of documents summarized where they live instead of sent one by one (home currency, no
 * distribution, no zero line, known tax codes, consistent totals: their vouchers are plain sums),
 * summed per kind: line net amounts per revenue account, non-zero tax amounts per tax code,
 * document totals. Amounts of one sign, credit memos apart.
 */
export interface SummarizedAmount {
  readonly kind: 'LINE_NET' | 'TAX' | 'TOTAL';
  readonly creditMemo: boolean;
  /** Revenue account (LINE_NET), tax code (TAX), empty (TOTAL). */
  readonly key: string;
  readonly amount: Decimal;
  /** How many amounts the sum holds: the voucher lines they make. */
  readonly count: number;
}

/** Voucher lines of many documents summed per account in home currency, and how many there are. */
export interface AccountLines {
  readonly account: string;
  readonly homeDebit: Decimal;
  readonly homeCredit: Decimal;
  readonly lineCount: number;
}

/**
 * The voucher lines summarized documents make, summed per account, exactly as their vouchers
 * would add up (buildVoucher): A/R debited with each total, revenue credited per line account,
 * tax payable per tax code's account; a credit memo's the other way round. The documents are in
 * home currency, so no conversion applies. A tax code the company does not have is a broken
 * promise of the summary and throws.
 */
export function summarizedAccountLines(amounts: readonly SummarizedAmount[], rules: Pick<PostingRules, 'receivableAccount' | 'taxPayableAccountByCode'>): Map<string, AccountLines> {
  const accounts = new Map<string, AccountLines>();
  for (const summed of amounts) {
    const direction = summed.creditMemo ? -1 : 1;
    const side = summed.kind === 'TOTAL' ? 1 : -1;
    const account = accountOf(summed, rules);
    addVoucherLine(accounts, account, summed.amount.times(direction * side), summed.count);
  }
  return accounts;
}

function accountOf(summed: SummarizedAmount, rules: Pick<PostingRules, 'receivableAccount' | 'taxPayableAccountByCode'>): string {
  if (summed.kind === 'TOTAL') return rules.receivableAccount;
  if (summed.kind === 'LINE_NET') return summed.key;
  const account = rules.taxPayableAccountByCode.get(summed.key);
  if (account === undefined || account === '') throw new Error(`summarized tax code ${summed.key} is not one of the company's`);
  return account;
}

/**
 * Moves a summarized document's A/R line (signed, debit positive) from the account the summary
 * booked every total to, the company's, to the account its customer's posting group posts to.
 */
export function movedReceivableLine(accounts: Map<string, AccountLines>, from: string, to: string, amount: Decimal): void {
  if (from === to) return;
  addVoucherLine(accounts, from, amount, -1);
  addVoucherLine(accounts, to, amount, 1);
}

/** Takes a document's voucher lines (home currency) out of summed account lines: the document is blocked after all. */
export function withoutVoucherLines(accounts: Map<string, AccountLines>, lines: readonly { account: string; amount: Decimal }[]): void {
  for (const line of lines) addVoucherLine(accounts, line.account, line.amount, -1);
}

/**
 * Adds `lineCount` voucher lines summing to `amount` (debit positive) to an account, or with a
 * negative count takes such lines out again; the sign of the amount says which side they are on.
 */
function addVoucherLine(accounts: Map<string, AccountLines>, account: string, amount: Decimal, lineCount: number): void {
  const current = accounts.get(account) ?? { account, homeDebit: new MoneyDecimal(0), homeCredit: new MoneyDecimal(0), lineCount: 0 };
  const sign = lineCount < 0 ? -1 : 1;
  const next = amount.isNegative()
    ? { ...current, homeCredit: current.homeCredit.plus(amount.neg().times(sign)), lineCount: current.lineCount + lineCount }
    : { ...current, homeDebit: current.homeDebit.plus(amount.times(sign)), lineCount: current.lineCount + lineCount };
  if (next.lineCount < 0 || next.homeDebit.isNegative() || next.homeCredit.isNegative()) {
    throw new Error(`account ${account}: voucher lines taken out that were never added`);
  }
  accounts.set(account, next);
}

export interface RunReport {
  documentCount: number;
  postableCount: number;
  blockedCount: number;
  customerItemsToCreate: number;
  /** Ordered by customer id, then currency. */
  customerTotals: CustomerTotal[];
  /** Ordered by account. */
  accountTotals: AccountTotal[];
}

/**
 * The posting report [002][000]: counts, totals per customer and currency (credit memos
 * negative) and per account in home currency over the postable documents, and the customer
 * items committing will create. Blocked documents are counted but add to no total. The voucher
 * lines of summarized documents come summed already (`summarizedAccounts`, blocked ones taken out).
 */
export function runReport(
  documents: readonly AssessedDocument[],
  homeCurrency: string,
  summarizedAccounts: ReadonlyMap<string, AccountLines> = new Map(),
): RunReport {
  const customers = new Map<string, CustomerTotal>();
  const accounts = new Map<string, AccountLines>(summarizedAccounts);
  let postableCount = 0;
  let customerItemsToCreate = 0;
  for (const document of documents) {
    if (document.blockers.length > 0) continue;
    postableCount += 1;
    customerItemsToCreate += document.customerItemsToCreate;
    const key = `${document.customerId}\u0000${document.currency}`;
    const current = customers.get(key) ?? {
      customerId: document.customerId,
      currency: document.currency,
      documentCount: 0,
      netAmount: new MoneyDecimal(0),
      taxAmount: new MoneyDecimal(0),
      totalAmount: new MoneyDecimal(0),
    };
    // Credit memos count negative. One addition per amount: a report adds up 100,000 documents.
    const add = document.documentType === 'CREDIT_MEMO' ? (sum: Decimal, amount: Decimal) => sum.minus(amount) : (sum: Decimal, amount: Decimal) => sum.plus(amount);
    customers.set(key, {
      customerId: current.customerId,
      currency: current.currency,
      documentCount: current.documentCount + 1,
      netAmount: add(current.netAmount, document.netAmount),
      taxAmount: add(current.taxAmount, document.taxAmount),
      totalAmount: add(current.totalAmount, document.totalAmount),
    });
    for (const line of document.homeLines) addVoucherLine(accounts, line.account, line.amount, 1);
  }
  const accountTotals = [...accounts.values()]
    .filter((account) => account.lineCount > 0)
    .map((account): AccountTotal => ({ account: account.account, homeCurrency, homeDebit: account.homeDebit, homeCredit: account.homeCredit }));
  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
  return {
    documentCount: documents.length,
    postableCount,
    blockedCount: documents.length - postableCount,
    customerItemsToCreate,
    customerTotals: byKey(customers),
    accountTotals: accountTotals.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0)),
  };
}

/** A document dated in no open period cannot post: the ledger would refuse it. */
export function periodBlocker(
  invoiceDate: string,
  periods: readonly { period: string; startDate: string; endDate: string; closed: boolean }[],
): PostingError | undefined {
  const period = periodContaining(periods, invoiceDate);
  if (period === undefined) return postingError('PERIOD_CLOSED', `no fiscal period covers ${invoiceDate}; the company must open one first`, 'invoiceDate');
  if (period.closed) return postingError('PERIOD_CLOSED', `period ${period.period} is closed; reopen it or change the invoice date`, 'invoiceDate');
  return undefined;
}

/**
 * The lines of a home-currency document's voucher as account amounts: the ledger posts them as
 * they are. A foreign-currency document's home lines come from the ledger's preview instead,
 * which converts and rounds them as its posting will.
 */
export function homeLinesOf(lines: readonly VoucherLine[]): { account: string; amount: Decimal }[] {
  return lines.map((line) => ({ account: line.account, amount: line.amount }));
}
