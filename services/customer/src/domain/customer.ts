import { isCurrencyCode, parseAmount } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { validationError, type BusinessError } from './errors.js';

export type PaymentTerms = 'STANDARD' | 'CASH_SALES_ONLY';

/** Ids are client-chosen and at most this long (common/v1/types.proto). */
export const ID_LENGTH_MAX = 64;
/** Longest customer name kept; longer names are refused rather than cut. */
export const CUSTOMER_NAME_LENGTH_MAX = 200;
/** Posting group of a customer that names none. */
export const DEFAULT_POSTING_GROUP = 'DEFAULT';
/** Cutoff days are days of a month; 0 on the wire means "not batched". */
export const BATCH_CUTOFF_DAY_MIN = 1;
export const BATCH_CUTOFF_DAY_MAX = 31;

/** A CreateCustomer request as the transport hands it over, not yet validated. */
export interface CustomerDraft {
  companyId: string;
  customerId: string;
  name: string;
  currency: string;
  creditTermsId: string;
  /** undefined: the caller sent a value that is no payment terms at all. */
  paymentTerms: PaymentTerms | undefined;
  creditLimit: string;
  batchCutoffDay: number;
  postingGroup: string;
}

/** A customer's master data once validated: what creation stores and a repeat is compared with. */
export interface CustomerTerms {
  companyId: string;
  customerId: string;
  name: string;
  currency: string;
  creditTermsId: string | undefined;
  paymentTerms: PaymentTerms;
  creditLimit: Decimal | undefined;
  batchCutoffDay: number | undefined;
  postingGroup: string;
}

/**
 * Checks what can be checked without the company: every problem at once, so a clerk fixes
 * them in one go. Whether the credit terms exist in the company is checked by `checkCreditTerms`.
 */
export function validateCustomerDraft(draft: CustomerDraft): { ok: true; value: CustomerTerms } | { ok: false; errors: BusinessError[] } {
  const errors: BusinessError[] = [];
  if (draft.customerId.length > ID_LENGTH_MAX) {
    errors.push(validationError('customerId', `customer id is longer than ${ID_LENGTH_MAX} characters`));
  }
  const name = draft.name.trim();
  if (name === '') errors.push(validationError('name', 'name is required'));
  else if (name.length > CUSTOMER_NAME_LENGTH_MAX) {
    errors.push(validationError('name', `name is longer than ${CUSTOMER_NAME_LENGTH_MAX} characters`));
  }
  const currencyKnown = isCurrencyCode(draft.currency);
  if (!currencyKnown) errors.push(validationError('currency', `"${draft.currency}" is not an ISO 4217 currency code`));
  if (draft.paymentTerms === undefined) {
    errors.push(validationError('paymentTerms', 'payment terms must be STANDARD or CASH_SALES_ONLY'));
  }
  let creditLimit: Decimal | undefined;
  if (draft.creditLimit !== '') {
    const parsed = parseAmount(draft.creditLimit, currencyKnown ? { currency: draft.currency } : {});
    if (parsed.ok) creditLimit = parsed.value;
    else errors.push(validationError('creditLimit', `credit limit "${draft.creditLimit}" is not a decimal >= 0 (${parsed.reason})`));
  }
  const cutoff = draft.batchCutoffDay;
  if (cutoff !== 0 && !(Number.isInteger(cutoff) && cutoff >= BATCH_CUTOFF_DAY_MIN && cutoff <= BATCH_CUTOFF_DAY_MAX)) {
    errors.push(
      validationError('batchCutoffDay', `batch cutoff day must be ${BATCH_CUTOFF_DAY_MIN}-${BATCH_CUTOFF_DAY_MAX}, or 0 for none`),
    );
  }
  const postingGroup = draft.postingGroup === '' ? DEFAULT_POSTING_GROUP : draft.postingGroup;
  if (postingGroup.length > ID_LENGTH_MAX) {
    errors.push(validationError('postingGroup', `posting group is longer than ${ID_LENGTH_MAX} characters`));
  }
  if (errors.length > 0 || draft.paymentTerms === undefined) return { ok: false, errors };
  return {
    ok: true,
    value: {
      companyId: draft.companyId,
      customerId: draft.customerId,
      name,
      currency: draft.currency,
      creditTermsId: draft.creditTermsId === '' ? undefined : draft.creditTermsId,
      paymentTerms: draft.paymentTerms,
      creditLimit,
      batchCutoffDay: cutoff === 0 ? undefined : cutoff,
      postingGroup,
    },
  };
}

/** The customer's own credit terms must be terms the company offers. */
export function checkCreditTerms(terms: CustomerTerms, companyCreditTermsIds: readonly string[]): BusinessError[] {
  if (terms.creditTermsId === undefined || companyCreditTermsIds.includes(terms.creditTermsId)) return [];
  return [validationError('creditTermsId', `credit terms "${terms.creditTermsId}" do not exist in company ${terms.companyId}`)];
}

/** Whether a repeated CreateCustomer carries the same content as the customer stored (idempotent repeat). */
export function sameCustomerTerms(a: CustomerTerms, b: CustomerTerms): boolean {
  const sameLimit =
    a.creditLimit === undefined || b.creditLimit === undefined
      ? a.creditLimit === b.creditLimit
      : a.creditLimit.equals(b.creditLimit);
  return (
    a.name === b.name &&
    a.currency === b.currency &&
    a.creditTermsId === b.creditTermsId &&
    a.paymentTerms === b.paymentTerms &&
    sameLimit &&
    a.batchCutoffDay === b.batchCutoffDay &&
    a.postingGroup === b.postingGroup
  );
}
