import { groupBy } from '@ledgerline/collections';
import { formatAmount } from '@ledgerline/money';
import { findBatch, type BatchRecord } from '../db/batches.js';
import { batchDocuments, earlierDocumentTotals, paymentsUpTo, previousCloseDates, reportCustomers, type ReportDocumentRow } from '../db/report.js';
import { customerReportFigures } from '../domain/report.js';
import type { DocumentType } from '../domain/ar-transactions.js';
import { InvalidCursorError, pageSizeOf, type BatchKey } from './batches.js';
import type { BatchContext } from './context.js';

export interface CustomerReport {
  customerId: string;
  customerName: string;
  currency: string;
  previousCloseDate: string | undefined;
  formerBalance: string;
  paymentsReceived: string;
  newDocumentsAmount: string;
  newBalance: string;
  documents: { documentId: string; documentNumber: string; documentType: DocumentType; invoiceDate: string; dueDate: string; amount: string }[];
  payments: { paymentId: string; paidDate: string; reference: string; amount: string }[];
}

export interface BatchReportPage {
  batch: BatchRecord;
  customers: CustomerReport[];
  nextCursor: string;
}

/**
 * A page of the batch report [001], computed now from the current dates: a reprint after a
 * date correction shows the corrected period. A dummy batch has no output.
 */
export async function batchReport(
  context: BatchContext,
  key: BatchKey,
  query: { customerId: string; pageSize: number; cursor: string },
): Promise<BatchReportPage | undefined> {
  const sql = context.database.store.direct;
  const after = decodeCursor(query.cursor);
  const batch = await findBatch(sql, key.companyId, key.batchId);
  if (batch === undefined) return undefined;
  if (batch.dummy || batch.status === 'DELETED') return { batch, customers: [], nextCursor: '' };
  const pageSize = pageSizeOf(query.pageSize);
  const customers = await reportCustomers(sql, batch, { afterCustomerId: after, onlyCustomerId: query.customerId, limit: pageSize + 1 });
  const page = customers.slice(0, pageSize);
  const customerIds = page.map((customer) => customer.customerId);
  const [previousCloses, earlierTotals, documents] = await Promise.all([
    previousCloseDates(sql, batch, customerIds),
    earlierDocumentTotals(sql, batch, customerIds),
    batchDocuments(sql, batch, customerIds),
  ]);
  const payments = await paymentsUpTo(
    sql,
    batch,
    customerIds.map((customerId) => ({ customerId, previousCloseDate: previousCloses.get(customerId) })),
  );
  const documentsByCustomer = groupBy(documents, (document) => document.customerId);
  const paymentsByCustomer = groupBy(payments.inPeriod, (payment) => payment.customerId);
  const reports = page.map((customer): CustomerReport => {
    const customerDocuments = documentsByCustomer.get(customer.customerId) ?? [];
    const customerPayments = paymentsByCustomer.get(customer.customerId) ?? [];
    const currency = customer.currency ?? currencyOfDocuments(customerDocuments, customer.customerId);
    const earlier = earlierTotals.get(customer.customerId);
    const paidBefore = payments.beforePeriod.get(customer.customerId);
    const figures = customerReportFigures({
      earlierDocuments: earlier === undefined ? [] : [earlier],
      paymentsUpToPreviousClose: paidBefore === undefined ? [] : [paidBefore],
      paymentsInPeriod: customerPayments.map((payment) => payment.amount),
      newDocuments: customerDocuments.map((document) => document.amount),
    });
    return {
      customerId: customer.customerId,
      customerName: customer.name,
      currency,
      previousCloseDate: previousCloses.get(customer.customerId),
      formerBalance: formatAmount(figures.formerBalance, currency),
      paymentsReceived: formatAmount(figures.paymentsReceived, currency),
      newDocumentsAmount: formatAmount(figures.newDocumentsAmount, currency),
      newBalance: formatAmount(figures.newBalance, currency),
      documents: customerDocuments.map((document) => ({
        documentId: document.documentId,
        documentNumber: document.documentNumber,
        documentType: document.documentType,
        invoiceDate: document.invoiceDate,
        dueDate: document.dueDate,
        amount: formatAmount(document.amount, currency),
      })),
      payments: customerPayments.map((payment) => ({
        paymentId: payment.paymentId,
        paidDate: payment.paidDate,
        reference: payment.reference,
        amount: formatAmount(payment.amount, currency),
      })),
    };
  });
  const last = page[page.length - 1];
  return { batch, customers: reports, nextCursor: customers.length > pageSize && last !== undefined ? encodeCursor(last.customerId) : '' };
}

/**
 * Before the customer's master data has arrived, its documents' currency stands in; a customer
 * with neither is one added by hand that was never heard of, which the add refuses.
 */
function currencyOfDocuments(documents: readonly ReportDocumentRow[], customerId: string): string {
  const currency = documents[0]?.currency;
  if (currency === undefined) throw new Error(`customer ${customerId} of a batch has neither master data nor documents`);
  return currency;
}


function encodeCursor(customerId: string): string {
  return Buffer.from(customerId, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  if (cursor === '') return '';
  const customerId = Buffer.from(cursor, 'base64url').toString('utf8');
  if (customerId === '' || encodeCursor(customerId) !== cursor) throw new InvalidCursorError();
  return customerId;
}
