import { batchV1, commonV1 } from '@ledgerline/contracts';
import { formatAmount } from '@ledgerline/money';
import type { CustomerReport } from '../app/report.js';
import type { ArTransactionRecord, StoredCorrection } from '../db/ar-transactions.js';
import type { BatchRecord } from '../db/batches.js';
import { batchNumberText, type BatchOrigin, type BatchStatus } from '../domain/batch.js';
import type { DocumentType } from '../domain/ar-transactions.js';
import type { BusinessError } from '../domain/errors.js';

/** Translations between the service's own shapes and batch.v1 messages. */
const STATUS_TO_WIRE: Record<BatchStatus, batchV1.BatchStatus> = {
  OPEN: batchV1.BatchStatus.BATCH_STATUS_OPEN,
  PRINTED: batchV1.BatchStatus.BATCH_STATUS_PRINTED,
  DELETED: batchV1.BatchStatus.BATCH_STATUS_DELETED,
};

const ORIGIN_TO_WIRE: Record<BatchOrigin, batchV1.BatchOrigin> = {
  GENERATED: batchV1.BatchOrigin.BATCH_ORIGIN_GENERATED,
  MANUAL: batchV1.BatchOrigin.BATCH_ORIGIN_MANUAL,
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

/** UNSPECIFIED (no filter) is undefined; an unknown value is refused by the caller. */
export function statusFromWire(status: batchV1.BatchStatus): BatchStatus | undefined | 'UNKNOWN' {
  switch (status) {
    case batchV1.BatchStatus.BATCH_STATUS_UNSPECIFIED:
      return undefined;
    case batchV1.BatchStatus.BATCH_STATUS_OPEN:
      return 'OPEN';
    case batchV1.BatchStatus.BATCH_STATUS_PRINTED:
      return 'PRINTED';
    case batchV1.BatchStatus.BATCH_STATUS_DELETED:
      return 'DELETED';
    default:
      return 'UNKNOWN';
  }
}

export function toWireBatch(batch: BatchRecord): batchV1.Batch {
  return {
    batchId: batch.batchId,
    companyId: batch.companyId,
    batchNumber: batchNumberText(batch.batchNumber),
    closeDate: batch.closeDate,
    status: STATUS_TO_WIRE[batch.status],
    dummy: batch.dummy,
    origin: ORIGIN_TO_WIRE[batch.origin],
    customerCount: batch.customerCount,
    documentCount: batch.documentCount,
    createdAt: batch.createdAt,
    printedAt: batch.printedAt,
    printCount: batch.printCount,
  };
}

export function toWireCustomerReport(report: CustomerReport): batchV1.BatchCustomerReport {
  return {
    customerId: report.customerId,
    customerName: report.customerName,
    currency: report.currency,
    previousCloseDate: report.previousCloseDate ?? '',
    formerBalance: report.formerBalance,
    paymentsReceived: report.paymentsReceived,
    newDocumentsAmount: report.newDocumentsAmount,
    newBalance: report.newBalance,
    documents: report.documents.map((document) => ({ ...document, documentType: DOCUMENT_TYPE_TO_WIRE[document.documentType] })),
    payments: report.payments,
  };
}

function toWireCorrection(correction: StoredCorrection): batchV1.DateCorrection {
  return {
    field: correction.field,
    fromDate: correction.fromDate,
    toDate: correction.toDate,
    reason: correction.reason,
    correctedBy: correction.correctedBy,
    correctedAt: correction.correctedAt,
  };
}

export function toWireArTransaction(record: ArTransactionRecord): batchV1.ArTransaction {
  const corrections = record.corrections.map(toWireCorrection);
  if (record.kind === 'DOCUMENT') {
    const document = record.document;
    return {
      transactionId: document.documentId,
      companyId: document.companyId,
      customerId: document.customerId,
      kind: batchV1.ArTransactionKind.AR_TRANSACTION_KIND_DOCUMENT,
      number: document.documentNumber,
      documentType: DOCUMENT_TYPE_TO_WIRE[document.documentType],
      currency: document.currency,
      amount: formatAmount(document.amount, document.currency),
      invoiceDate: document.invoiceDate,
      dueDate: document.dueDate,
      paidDate: '',
      batchId: document.batchId ?? '',
      corrections,
    };
  }
  const payment = record.payment;
  return {
    transactionId: payment.paymentId,
    companyId: payment.companyId,
    customerId: payment.customerId,
    kind: batchV1.ArTransactionKind.AR_TRANSACTION_KIND_PAYMENT,
    number: payment.reference,
    documentType: commonV1.DocumentType.DOCUMENT_TYPE_UNSPECIFIED,
    currency: payment.currency,
    amount: formatAmount(payment.amount, payment.currency),
    invoiceDate: '',
    dueDate: '',
    paidDate: payment.paidDate,
    batchId: '',
    corrections,
  };
}

export function toWireRejection(errors: readonly BusinessError[]): commonV1.Rejection {
  return { errors: errors.map((error) => ({ code: error.code, message: error.message, fieldPath: error.fieldPath })) };
}
