import { batchV1 } from '@ledgerline/contracts';
import { documentTypes, instant, orNull } from './mapping.js';

/** Invoice-batch shapes between gRPC and REST; same conventions as mapping.ts. Pure. */

const STATUS_NAMES: Partial<Record<batchV1.BatchStatus, string>> = {
  [batchV1.BatchStatus.BATCH_STATUS_OPEN]: 'OPEN',
  [batchV1.BatchStatus.BATCH_STATUS_PRINTED]: 'PRINTED',
  [batchV1.BatchStatus.BATCH_STATUS_DELETED]: 'DELETED',
};

const STATUS_VALUES: Record<string, batchV1.BatchStatus> = {
  OPEN: batchV1.BatchStatus.BATCH_STATUS_OPEN,
  PRINTED: batchV1.BatchStatus.BATCH_STATUS_PRINTED,
  DELETED: batchV1.BatchStatus.BATCH_STATUS_DELETED,
};

const ORIGIN_NAMES: Partial<Record<batchV1.BatchOrigin, string>> = {
  [batchV1.BatchOrigin.BATCH_ORIGIN_GENERATED]: 'GENERATED',
  [batchV1.BatchOrigin.BATCH_ORIGIN_MANUAL]: 'MANUAL',
};

export function batchStatusToProto(name: string | undefined): batchV1.BatchStatus {
  return name === undefined ? batchV1.BatchStatus.BATCH_STATUS_UNSPECIFIED : (STATUS_VALUES[name] ?? batchV1.BatchStatus.BATCH_STATUS_UNSPECIFIED);
}

export function batchToJson(batch: batchV1.Batch) {
  return {
    id: batch.batchId,
    number: batch.batchNumber,
    closeDate: batch.closeDate,
    status: STATUS_NAMES[batch.status] ?? null,
    dummy: batch.dummy,
    origin: ORIGIN_NAMES[batch.origin] ?? null,
    customerCount: batch.customerCount,
    documentCount: batch.documentCount,
    createdAt: instant(batch.createdAt),
    printedAt: instant(batch.printedAt),
    printCount: batch.printCount,
  };
}

export function batchCustomerReportToJson(report: batchV1.BatchCustomerReport) {
  return {
    customerId: report.customerId,
    customerName: report.customerName,
    currency: report.currency,
    previousCloseDate: orNull(report.previousCloseDate),
    formerBalance: report.formerBalance,
    paymentsReceived: report.paymentsReceived,
    newDocumentsAmount: report.newDocumentsAmount,
    newBalance: report.newBalance,
    documents: report.documents.map((document) => ({
      documentId: document.documentId,
      documentNumber: document.documentNumber,
      documentType: documentTypes.toName(document.documentType),
      invoiceDate: document.invoiceDate,
      dueDate: document.dueDate,
      amount: document.amount,
    })),
    payments: report.payments.map((payment) => ({
      paymentId: payment.paymentId,
      paidDate: payment.paidDate,
      reference: payment.reference,
      amount: payment.amount,
    })),
  };
}

export type BatchCustomerReportJson = ReturnType<typeof batchCustomerReportToJson>;
export type BatchJson = ReturnType<typeof batchToJson>;

export function arTransactionToJson(transaction: batchV1.ArTransaction) {
  const isDocument = transaction.kind === batchV1.ArTransactionKind.AR_TRANSACTION_KIND_DOCUMENT;
  return {
    id: transaction.transactionId,
    kind: isDocument ? 'DOCUMENT' : 'PAYMENT',
    customerId: transaction.customerId,
    number: transaction.number,
    documentType: isDocument ? documentTypes.toName(transaction.documentType) : null,
    currency: transaction.currency,
    amount: transaction.amount,
    invoiceDate: orNull(transaction.invoiceDate),
    dueDate: orNull(transaction.dueDate),
    paidDate: orNull(transaction.paidDate),
    batchId: orNull(transaction.batchId),
    corrections: transaction.corrections.map((correction) => ({
      field: correction.field,
      from: correction.fromDate,
      to: correction.toDate,
      reason: correction.reason,
      correctedBy: correction.correctedBy,
      correctedAt: instant(correction.correctedAt),
    })),
  };
}
