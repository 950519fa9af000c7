import type { SqlExecutor } from '@ledgerline/db';
import { money } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { ArDocument, ArPayment, CustomerProfile, DocumentType } from '../domain/ar-transactions.js';
import type { CorrectedField, DateChange } from '../domain/corrections.js';

/** Stores customer states, each only when newer than the one held (events may arrive late). */
export async function upsertProfiles(sql: SqlExecutor, profiles: readonly CustomerProfile[]): Promise<void> {
  if (profiles.length === 0) return;
  await sql.execute(
    `INSERT INTO batch_customer_profile (company_id, customer_id, name, currency, cutoff_day, revision)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::bigint[])
     ON CONFLICT (company_id, customer_id) DO UPDATE
        SET name = EXCLUDED.name, currency = EXCLUDED.currency, cutoff_day = EXCLUDED.cutoff_day, revision = EXCLUDED.revision
      WHERE batch_customer_profile.revision < EXCLUDED.revision`,
    [
      profiles.map((p) => p.companyId),
      profiles.map((p) => p.customerId),
      profiles.map((p) => p.name),
      profiles.map((p) => p.currency),
      profiles.map((p) => p.cutoffDay ?? null),
      profiles.map((p) => p.revision.toString()),
    ],
  );
}

/** Stores posted documents; one already held (a redelivered event) is left as it is, dates included. */
export async function insertDocuments(sql: SqlExecutor, documents: readonly ArDocument[]): Promise<void> {
  if (documents.length === 0) return;
  await sql.execute(
    `INSERT INTO ar_document (company_id, document_id, customer_id, document_number, document_type, currency, amount,
                              home_currency, home_amount, invoice_date, due_date, posted_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[],
                          $8::text[], $9::numeric[], $10::date[], $11::date[], $12::timestamptz[])
     ON CONFLICT (company_id, document_id) DO NOTHING`,
    [
      documents.map((d) => d.companyId),
      documents.map((d) => d.documentId),
      documents.map((d) => d.customerId),
      documents.map((d) => d.documentNumber),
      documents.map((d) => d.documentType),
      documents.map((d) => d.currency),
      documents.map((d) => d.amount.toFixed()),
      documents.map((d) => d.homeCurrency),
      documents.map((d) => d.homeAmount.toFixed()),
      documents.map((d) => d.invoiceDate),
      documents.map((d) => d.dueDate),
      documents.map((d) => d.postedAt.toISOString()),
    ],
  );
}

/** Stores payments; one already held keeps its (possibly corrected) paid date. */
export async function insertPayments(sql: SqlExecutor, payments: readonly ArPayment[]): Promise<void> {
  if (payments.length === 0) return;
  await sql.execute(
    `INSERT INTO ar_payment (company_id, payment_id, customer_id, currency, amount, reference, paid_date, recorded_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::date[], $8::timestamptz[])
     ON CONFLICT (company_id, payment_id) DO NOTHING`,
    [
      payments.map((p) => p.companyId),
      payments.map((p) => p.paymentId),
      payments.map((p) => p.customerId),
      payments.map((p) => p.currency),
      payments.map((p) => p.amount.toFixed()),
      payments.map((p) => p.reference),
      payments.map((p) => p.paidDate),
      payments.map((p) => p.recordedAt.toISOString()),
    ],
  );
}

export interface StoredCorrection extends DateChange {
  reason: string;
  correctedBy: string;
  correctedAt: Date;
}

/** An A/R posted transaction with its corrections, as GetArTransaction answers it. */
export type ArTransactionRecord =
  | { kind: 'DOCUMENT'; document: StoredDocument; corrections: StoredCorrection[] }
  | { kind: 'PAYMENT'; payment: StoredPayment; corrections: StoredCorrection[] };

export interface StoredDocument {
  companyId: string;
  documentId: string;
  customerId: string;
  documentNumber: string;
  documentType: DocumentType;
  currency: string;
  amount: Decimal;
  invoiceDate: string;
  dueDate: string;
  batchId: string | undefined;
}

export interface StoredPayment {
  companyId: string;
  paymentId: string;
  customerId: string;
  currency: string;
  amount: Decimal;
  reference: string;
  paidDate: string;
}

interface DocumentRow {
  company_id: string;
  document_id: string;
  customer_id: string;
  document_number: string;
  document_type: DocumentType;
  currency: string;
  amount: string;
  invoice_date: string;
  due_date: string;
  batch_id: string | null;
}

interface PaymentRow {
  company_id: string;
  payment_id: string;
  customer_id: string;
  currency: string;
  amount: string;
  reference: string;
  paid_date: string;
}

/** One transaction by id, locked for the rest of the caller's transaction when `forUpdate`. */
export async function findArTransaction(
  sql: SqlExecutor,
  companyId: string,
  transactionId: string,
  forUpdate: boolean,
): Promise<ArTransactionRecord | undefined> {
  const lock = forUpdate ? 'FOR UPDATE' : '';
  const [document] = await sql.query<DocumentRow>(
    `SELECT company_id, document_id, customer_id, document_number, document_type, currency, amount::text AS amount,
            to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date, to_char(due_date, 'YYYY-MM-DD') AS due_date, batch_id
       FROM ar_document WHERE company_id = $1 AND document_id = $2 ${lock}`,
    [companyId, transactionId],
  );
  if (document !== undefined) {
    return { kind: 'DOCUMENT', document: storedDocument(document), corrections: await corrections(sql, companyId, transactionId) };
  }
  const [payment] = await sql.query<PaymentRow>(
    `SELECT company_id, payment_id, customer_id, currency, amount::text AS amount, reference, to_char(paid_date, 'YYYY-MM-DD') AS paid_date
       FROM ar_payment WHERE company_id = $1 AND payment_id = $2 ${lock}`,
    [companyId, transactionId],
  );
  if (payment === undefined) return undefined;
  return {
    kind: 'PAYMENT',
    payment: {
      companyId: payment.company_id,
      paymentId: payment.payment_id,
      customerId: payment.customer_id,
      currency: payment.currency,
      amount: money(payment.amount),
      reference: payment.reference,
      paidDate: payment.paid_date,
    },
    corrections: await corrections(sql, companyId, transactionId),
  };
}

function storedDocument(row: DocumentRow): StoredDocument {
  return {
    companyId: row.company_id,
    documentId: row.document_id,
    customerId: row.customer_id,
    documentNumber: row.document_number,
    documentType: row.document_type,
    currency: row.currency,
    amount: money(row.amount),
    invoiceDate: row.invoice_date,
    dueDate: row.due_date,
    batchId: row.batch_id ?? undefined,
  };
}

async function corrections(sql: SqlExecutor, companyId: string, transactionId: string): Promise<StoredCorrection[]> {
  const rows = await sql.query<{ field: CorrectedField; from_date: string; to_date: string; reason: string; corrected_by: string; corrected_at: Date }>(
    `SELECT field, to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date, reason, corrected_by, corrected_at
       FROM ar_date_correction WHERE company_id = $1 AND transaction_id = $2 ORDER BY id`,
    [companyId, transactionId],
  );
  return rows.map((row) => ({
    field: row.field,
    fromDate: row.from_date,
    toDate: row.to_date,
    reason: row.reason,
    correctedBy: row.corrected_by,
    correctedAt: new Date(row.corrected_at),
  }));
}

const COLUMN_OF_FIELD: Record<CorrectedField, string> = { invoiceDate: 'invoice_date', dueDate: 'due_date', paidDate: 'paid_date' };

/** Applies date changes to a locked transaction and writes each to the audit trail. */
export async function applyDateChanges(
  sql: SqlExecutor,
  target: { companyId: string; transactionId: string; kind: 'DOCUMENT' | 'PAYMENT' },
  changes: readonly DateChange[],
  audit: { reason: string; correctedBy: string },
): Promise<void> {
  const table = target.kind === 'DOCUMENT' ? 'ar_document' : 'ar_payment';
  const idColumn = target.kind === 'DOCUMENT' ? 'document_id' : 'payment_id';
  for (const change of changes) {
    await sql.execute(`UPDATE ${table} SET ${COLUMN_OF_FIELD[change.field]} = $3::date WHERE company_id = $1 AND ${idColumn} = $2`, [
      target.companyId,
      target.transactionId,
      change.toDate,
    ]);
    await sql.execute(
      `INSERT INTO ar_date_correction (company_id, transaction_id, field, from_date, to_date, reason, corrected_by)
       VALUES ($1, $2, $3, $4::date, $5::date, $6, $7)`,
      [target.companyId, target.transactionId, change.field, change.fromDate, change.toDate, audit.reason, audit.correctedBy],
    );
  }
}
