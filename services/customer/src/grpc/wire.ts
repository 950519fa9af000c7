import { commonV1, customerV1 } from '@ledgerline/contracts';
import { formatAmount } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { CustomerView } from '../app/customers.js';
import type { PaymentView } from '../app/payment-view.js';
import { UNKNOWN_PAYMENT_TERMS, type PaymentTerms } from '../domain/customer.js';
import type { BusinessError } from '../domain/errors.js';
import type { DocumentType } from '../domain/posted-document.js';
import type { CustomerRecord } from '../db/customers.js';
import type { OpenItemRecord } from '../db/open-items.js';

/** Translations between the service's own shapes and customer.v1 messages. Amounts carry the currency's minor units. */
const PAYMENT_TERMS_TO_WIRE: Record<PaymentTerms, customerV1.PaymentTerms> = {
  STANDARD: customerV1.PaymentTerms.PAYMENT_TERMS_STANDARD,
  CASH_SALES_ONLY: customerV1.PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY,
};

export const DOCUMENT_TYPE_FROM_WIRE: Partial<Record<commonV1.DocumentType, DocumentType>> = {
  [commonV1.DocumentType.DOCUMENT_TYPE_SALES_ORDER]: 'SALES_ORDER',
  [commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT]: 'FREE_TEXT',
  [commonV1.DocumentType.DOCUMENT_TYPE_DEBIT_MEMO]: 'DEBIT_MEMO',
  [commonV1.DocumentType.DOCUMENT_TYPE_CREDIT_MEMO]: 'CREDIT_MEMO',
};

const DOCUMENT_TYPE_TO_WIRE: Record<DocumentType, commonV1.DocumentType> = {
  SALES_ORDER: commonV1.DocumentType.DOCUMENT_TYPE_SALES_ORDER,
  FREE_TEXT: commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT,
  DEBIT_MEMO: commonV1.DocumentType.DOCUMENT_TYPE_DEBIT_MEMO,
  CREDIT_MEMO: commonV1.DocumentType.DOCUMENT_TYPE_CREDIT_MEMO,
};

const PAYMENT_TERMS_FROM_WIRE: Partial<Record<customerV1.PaymentTerms, PaymentTerms>> = {
  [customerV1.PaymentTerms.PAYMENT_TERMS_STANDARD]: 'STANDARD',
  [customerV1.PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY]: 'CASH_SALES_ONLY',
};

/** UNSPECIFIED means STANDARD (customer_service.proto); anything else unknown is no payment terms. */
export function paymentTermsFromWire(terms: customerV1.PaymentTerms): PaymentTerms | undefined {
  return terms === customerV1.PaymentTerms.PAYMENT_TERMS_UNSPECIFIED ? 'STANDARD' : PAYMENT_TERMS_FROM_WIRE[terms];
}

/** An update that sends payment terms must name them: UNSPECIFIED is refused there (customer_service.proto). */
export function updatedPaymentTermsFromWire(terms: customerV1.PaymentTerms): PaymentTerms | typeof UNKNOWN_PAYMENT_TERMS {
  return PAYMENT_TERMS_FROM_WIRE[terms] ?? UNKNOWN_PAYMENT_TERMS;
}

/**
 * The customer's master data and revision, as CustomerChanged carries it: the running figures
 * (posted balance, sales, unapplied amount) are left empty, as that event's contract says.
 */
export function toWireCustomerMasterData(customer: CustomerRecord): customerV1.Customer {
  return customerV1.Customer.fromPartial({
    customerId: customer.customerId,
    companyId: customer.companyId,
    name: customer.name,
    currency: customer.currency,
    creditTermsId: customer.creditTermsId ?? '',
    paymentTerms: PAYMENT_TERMS_TO_WIRE[customer.paymentTerms],
    creditLimit: customer.creditLimit === undefined ? '' : formatAmount(customer.creditLimit, customer.currency),
    batchCutoffDay: customer.batchCutoffDay ?? 0,
    postingGroup: customer.postingGroup,
    lastInvoiceDate: customer.lastInvoiceDate ?? '',
    createdAt: customer.createdAt,
    revision: customer.revision.toString(),
  });
}

export function toWireCustomer(customer: CustomerView): customerV1.Customer {
  const amount = (value: Decimal) => formatAmount(value, customer.currency);
  return {
    ...toWireCustomerMasterData(customer),
    postedBalance: amount(customer.postedBalance),
    salesYtd: amount(customer.salesYtd),
    salesPtd: amount(customer.salesPtd),
    unappliedAmount: amount(customer.unappliedAmount),
  };
}

export function toWireCreditExposure(customer: CustomerRecord): customerV1.CreditExposure {
  return customerV1.CreditExposure.fromPartial({
    customerId: customer.customerId,
    currency: customer.currency,
    creditLimit: customer.creditLimit === undefined ? '' : formatAmount(customer.creditLimit, customer.currency),
    postedBalance: formatAmount(customer.postedBalance, customer.currency),
    paymentTerms: PAYMENT_TERMS_TO_WIRE[customer.paymentTerms],
    postingGroup: customer.postingGroup,
    appliedTransactionNumber: customer.appliedTransactionNumber?.toString() ?? '',
  });
}

export function toWireOpenItem(item: OpenItemRecord): customerV1.OpenItem {
  return customerV1.OpenItem.fromPartial({
    documentId: item.documentId,
    documentNumber: item.documentNumber,
    documentType: DOCUMENT_TYPE_TO_WIRE[item.documentType],
    documentDate: item.documentDate,
    currency: item.currency,
    amount: formatAmount(item.amount, item.currency),
    remaining: formatAmount(item.remaining, item.currency),
    dueDate: item.dueDate,
    discountDate: item.discountDate ?? '',
    discountAmount: item.discountAmount === undefined ? '' : formatAmount(item.discountAmount, item.currency),
    homeCurrency: item.homeCurrency ?? '',
    homeDiscountAmount:
      item.homeDiscountAmount === undefined || item.homeCurrency === undefined ? '' : formatAmount(item.homeDiscountAmount, item.homeCurrency),
  });
}

export function toWirePayment(payment: PaymentView): customerV1.Payment {
  const amount = (value: Decimal) => formatAmount(value, payment.currency);
  return customerV1.Payment.fromPartial({
    paymentId: payment.paymentId,
    companyId: payment.companyId,
    customerId: payment.customerId,
    amount: amount(payment.amount),
    currency: payment.currency,
    paidDate: payment.paidDate,
    reference: payment.reference,
    applications: payment.applications.map((application) => ({ documentId: application.documentId, amount: amount(application.amount) })),
    unappliedAmount: amount(payment.unappliedAmount),
    ledgerEntryId: payment.ledgerEntryId,
    recordedAt: payment.recordedAt,
  });
}

export function toWireRejection(errors: readonly BusinessError[]): commonV1.Rejection {
  return { errors: errors.map((error) => ({ code: error.code, message: error.message, fieldPath: error.fieldPath })) };
}
