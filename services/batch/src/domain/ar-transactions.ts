import { isIsoDate } from '@ledgerline/calendar';
import { money, parseAmount } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';

export type DocumentType = 'SALES_ORDER' | 'FREE_TEXT' | 'DEBIT_MEMO' | 'CREDIT_MEMO';

/** A posted document as the batch service keeps it: amounts signed, credit memos negative. */
export interface ArDocument {
  companyId: string;
  documentId: string;
  customerId: string;
  documentNumber: string;
  documentType: DocumentType;
  currency: string;
  amount: Decimal;
  homeCurrency: string;
  homeAmount: Decimal;
  invoiceDate: string;
  dueDate: string;
  postedAt: Date;
}

/** A recorded payment: amount positive. */
export interface ArPayment {
  companyId: string;
  paymentId: string;
  customerId: string;
  currency: string;
  amount: Decimal;
  reference: string;
  paidDate: string;
  recordedAt: Date;
}

/** The part of customer master data batching needs. */
export interface CustomerProfile {
  companyId: string;
  customerId: string;
  name: string;
  currency: string;
  /** 1..31, or undefined when the customer is not in the invoice batch process. */
  cutoffDay: number | undefined;
  revision: bigint;
}

/** An event that cannot be what its producer promises: it fails loudly and ends in the dead-letter topic. */
export class UnusableEventError extends Error {
  constructor(what: string, id: string, reason: string) {
    super(`${what} ${id} cannot be used: ${reason}`);
    this.name = 'UnusableEventError';
  }
}

/** A posted document as InvoicePosted carries it: positive amounts whatever the type. */
export interface PostedDocumentFacts {
  companyId: string;
  documentId: string;
  customerId: string;
  documentNumber: string;
  documentType: DocumentType | undefined;
  currency: string;
  totalAmount: string;
  homeCurrency: string;
  homeTotalAmount: string;
  invoiceDate: string;
  dueDate: string;
  postedAt: Date;
}

/** The document signed the way batch reports add it up: a credit memo lowers what is owed. */
export function arDocumentOf(facts: PostedDocumentFacts): ArDocument {
  const fail = (reason: string): never => {
    throw new UnusableEventError('posted document', facts.documentId, reason);
  };
  const documentType = facts.documentType ?? fail('unknown document type');
  if (!isIsoDate(facts.invoiceDate)) fail(`invoice date "${facts.invoiceDate}" is not a YYYY-MM-DD date`);
  if (!isIsoDate(facts.dueDate)) fail(`due date "${facts.dueDate}" is not a YYYY-MM-DD date`);
  const amountOf = (text: string, currency: string): Decimal => {
    const parsed = parseAmount(text, { currency });
    return parsed.ok ? parsed.value : fail(`amount "${text}" is not a ${currency} amount (${parsed.reason})`);
  };
  const sign = documentType === 'CREDIT_MEMO' ? -1 : 1;
  return {
    companyId: facts.companyId,
    documentId: facts.documentId,
    customerId: facts.customerId,
    documentNumber: facts.documentNumber,
    documentType,
    currency: facts.currency,
    amount: amountOf(facts.totalAmount, facts.currency).times(sign),
    homeCurrency: facts.homeCurrency,
    homeAmount: amountOf(facts.homeTotalAmount, facts.homeCurrency).times(sign),
    invoiceDate: facts.invoiceDate,
    dueDate: facts.dueDate,
    postedAt: facts.postedAt,
  };
}

/** A payment as PaymentRecorded carries it. */
export function arPaymentOf(payment: Omit<ArPayment, 'amount'> & { amount: string }): ArPayment {
  if (!isIsoDate(payment.paidDate)) throw new UnusableEventError('payment', payment.paymentId, `paid date "${payment.paidDate}" is not a YYYY-MM-DD date`);
  const parsed = parseAmount(payment.amount, { currency: payment.currency });
  if (!parsed.ok || parsed.value.isNegative()) throw new UnusableEventError('payment', payment.paymentId, `amount "${payment.amount}" is not a positive amount`);
  return { ...payment, amount: money(parsed.value) };
}

/** Several states of one customer in one batch of events: only the newest revision counts. */
export function newestProfiles(profiles: readonly CustomerProfile[]): CustomerProfile[] {
  const newest = new Map<string, CustomerProfile>();
  for (const profile of profiles) {
    const key = `${profile.companyId}\u0000${profile.customerId}`;
    const held = newest.get(key);
    if (held === undefined || held.revision < profile.revision) newest.set(key, profile);
  }
  return [...newest.values()];
}
