import type { SqlExecutor } from '@ledgerline/db';
import { money } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { DocumentType } from '../domain/ar-transactions.js';

/** The batch a report is for: its place in the order of batches decides what is "earlier". */
export interface ReportBatch {
  companyId: string;
  batchId: string;
  batchNumber: bigint;
  closeDate: string;
}

export interface ReportCustomerRow {
  customerId: string;
  name: string;
  /** The customer's currency; undefined when the customer's master data has not arrived yet. */
  currency: string | undefined;
}

export interface ReportDocumentRow {
  customerId: string;
  documentId: string;
  documentNumber: string;
  documentType: DocumentType;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  /** In the customer's currency (document or home amount, whichever is in it). */
  amount: Decimal;
}

export interface ReportPaymentRow {
  customerId: string;
  paymentId: string;
  paidDate: string;
  reference: string;
  amount: Decimal;
}

/** A page of the batch's customers by id, after `afterCustomerId`. */
export async function reportCustomers(
  sql: SqlExecutor,
  batch: ReportBatch,
  query: { afterCustomerId: string; onlyCustomerId: string; limit: number },
): Promise<ReportCustomerRow[]> {
  const rows = await sql.query<{ customer_id: string; name: string | null; currency: string | null }>(
    `SELECT bc.customer_id, p.name, p.currency
       FROM batch_customer bc
       LEFT JOIN batch_customer_profile p ON p.company_id = bc.company_id AND p.customer_id = bc.customer_id
      WHERE bc.company_id = $1 AND bc.batch_id = $2 AND bc.customer_id > $3 AND ($4 = '' OR bc.customer_id = $4)
      ORDER BY bc.customer_id LIMIT $5`,
    [batch.companyId, batch.batchId, query.afterCustomerId, query.onlyCustomerId, query.limit],
  );
  return rows.map((row) => ({ customerId: row.customer_id, name: row.name ?? '', currency: row.currency ?? undefined }));
}

/** Batches before this one in (close date, number) order, not deleted, as a reusable condition on alias b. */
const EARLIER_BATCH = `b.status <> 'DELETED' AND (b.close_date, b.batch_number) < ($3::date, $4::bigint)`;

/** Each customer's previous close date: the latest close date of an earlier batch holding the customer. */
export async function previousCloseDates(sql: SqlExecutor, batch: ReportBatch, customerIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await sql.query<{ customer_id: string; previous_close_date: string }>(
    `SELECT bc.customer_id, to_char(max(b.close_date), 'YYYY-MM-DD') AS previous_close_date
       FROM batch_customer bc
       JOIN invoice_batch b ON b.company_id = bc.company_id AND b.batch_id = bc.batch_id
      WHERE bc.company_id = $1 AND bc.customer_id = ANY($2::text[]) AND ${EARLIER_BATCH}
      GROUP BY bc.customer_id`,
    [batch.companyId, customerIds, batch.closeDate, batch.batchNumber.toString()],
  );
  return new Map(rows.map((row) => [row.customer_id, row.previous_close_date]));
}

/** The amount in the customer's currency: the document's own when it is in it, else the home amount. */
const CUSTOMER_AMOUNT = `CASE WHEN d.currency = COALESCE(p.currency, d.currency) THEN d.amount ELSE d.home_amount END`;

/** Each customer's documents in earlier batches, summed. */
export async function earlierDocumentTotals(sql: SqlExecutor, batch: ReportBatch, customerIds: readonly string[]): Promise<Map<string, Decimal>> {
  const rows = await sql.query<{ customer_id: string; total: string }>(
    `SELECT d.customer_id, sum(${CUSTOMER_AMOUNT})::text AS total
       FROM ar_document d
       JOIN invoice_batch b ON b.company_id = d.company_id AND b.batch_id = d.batch_id
       LEFT JOIN batch_customer_profile p ON p.company_id = d.company_id AND p.customer_id = d.customer_id
      WHERE d.company_id = $1 AND d.customer_id = ANY($2::text[]) AND ${EARLIER_BATCH}
      GROUP BY d.customer_id`,
    [batch.companyId, customerIds, batch.closeDate, batch.batchNumber.toString()],
  );
  return new Map(rows.map((row) => [row.customer_id, money(row.total)]));
}

/** The documents of this batch for the given customers, by customer, invoice date, number. */
export async function batchDocuments(sql: SqlExecutor, batch: ReportBatch, customerIds: readonly string[]): Promise<ReportDocumentRow[]> {
  const rows = await sql.query<{
    customer_id: string;
    document_id: string;
    document_number: string;
    document_type: DocumentType;
    invoice_date: string;
    due_date: string;
    currency: string;
    amount: string;
  }>(
    `SELECT d.customer_id, d.document_id, d.document_number, d.document_type,
            to_char(d.invoice_date, 'YYYY-MM-DD') AS invoice_date, to_char(d.due_date, 'YYYY-MM-DD') AS due_date,
            CASE WHEN d.currency = COALESCE(p.currency, d.currency) THEN d.currency ELSE d.home_currency END AS currency,
            (${CUSTOMER_AMOUNT})::text AS amount
       FROM ar_document d
       LEFT JOIN batch_customer_profile p ON p.company_id = d.company_id AND p.customer_id = d.customer_id
      WHERE d.company_id = $1 AND d.customer_id = ANY($2::text[]) AND d.batch_id = $3
      ORDER BY d.customer_id, d.invoice_date, d.document_number, d.document_id`,
    [batch.companyId, customerIds, batch.batchId],
  );
  return rows.map((row) => ({
    customerId: row.customer_id,
    documentId: row.document_id,
    documentNumber: row.document_number,
    documentType: row.document_type,
    invoiceDate: row.invoice_date,
    dueDate: row.due_date,
    currency: row.currency,
    amount: money(row.amount),
  }));
}

/**
 * Payments up to the close date for the given customers: the ones after each customer's
 * previous close date listed, the earlier ones summed per customer.
 */
export async function paymentsUpTo(
  sql: SqlExecutor,
  batch: ReportBatch,
  previousCloses: readonly { customerId: string; previousCloseDate: string | undefined }[],
): Promise<{ inPeriod: ReportPaymentRow[]; beforePeriod: Map<string, Decimal> }> {
  const params = [
    batch.companyId,
    previousCloses.map((entry) => entry.customerId),
    previousCloses.map((entry) => entry.previousCloseDate ?? null),
    batch.closeDate,
  ];
  const listed = await sql.query<{ customer_id: string; payment_id: string; paid_date: string; reference: string; amount: string }>(
    `SELECT pay.customer_id, pay.payment_id, to_char(pay.paid_date, 'YYYY-MM-DD') AS paid_date, pay.reference, pay.amount::text AS amount
       FROM unnest($2::text[], $3::date[]) AS k(customer_id, previous_close_date)
       JOIN ar_payment pay ON pay.company_id = $1 AND pay.customer_id = k.customer_id
      WHERE pay.paid_date <= $4::date AND (k.previous_close_date IS NULL OR pay.paid_date > k.previous_close_date)
      ORDER BY pay.customer_id, pay.paid_date, pay.payment_id`,
    params,
  );
  const summed = await sql.query<{ customer_id: string; total: string }>(
    `SELECT pay.customer_id, sum(pay.amount)::text AS total
       FROM unnest($2::text[], $3::date[]) AS k(customer_id, previous_close_date)
       JOIN ar_payment pay ON pay.company_id = $1 AND pay.customer_id = k.customer_id
      WHERE pay.paid_date <= k.previous_close_date AND pay.paid_date <= $4::date
      GROUP BY pay.customer_id`,
    params,
  );
  return {
    inPeriod: listed.map((row) => ({
      customerId: row.customer_id,
      paymentId: row.payment_id,
      paidDate: row.paid_date,
      reference: row.reference,
      amount: money(row.amount),
    })),
    beforePeriod: new Map(summed.map((row) => [row.customer_id, money(row.total)])),
  };
}
