import { sum } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';

/** What a customer's batch report is computed from, all in the customer's currency. */
export interface CustomerReportInputs {
  /** Documents of the customer's earlier batches (credit memos negative). */
  earlierDocuments: readonly Decimal[];
  /** Payments paid up to the previous batch's close date (none when there is no previous batch). */
  paymentsUpToPreviousClose: readonly Decimal[];
  /** Payments paid after the previous close date up to this batch's close date. */
  paymentsInPeriod: readonly Decimal[];
  /** The documents of this batch (credit memos negative). */
  newDocuments: readonly Decimal[];
}

export interface CustomerReportFigures {
  formerBalance: Decimal;
  paymentsReceived: Decimal;
  newDocumentsAmount: Decimal;
  newBalance: Decimal;
}

/**
 * The batch report's figures for one customer [001]: what they owed at the previous close, what
 * they paid since, what was billed since, and what they owe now. Every figure is derived from
 * the current dates, so a reprint after a date correction shows the corrected period.
 */
export function customerReportFigures(inputs: CustomerReportInputs): CustomerReportFigures {
  const formerBalance = sum(inputs.earlierDocuments).minus(sum(inputs.paymentsUpToPreviousClose));
  const paymentsReceived = sum(inputs.paymentsInPeriod);
  const newDocumentsAmount = sum(inputs.newDocuments);
  return { formerBalance, paymentsReceived, newDocumentsAmount, newBalance: formerBalance.minus(paymentsReceived).plus(newDocumentsAmount) };
}
