import type { Decimal } from 'decimal.js';
import type { Voucher } from './voucher.js';

/**
 * The account a post-and-pay payment is debited to: the standard template's bank account, the
 * one the customer service debits for a payment recorded on its own.
 */
export const BANK_ACCOUNT = '1000';

export interface PaymentVoucherInput {
  readonly paymentId: string;
  /** Positive, document currency. */
  readonly amount: Decimal;
  readonly reference: string;
  readonly customerId: string;
  /** The A/R account the document was debited to, so the payment settles it there. */
  readonly receivableAccount: string;
}

/** The payment's text on its entry and lines, e.g. "Payment PAY-1 C-1001 receipt 7". */
export function paymentDescription(input: Pick<PaymentVoucherInput, 'paymentId' | 'customerId' | 'reference'>): string {
  const base = `Payment ${input.paymentId} ${input.customerId}`;
  return input.reference === '' ? base : `${base} ${input.reference}`;
}

/**
 * The cash-receipts voucher of a post-and-pay payment: the bank debited and the customer's A/R
 * credited with the same amount. Both lines convert at the same rate, so the entry balances in
 * every currency without a rounding line.
 */
export function paymentVoucher(input: PaymentVoucherInput): Voucher {
  const description = paymentDescription(input);
  return {
    lines: [
      { role: 'BANK', account: BANK_ACCOUNT, amount: input.amount, description, customerId: '', correction: false },
      { role: 'RECEIVABLE', account: input.receivableAccount, amount: input.amount.negated(), description, customerId: input.customerId, correction: false },
    ],
  };
}
