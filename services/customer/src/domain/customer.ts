import { isCurrencyCode, parseAmount } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { accepted, rejected, validationError, type BusinessError, type Outcome } from './errors.js';

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
  const name = checkName(draft.name);
  if (!name.ok) errors.push(name.error);
  const currencyKnown = isCurrencyCode(draft.currency);
  if (!currencyKnown) errors.push(validationError('currency', `"${draft.currency}" is not an ISO 4217 currency code`));
  if (draft.paymentTerms === undefined) errors.push(paymentTermsError());
  const creditLimit = checkCreditLimit(draft.creditLimit, currencyKnown ? draft.currency : undefined);
  if (!creditLimit.ok) errors.push(creditLimit.error);
  const cutoff = checkBatchCutoffDay(draft.batchCutoffDay);
  if (!cutoff.ok) errors.push(cutoff.error);
  const postingGroup = draft.postingGroup === '' ? DEFAULT_POSTING_GROUP : draft.postingGroup;
  if (postingGroup.length > ID_LENGTH_MAX) {
    errors.push(validationError('postingGroup', `posting group is longer than ${ID_LENGTH_MAX} characters`));
  }
  // Every refused field is in `errors`; naming the checks again lets the compiler see their values below.
  if (errors.length > 0 || !name.ok || !creditLimit.ok || !cutoff.ok || draft.paymentTerms === undefined) return { ok: false, errors };
  return {
    ok: true,
    value: {
      companyId: draft.companyId,
      customerId: draft.customerId,
      name: name.value,
      currency: draft.currency,
      creditTermsId: draft.creditTermsId === '' ? undefined : draft.creditTermsId,
      paymentTerms: draft.paymentTerms,
      creditLimit: creditLimit.value ?? undefined,
      batchCutoffDay: cutoff.value ?? undefined,
      postingGroup,
    },
  };
}

/** Payment terms a request sent that name none: UpdateCustomer's UNSPECIFIED, or a value no payment terms have. */
export const UNKNOWN_PAYMENT_TERMS = 'UNKNOWN';

/** An UpdateCustomer request as the transport hands it over, not yet validated. */
export interface CustomerUpdateDraft {
  companyId: string;
  customerId: string;
  /** Every field below: undefined when the request leaves it out, so the stored value stays. */
  name: string | undefined;
  /** "" = the company's default terms apply from now on. */
  creditTermsId: string | undefined;
  paymentTerms: PaymentTerms | typeof UNKNOWN_PAYMENT_TERMS | undefined;
  /** "" = no credit limit. */
  creditLimit: string | undefined;
  /** 0 = the customer leaves the invoice batch process. */
  batchCutoffDay: number | undefined;
}

/**
 * The changes of a valid UpdateCustomer: a field is present only when the request sent it, and
 * null clears it. The id, currency and posting group never change (customer_service.proto).
 */
export interface CustomerChanges {
  name?: string;
  creditTermsId?: string | null;
  paymentTerms?: PaymentTerms;
  creditLimit?: Decimal | null;
  batchCutoffDay?: number | null;
}

/**
 * Checks the fields an update sends by the rules creation applies, every problem at once. The
 * credit limit is read in the customer's currency; whether new credit terms exist in the company
 * is checked by `checkCreditTerms`.
 */
export function validateCustomerUpdate(draft: CustomerUpdateDraft, currency: string): Outcome<CustomerChanges> {
  const errors: BusinessError[] = [];
  const changes: CustomerChanges = {};
  if (draft.name !== undefined) {
    const name = checkName(draft.name);
    if (name.ok) changes.name = name.value;
    else errors.push(name.error);
  }
  if (draft.creditTermsId !== undefined) changes.creditTermsId = draft.creditTermsId === '' ? null : draft.creditTermsId;
  if (draft.paymentTerms === UNKNOWN_PAYMENT_TERMS) errors.push(paymentTermsError());
  else if (draft.paymentTerms !== undefined) changes.paymentTerms = draft.paymentTerms;
  if (draft.creditLimit !== undefined) {
    const creditLimit = checkCreditLimit(draft.creditLimit, currency);
    if (creditLimit.ok) changes.creditLimit = creditLimit.value;
    else errors.push(creditLimit.error);
  }
  if (draft.batchCutoffDay !== undefined) {
    const cutoff = checkBatchCutoffDay(draft.batchCutoffDay);
    if (cutoff.ok) changes.batchCutoffDay = cutoff.value;
    else errors.push(cutoff.error);
  }
  return errors.length > 0 ? rejected(errors) : accepted(changes);
}

/** The customer's master data with the changes applied; fields the changes leave out keep their value. */
export function applyCustomerChanges(current: CustomerTerms, changes: CustomerChanges): CustomerTerms {
  // A change left out keeps the stored value; null clears it to "none".
  const after = <T>(change: T | null | undefined, stored: T | undefined): T | undefined =>
    change === undefined ? stored : (change ?? undefined);
  return {
    ...current,
    name: changes.name ?? current.name,
    creditTermsId: after(changes.creditTermsId, current.creditTermsId),
    paymentTerms: changes.paymentTerms ?? current.paymentTerms,
    creditLimit: after(changes.creditLimit, current.creditLimit),
    batchCutoffDay: after(changes.batchCutoffDay, current.batchCutoffDay),
  };
}

/** One field's value once checked, or why it was refused. A value of null means the request asked for none. */
type FieldCheck<T> = { ok: true; value: T } | { ok: false; error: BusinessError };

/** Names are stored trimmed, and must not be empty once trimmed. */
function checkName(text: string): FieldCheck<string> {
  const name = text.trim();
  if (name === '') return { ok: false, error: validationError('name', 'name is required') };
  if (name.length > CUSTOMER_NAME_LENGTH_MAX) {
    return { ok: false, error: validationError('name', `name is longer than ${CUSTOMER_NAME_LENGTH_MAX} characters`) };
  }
  return { ok: true, value: name };
}

/** "" is no limit; an unknown currency (refused on its own) leaves only the general amount rules. */
function checkCreditLimit(text: string, currency: string | undefined): FieldCheck<Decimal | null> {
  if (text === '') return { ok: true, value: null };
  const parsed = parseAmount(text, currency === undefined ? {} : { currency });
  if (parsed.ok) return { ok: true, value: parsed.value };
  return { ok: false, error: validationError('creditLimit', `credit limit "${text}" is not a decimal >= 0 (${parsed.reason})`) };
}

/** 0 on the wire means "not batched". */
function checkBatchCutoffDay(day: number): FieldCheck<number | null> {
  if (day === 0) return { ok: true, value: null };
  if (Number.isInteger(day) && day >= BATCH_CUTOFF_DAY_MIN && day <= BATCH_CUTOFF_DAY_MAX) return { ok: true, value: day };
  return {
    ok: false,
    error: validationError('batchCutoffDay', `batch cutoff day must be ${BATCH_CUTOFF_DAY_MIN}-${BATCH_CUTOFF_DAY_MAX}, or 0 for none`),
  };
}

function paymentTermsError(): BusinessError {
  return validationError('paymentTerms', 'payment terms must be STANDARD or CASH_SALES_ONLY');
}

/** The customer's own credit terms must be terms the company offers. */
export function checkCreditTerms(
  terms: Pick<CustomerTerms, 'companyId' | 'creditTermsId'>,
  companyCreditTermsIds: readonly string[],
): BusinessError[] {
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
