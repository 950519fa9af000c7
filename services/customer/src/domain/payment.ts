import { parseAmount, sum } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { isIsoDate } from '@ledgerline/calendar';
import { ID_LENGTH_MAX } from './customer.js';
import { validationError, type BusinessError } from './errors.js';

/** Longest free reference kept on a payment (a bank statement line fits). */
export const PAYMENT_REFERENCE_LENGTH_MAX = 500;
/** Most explicit applications one payment may name; bounds the request's work. */
export const PAYMENT_APPLICATIONS_MAX = 1_000;

export interface PaymentDraft {
  paymentId: string;
  amount: string;
  /** Empty: the customer's currency. */
  currency: string;
  paidDate: string;
  reference: string;
  applications: readonly { documentId: string; amount: string }[];
}

export interface RequestedApplication {
  documentId: string;
  amount: Decimal;
}

export interface ValidPayment {
  paymentId: string;
  amount: Decimal;
  currency: string;
  paidDate: string;
  reference: string;
  applications: RequestedApplication[];
}

/**
 * Checks a payment against its customer: a positive amount in the customer's currency, a real
 * paid date, and explicit applications that name distinct open documents of the customer, each
 * for no more than it still owes, together for no more than the payment.
 * `openRemaining` holds what each of the customer's open documents still owes (> 0).
 */
export function validatePayment(
  draft: PaymentDraft,
  customerCurrency: string,
  openRemaining: ReadonlyMap<string, Decimal>,
): { ok: true; value: ValidPayment } | { ok: false; errors: BusinessError[] } {
  const errors: BusinessError[] = [];
  if (draft.paymentId.length > ID_LENGTH_MAX) {
    errors.push(validationError('paymentId', `payment id is longer than ${ID_LENGTH_MAX} characters`));
  }
  const currency = draft.currency === '' ? customerCurrency : draft.currency;
  if (currency !== customerCurrency) {
    errors.push(validationError('currency', `payments are taken in the customer's currency ${customerCurrency}, not ${currency}`));
  }
  const parsed = parseAmount(draft.amount, { currency: customerCurrency });
  const amount = parsed.ok && !parsed.value.isZero() ? parsed.value : undefined;
  if (amount === undefined) {
    errors.push(validationError('amount', `amount "${draft.amount}" is not a positive ${customerCurrency} amount`));
  }
  if (!isIsoDate(draft.paidDate)) errors.push(validationError('paidDate', `paid date "${draft.paidDate}" is not a YYYY-MM-DD date`));
  if (draft.reference.length > PAYMENT_REFERENCE_LENGTH_MAX) {
    errors.push(validationError('reference', `reference is longer than ${PAYMENT_REFERENCE_LENGTH_MAX} characters`));
  }
  if (draft.applications.length > PAYMENT_APPLICATIONS_MAX) {
    errors.push(validationError('applications', `at most ${PAYMENT_APPLICATIONS_MAX} applications`));
    return { ok: false, errors };
  }
  const applications: RequestedApplication[] = [];
  const seen = new Set<string>();
  draft.applications.forEach((application, index) => {
    const path = `applications[${index}]`;
    const remaining = openRemaining.get(application.documentId);
    if (seen.has(application.documentId)) {
      errors.push(validationError(`${path}.documentId`, `document ${application.documentId} is named twice`));
    } else if (remaining === undefined) {
      errors.push(validationError(`${path}.documentId`, `document "${application.documentId}" is no open item of the customer`));
    }
    seen.add(application.documentId);
    const applied = parseAmount(application.amount, { currency: customerCurrency });
    if (!applied.ok || applied.value.isZero()) {
      errors.push(validationError(`${path}.amount`, `amount "${application.amount}" is not a positive ${customerCurrency} amount`));
      return;
    }
    if (remaining !== undefined && applied.value.greaterThan(remaining)) {
      errors.push(validationError(`${path}.amount`, `document ${application.documentId} owes only ${remaining.toFixed()}`));
    }
    applications.push({ documentId: application.documentId, amount: applied.value });
  });
  if (amount !== undefined && applications.length === draft.applications.length) {
    const total = sum(applications.map((application) => application.amount));
    if (total.greaterThan(amount)) {
      errors.push(validationError('applications', `applications total ${total.toFixed()}, more than the payment's ${amount.toFixed()}`));
    }
  }
  if (errors.length > 0 || amount === undefined) return { ok: false, errors };
  return { ok: true, value: { paymentId: draft.paymentId, amount, currency, paidDate: draft.paidDate, reference: draft.reference, applications } };
}

/** A payment as first recorded, with the applications its request named. */
export interface RecordedPaymentRequest {
  customerId: string;
  amount: Decimal;
  currency: string;
  paidDate: string;
  reference: string;
  applications: readonly RequestedApplication[];
}

/**
 * Whether a repeated RecordPayment carries the same content as the request recorded first. It
 * is compared as sent, not re-validated: the documents it named may have been settled since.
 */
export function repeatsRecordedPayment(draft: PaymentDraft, customerId: string, recorded: RecordedPaymentRequest): boolean {
  const sameAmount = (text: string, value: Decimal) => {
    const parsed = parseAmount(text, { allowNegative: true });
    return parsed.ok && parsed.value.equals(value);
  };
  return (
    customerId === recorded.customerId &&
    (draft.currency === '' ? recorded.currency : draft.currency) === recorded.currency &&
    sameAmount(draft.amount, recorded.amount) &&
    draft.paidDate === recorded.paidDate &&
    draft.reference === recorded.reference &&
    draft.applications.length === recorded.applications.length &&
    draft.applications.every((application, index) => {
      const other = recorded.applications[index];
      return other !== undefined && other.documentId === application.documentId && sameAmount(application.amount, other.amount);
    })
  );
}
