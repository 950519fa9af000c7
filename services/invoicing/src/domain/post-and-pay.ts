import { isIsoDate } from '@ledgerline/calendar';
import { parseAmount } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { DESCRIPTION_LENGTH_MAX, PAYMENT_ID_LENGTH_MAX } from './limits.js';
import type { DocumentType, FieldError } from './types.js';

/** A payment taken together with posting, as the caller sent it. */
export interface PaymentInput {
  paymentId: string;
  amount: string;
  paidDate: string;
  reference: string;
}

/**
 * Why a post-and-pay payment cannot come with this posting request [000]. The payment is in the
 * document's currency and positive. It may settle part of the document (a deposit; the rest
 * stays open) but never more than the total, because an overpayment would be a customer credit
 * that nobody asked for. A credit memo takes no payment, and a posting run takes none: its
 * documents are posted without anyone at the till.
 */
export function paymentProblems(
  payment: PaymentInput,
  document: { type: DocumentType; currency: string; totalAmount: Decimal },
  postingRunId: string,
): FieldError[] {
  if (postingRunId !== '') {
    return [invalid('payment', 'a posting run takes no payments; post the document individually with its payment')];
  }
  if (document.type === 'CREDIT_MEMO') return [invalid('payment', 'a credit memo takes no payment; post it without one')];
  const problems: FieldError[] = [];
  if (payment.paymentId.trim() === '' || payment.paymentId.length > PAYMENT_ID_LENGTH_MAX) {
    problems.push(invalid('payment.id', `a payment id is 1-${PAYMENT_ID_LENGTH_MAX} characters`));
  }
  const amount = parseAmount(payment.amount, { currency: document.currency });
  if (!amount.ok) {
    problems.push(invalid('payment.amount', `the amount is not an amount in ${document.currency} ("${payment.amount}")`));
  } else if (!amount.value.greaterThan(0)) {
    problems.push(invalid('payment.amount', 'the amount must be more than zero'));
  } else if (amount.value.greaterThan(document.totalAmount)) {
    problems.push(invalid('payment.amount', `the payment ${payment.amount} is more than the document total ${document.totalAmount.toFixed()}`));
  }
  if (!isIsoDate(payment.paidDate)) problems.push(invalid('payment.paidDate', 'paidDate is a date that exists, YYYY-MM-DD'));
  if (payment.reference.length > DESCRIPTION_LENGTH_MAX) {
    problems.push(invalid('payment.reference', `reference has at most ${DESCRIPTION_LENGTH_MAX} characters`));
  }
  return problems;
}

function invalid(fieldPath: string, message: string): FieldError {
  return { code: 'VALIDATION_FAILED', message, fieldPath };
}
