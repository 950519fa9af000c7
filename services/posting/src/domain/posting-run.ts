import { convert, isCurrencyCode, MoneyDecimal } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { postingError, type DocumentType, type PostingError } from './posting-document.js';
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
 * items committing will create. Blocked documents are counted but add to no total.
 */
export function runReport(documents: readonly AssessedDocument[], homeCurrency: string): RunReport {
  const customers = new Map<string, CustomerTotal>();
  const accounts = new Map<string, AccountTotal>();
  let postableCount = 0;
  let customerItemsToCreate = 0;
  for (const document of documents) {
    if (document.blockers.length > 0) continue;
    postableCount += 1;
    customerItemsToCreate += document.customerItemsToCreate;
    const sign = document.documentType === 'CREDIT_MEMO' ? -1 : 1;
    const key = `${document.customerId}\u0000${document.currency}`;
    const total = customers.get(key) ?? {
      customerId: document.customerId,
      currency: document.currency,
      documentCount: 0,
      netAmount: new MoneyDecimal(0),
      taxAmount: new MoneyDecimal(0),
      totalAmount: new MoneyDecimal(0),
    };
    customers.set(key, {
      ...total,
      documentCount: total.documentCount + 1,
      netAmount: total.netAmount.plus(document.netAmount.times(sign)),
      taxAmount: total.taxAmount.plus(document.taxAmount.times(sign)),
      totalAmount: total.totalAmount.plus(document.totalAmount.times(sign)),
    });
    for (const line of document.homeLines) {
      const account = accounts.get(line.account) ?? { account: line.account, homeCurrency, homeDebit: new MoneyDecimal(0), homeCredit: new MoneyDecimal(0) };
      accounts.set(
        line.account,
        line.amount.isNegative()
          ? { ...account, homeCredit: account.homeCredit.plus(line.amount.negated()) }
          : { ...account, homeDebit: account.homeDebit.plus(line.amount) },
      );
    }
  }
  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
  return {
    documentCount: documents.length,
    postableCount,
    blockedCount: documents.length - postableCount,
    customerItemsToCreate,
    customerTotals: byKey(customers),
    accountTotals: byKey(accounts),
  };
}

/** A document dated in no open period cannot post: the ledger would refuse it. */
export function periodBlocker(
  invoiceDate: string,
  periods: readonly { period: string; startDate: string; endDate: string; closed: boolean }[],
): PostingError | undefined {
  const period = periods.find((candidate) => candidate.startDate <= invoiceDate && invoiceDate <= candidate.endDate);
  if (period === undefined) return postingError('PERIOD_CLOSED', `no fiscal period covers ${invoiceDate}; the company must open one first`, 'invoiceDate');
  if (period.closed) return postingError('PERIOD_CLOSED', `period ${period.period} is closed; reopen it or change the invoice date`, 'invoiceDate');
  return undefined;
}

/**
 * The voucher's lines in home currency, each converted and rounded on its own: close to what the
 * ledger will post (which puts the rounding difference on the rounding account), and exact for
 * documents in home currency.
 */
export function homeLinesOf(lines: readonly VoucherLine[], rate: Decimal | undefined, homeCurrency: string): { account: string; amount: Decimal }[] {
  if (!isCurrencyCode(homeCurrency)) throw new Error(`home currency ${homeCurrency} is not an ISO 4217 code`);
  return lines.map((line) => ({ account: line.account, amount: rate === undefined ? line.amount : convert(line.amount, rate, homeCurrency) }));
}

