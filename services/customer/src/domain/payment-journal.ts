import { convert, type RoundingMode } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { BANK_ACCOUNT } from './company.js';

/** A cash-receipts journal entry to post for a payment: bank debited, A/R credited for the customer. */
export interface PaymentJournal {
  /** The payment id: the ledger posts each source once, so a retry returns the first entry. */
  sourceId: string;
  date: string;
  currency: string;
  homeCurrency: string;
  reportingCurrency: string;
  homeRate: Decimal;
  reportingRate: Decimal;
  description: string;
  lines: PaymentJournalLine[];
}

export interface PaymentJournalLine {
  account: string;
  /** Signed: debit positive, credit negative. */
  amount: Decimal;
  homeAmount: Decimal;
  reportingAmount: Decimal;
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
  homeCurrency: string;
  reportingCurrency: string;
  /** 1 `currency` = homeRate home currency. */
  homeRate: Decimal;
  reportingRate: Decimal;
  receivableAccount: string;
  /** The company's: how the home and reporting amounts are rounded. */
  roundingMode: RoundingMode;
}

/**
 * Two lines of equal size and opposite sign in every currency (each converted amount is
 * rounded once and used on both lines), so the entry always balances.
 */
export function paymentJournal(input: PaymentJournalInput): PaymentJournal {
  const home = convert(input.amount, input.homeRate, input.homeCurrency, input.roundingMode);
  const reporting = convert(input.amount, input.reportingRate, input.reportingCurrency, input.roundingMode);
  const base = `Payment ${input.paymentId} ${input.customerId}`;
  const description = input.reference === '' ? base : `${base} ${input.reference}`;
  return {
    sourceId: input.paymentId,
    date: input.paidDate,
    currency: input.currency,
    homeCurrency: input.homeCurrency,
    reportingCurrency: input.reportingCurrency,
    homeRate: input.homeRate,
    reportingRate: input.reportingRate,
    description,
    lines: [
      { account: BANK_ACCOUNT, amount: input.amount, homeAmount: home, reportingAmount: reporting, description, customerId: '' },
      {
        account: input.receivableAccount,
        amount: input.amount.negated(),
        homeAmount: home.negated(),
        reportingAmount: reporting.negated(),
        description,
        customerId: input.customerId,
      },
    ],
  };
}
