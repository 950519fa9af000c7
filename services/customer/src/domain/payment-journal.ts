import type { Decimal } from 'decimal.js';
import { BANK_ACCOUNT } from './company.js';

/**
 * A cash-receipts journal entry to post for a payment: bank debited, A/R credited for the
 * customer, in the payment's currency only. The ledger converts it to home and reporting currency
 * as it converts a document: at the rate valid on the paid date, dividing by a reverse rate where
 * only that is stored, in the company's rounding mode. So a payment and a document of the same
 * amount on the same date get the same home amount, which multiplying here by the reciprocal the
 * ledger answers for a reverse rate would not always give (a cent apart when rounding towards or
 * away from zero).
 */
export interface PaymentJournal {
  /** The payment id: the ledger posts each source once, so a retry returns the first entry. */
  sourceId: string;
  date: string;
  currency: string;
  description: string;
  lines: PaymentJournalLine[];
}

export interface PaymentJournalLine {
  account: string;
  /** Signed: debit positive, credit negative. */
  amount: Decimal;
  description: string;
  /** Set on the A/R line only. */
  customerId: string;
}

export interface PaymentJournalInput {
  paymentId: string;
  customerId: string;
  paidDate: string;
  currency: string;
  /** > 0, in `currency`. */
  amount: Decimal;
  reference: string;
  receivableAccount: string;
}

/**
 * Two lines of equal size and opposite sign. Every rounding mode rounds a negated amount to the
 * negated result, so the converted lines cancel too and the entry balances in every currency.
 */
export function paymentJournal(input: PaymentJournalInput): PaymentJournal {
  const base = `Payment ${input.paymentId} ${input.customerId}`;
  const description = input.reference === '' ? base : `${base} ${input.reference}`;
  return {
    sourceId: input.paymentId,
    date: input.paidDate,
    currency: input.currency,
    description,
    lines: [
      { account: BANK_ACCOUNT, amount: input.amount, description, customerId: '' },
      { account: input.receivableAccount, amount: input.amount.negated(), description, customerId: input.customerId },
    ],
  };
}
