import { prismaSql } from '@ledgerline/db';
import { MoneyDecimal } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { DocumentType, PostingError } from '../domain/posting-document.js';
import type { PostingDatabase, PostingTransaction } from './client.js';
import { applyOutcomesToRuns } from './posting-runs.js';
import type { PostingOutcome } from './generated/client.js';

/** One posting outcome to record. */
export interface OutcomeRow {
  companyId: string;
  invoiceId: string;
  customerId: string;
  documentType: DocumentType | undefined;
  status: 'POSTED' | 'FAILED';
  currency: string;
  totalAmount: Decimal;
  /** The post-and-pay payment posted with the document; zero without one. */
  paidAmount: Decimal;
  invoiceNumber?: string;
  /** uint64 as a decimal string. */
  transactionNumber?: string;
  ledgerEntryId?: string;
  reasons: readonly PostingError[];
  postingRunId: string;
  requestEventId: string;
  requestedAt: Date;
  completedAt: Date;
}

export interface DocumentKey {
  companyId: string;
  invoiceId: string;
}

/** Posting outcomes, read and written in set-wise statements on the hot path. */
export interface OutcomeStore {
  /** Keys ("company\0invoice") of the given documents that are already POSTED. */
  findPosted(tx: PostingTransaction, documents: readonly DocumentKey[]): Promise<Set<string>>;
  /**
   * Inserts or replaces the outcomes, except that a POSTED outcome is never replaced: a document
   * is posted once. Outcomes of posting-run documents are copied into their runs in the same
   * transaction. Returns the keys of the rows written, which are the outcomes to announce.
   */
  record(tx: PostingTransaction, rows: readonly OutcomeRow[]): Promise<Set<string>>;
}

export const documentKey = (companyId: string, invoiceId: string) => `${companyId}\u0000${invoiceId}`;

export const outcomeStore: OutcomeStore = {
  async findPosted(tx, documents) {
    if (documents.length === 0) return new Set();
    const rows = await prismaSql(tx).query<{ company_id: string; invoice_id: string }>(
      `SELECT o.company_id, o.invoice_id
         FROM posting_outcome o
         JOIN unnest($1::text[], $2::text[]) AS k(company_id, invoice_id)
           ON o.company_id = k.company_id AND o.invoice_id = k.invoice_id
        WHERE o.status = 'POSTED'`,
      [documents.map((d) => d.companyId), documents.map((d) => d.invoiceId)],
    );
    return new Set(rows.map((row) => documentKey(row.company_id, row.invoice_id)));
  },

  async record(tx, rows) {
    if (rows.length === 0) return new Set();
    const column = <T>(pick: (row: OutcomeRow) => T) => rows.map(pick);
    const written = await prismaSql(tx).query<{ company_id: string; invoice_id: string }>(
      `INSERT INTO posting_outcome AS o (
         company_id, invoice_id, customer_id, document_type, status, currency, total_amount,
         invoice_number, transaction_number, ledger_entry_id, reasons, posting_run_id,
         request_event_id, requested_at, completed_at, paid_amount)
       SELECT * FROM unnest(
         $1::text[], $2::text[], $3::text[], $4::document_type[], $5::posting_status[], $6::text[], $7::numeric[],
         $8::text[], $9::bigint[], $10::text[], $11::jsonb[], $12::text[],
         $13::uuid[], $14::timestamptz[], $15::timestamptz[], $16::numeric[])
       ON CONFLICT (company_id, invoice_id) DO UPDATE SET
         customer_id = EXCLUDED.customer_id,
         document_type = EXCLUDED.document_type,
         status = EXCLUDED.status,
         currency = EXCLUDED.currency,
         total_amount = EXCLUDED.total_amount,
         paid_amount = EXCLUDED.paid_amount,
         invoice_number = EXCLUDED.invoice_number,
         transaction_number = EXCLUDED.transaction_number,
         ledger_entry_id = EXCLUDED.ledger_entry_id,
         reasons = EXCLUDED.reasons,
         posting_run_id = EXCLUDED.posting_run_id,
         request_event_id = EXCLUDED.request_event_id,
         requested_at = EXCLUDED.requested_at,
         completed_at = EXCLUDED.completed_at,
         updated_at = CURRENT_TIMESTAMP
       WHERE o.status <> 'POSTED'
       RETURNING o.company_id, o.invoice_id`,
      [
        column((r) => r.companyId),
        column((r) => r.invoiceId),
        column((r) => r.customerId),
        column((r) => r.documentType ?? null),
        column((r) => r.status),
        column((r) => r.currency),
        column((r) => r.totalAmount.toFixed()),
        column((r) => r.invoiceNumber ?? null),
        column((r) => r.transactionNumber ?? null),
        column((r) => r.ledgerEntryId ?? null),
        column((r) => JSON.stringify(r.reasons)),
        column((r) => (r.postingRunId === '' ? null : r.postingRunId)),
        column((r) => r.requestEventId),
        column((r) => r.requestedAt.toISOString()),
        column((r) => r.completedAt.toISOString()),
        column((r) => r.paidAmount.toFixed()),
      ],
    );
    const keys = new Set(written.map((row) => documentKey(row.company_id, row.invoice_id)));
    await applyOutcomesToRuns(prismaSql(tx), rows.filter((row) => keys.has(documentKey(row.companyId, row.invoiceId))));
    return keys;
  },
};

/** The outcome of one document, or null when posting has had no request for it. */
export function findOutcome(
  prisma: PostingDatabase['prisma'],
  companyId: string,
  invoiceId: string,
): Promise<PostingOutcome | null> {
  return prisma.postingOutcome.findUnique({ where: { companyId_invoiceId: { companyId, invoiceId } } });
}

/**
 * What a posted document adds to its customer's balance, document currency: its total (credit
 * memos negative) less the post-and-pay payment posted with it.
 */
export interface PostedDocumentTotal {
  invoiceId: string;
  customerId: string;
  currency: string;
  totalAmount: Decimal;
}

/**
 * The documents of the named customers of one company POSTED with a ledger transaction number
 * above the one given for their customer, in one statement on the partial index of POSTED outcomes.
 */
export async function findPostedAfter(
  prisma: PostingDatabase['prisma'],
  companyId: string,
  customers: readonly { customerId: string; appliedTransactionNumber: bigint }[],
): Promise<PostedDocumentTotal[]> {
  if (customers.length === 0) return [];
  const rows = await prismaSql(prisma).query<{ invoice_id: string; customer_id: string; currency: string; total_amount: string }>(
    `SELECT o.invoice_id, o.customer_id, o.currency,
            (CASE WHEN o.document_type = 'CREDIT_MEMO' THEN -o.total_amount ELSE o.total_amount END - o.paid_amount)::text AS total_amount
       FROM unnest($2::text[], $3::bigint[]) AS k(customer_id, transaction_number)
       JOIN posting_outcome o
         ON o.company_id = $1 AND o.customer_id = k.customer_id AND o.status = 'POSTED' AND o.transaction_number > k.transaction_number`,
    [companyId, customers.map((customer) => customer.customerId), customers.map((customer) => customer.appliedTransactionNumber.toString())],
  );
  return rows.map((row) => ({
    invoiceId: row.invoice_id,
    customerId: row.customer_id,
    currency: row.currency,
    totalAmount: new MoneyDecimal(row.total_amount),
  }));
}
