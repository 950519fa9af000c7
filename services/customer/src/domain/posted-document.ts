import { parseAmount } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { isIsoDate } from '@ledgerline/calendar';

export type DocumentType = 'SALES_ORDER' | 'FREE_TEXT' | 'DEBIT_MEMO' | 'CREDIT_MEMO';

/** A posted document as InvoicePosted reports it: wire text, not yet checked. */
export interface PostedDocument {
  companyId: string;
  customerId: string;
  documentId: string;
  documentNumber: string;
  /** Ledger transaction number of the document's entry (A/R distribution journal), decimal. */
  transactionNumber: string;
  documentType: DocumentType | undefined;
  documentDate: string;
  dueDate: string;
  period: string;
  fiscalYearStart: string;
  currency: string;
  homeCurrency: string;
  netAmount: string;
  totalAmount: string;
  homeNetAmount: string;
  homeTotalAmount: string;
  discountDate: string;
  discountAmount: string;
  homeDiscountAmount: string;
  ledgerEntryId: string;
  payment: PostedPayment | undefined;
}

export interface PostedPayment {
  paymentId: string;
  /** Document currency. */
  amount: string;
  paidDate: string;
  reference: string;
  /** The entry posting posted it with, in the document's ledger transaction. */
  ledgerEntryId: string;
  /** Home currency, as that entry posted it. */
  homeAmount: string;
}

/** What a posted document does to its customer, in the customer's currency, signed. */
export interface DocumentEffect {
  companyId: string;
  customerId: string;
  documentId: string;
  documentNumber: string;
  transactionNumber: bigint;
  documentType: DocumentType;
  documentDate: string;
  dueDate: string;
  period: string;
  fiscalYearStart: string;
  /** The customer's currency, which the amounts below are in. */
  currency: string;
  /** Total including tax; negative for a credit memo. Balance and open item. */
  amount: Decimal;
  /** Net excluding tax; negative for a credit memo. Sales PTD/YTD. */
  netAmount: Decimal;
  discountDate: string | undefined;
  discountAmount: Decimal | undefined;
  /** The company's home currency. */
  homeCurrency: string;
  /** The settlement discount in home currency; negative for a credit memo. */
  homeDiscountAmount: Decimal | undefined;
  ledgerEntryId: string;
  /** Post and pay: the payment, already posted with the document, in the customer's currency. */
  payment: { paymentId: string; amount: Decimal; paidDate: string; reference: string; ledgerEntryId: string } | undefined;
}

/** Thrown for an event this service cannot apply: a bug or a contract breach upstream, never retried into success. */
export class UnusableDocumentError extends Error {
  constructor(documentId: string, reason: string) {
    super(`posted document ${documentId}: ${reason}`);
    this.name = 'UnusableDocumentError';
  }
}

/**
 * The effect of a posted document on a customer whose currency is `customerCurrency`. Balances
 * are kept in the customer's currency: the document's own amounts when it is in that currency,
 * else its home-currency amounts when the customer's currency is the company's home currency.
 * Any other pairing has no rate to the customer's currency in the event and is refused.
 */
export function documentEffect(document: PostedDocument, customerCurrency: string): DocumentEffect {
  const fail = (reason: string): never => {
    throw new UnusableDocumentError(document.documentId, reason);
  };
  if (document.documentType === undefined) fail('unknown document type');
  for (const [name, value] of [
    ['invoice date', document.documentDate],
    ['due date', document.dueDate],
    ['fiscal year start', document.fiscalYearStart],
  ] as const) {
    if (!isIsoDate(value)) fail(`${name} "${value}" is not a YYYY-MM-DD date`);
  }
  if (!/^\d{4}-\d{2}$/.test(document.period)) fail(`period "${document.period}" is not YYYY-MM`);
  if (!/^[1-9]\d{0,18}$/.test(document.transactionNumber)) fail(`transaction number "${document.transactionNumber}" is not a positive integer`);
  const inDocumentCurrency = document.currency === customerCurrency;
  if (!inDocumentCurrency && document.homeCurrency !== customerCurrency) {
    fail(`document currency ${document.currency} and home currency ${document.homeCurrency} both differ from the customer's ${customerCurrency}`);
  }
  const amountOf = (what: string, text: string): Decimal => {
    const parsed = parseAmount(text, { currency: customerCurrency });
    return parsed.ok ? parsed.value : fail(`${what} "${text}" is not a non-negative ${customerCurrency} amount (${parsed.reason})`);
  };
  const sign = document.documentType === 'CREDIT_MEMO' ? -1 : 1;
  const total = amountOf('total', inDocumentCurrency ? document.totalAmount : document.homeTotalAmount);
  const net = amountOf('net amount', inDocumentCurrency ? document.netAmount : document.homeNetAmount);
  const discountText = inDocumentCurrency ? document.discountAmount : document.homeDiscountAmount;
  const hasDiscount = document.discountDate !== '' && discountText !== '';
  if (hasDiscount && !isIsoDate(document.discountDate)) fail(`discount date "${document.discountDate}" is not a YYYY-MM-DD date`);
  let homeDiscount: Decimal | undefined;
  if (hasDiscount && document.homeDiscountAmount !== '') {
    const parsed = parseAmount(document.homeDiscountAmount, { currency: document.homeCurrency });
    if (!parsed.ok) fail(`home discount "${document.homeDiscountAmount}" is not a non-negative ${document.homeCurrency} amount (${parsed.reason})`);
    else homeDiscount = sign < 0 ? parsed.value.negated() : parsed.value;
  }
  let payment: DocumentEffect['payment'];
  if (document.payment !== undefined) {
    // In the customer's currency as the ledger posted it, so the customer's share of A/R and its
    // posted balance move by the same amount: the document-currency amount, else the home one.
    const paidText = inDocumentCurrency ? document.payment.amount : document.payment.homeAmount;
    const paid = parseAmount(paidText, { currency: customerCurrency });
    if (!paid.ok || paid.value.isZero()) fail(`payment amount "${paidText}" is not a positive ${customerCurrency} amount`);
    if (!isIsoDate(document.payment.paidDate)) fail(`paid date "${document.payment.paidDate}" is not a YYYY-MM-DD date`);
    if (document.payment.ledgerEntryId === '') fail(`payment ${document.payment.paymentId} names no ledger entry`);
    payment = {
      paymentId: document.payment.paymentId,
      amount: paid.ok ? paid.value : fail('unreachable'),
      paidDate: document.payment.paidDate,
      reference: document.payment.reference,
      ledgerEntryId: document.payment.ledgerEntryId,
    };
  }
  return {
    companyId: document.companyId,
    customerId: document.customerId,
    documentId: document.documentId,
    documentNumber: document.documentNumber,
    transactionNumber: BigInt(document.transactionNumber),
    documentType: document.documentType as DocumentType,
    documentDate: document.documentDate,
    dueDate: document.dueDate,
    period: document.period,
    fiscalYearStart: document.fiscalYearStart,
    currency: customerCurrency,
    amount: sign < 0 ? total.negated() : total,
    netAmount: sign < 0 ? net.negated() : net,
    discountDate: hasDiscount ? document.discountDate : undefined,
    discountAmount: hasDiscount ? (sign < 0 ? amountOf('discount', discountText).negated() : amountOf('discount', discountText)) : undefined,
    homeCurrency: document.homeCurrency,
    homeDiscountAmount: homeDiscount,
    ledgerEntryId: document.ledgerEntryId,
    payment,
  };
}
