import { prismaSql, type SqlExecutor } from '@ledgerline/db';
import { MoneyDecimal } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { PostingError } from '../domain/posting-document.js';
import type { AccountTotal, AssessedDocument, CustomerTotal, RunReport } from '../domain/posting-run.js';
import type { PostingDatabase, PostingTransaction } from './client.js';

export type RunStatus = 'REPORTED' | 'COMMITTING' | 'COMPLETED';
export type DocumentResult = 'PENDING' | 'POSTED' | 'FAILED';

export interface RunKey {
  companyId: string;
  postingRunId: string;
}

/** A stored run: its request, report and commit state. */
export interface RunRecord extends RunKey {
  status: RunStatus;
  selection: unknown;
  creditCheckMode: string;
  creditCorrection: boolean;
  description: string;
  requestFingerprint: string;
  report: RunReport;
  createdAt: Date;
  reportedAt: Date;
  committedAt: Date | undefined;
  completedAt: Date | undefined;
}

/** One selected document as stored, with its commit result once committed. */
export interface RunDocumentRecord {
  invoiceId: string;
  customerId: string;
  draftNumber: string;
  documentType: string;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  totalAmount: Decimal;
  customerItemsToCreate: number;
  blockers: PostingError[];
  result: DocumentResult | undefined;
  resultReasons: PostingError[];
  invoiceNumber: string | undefined;
  transactionNumber: string | undefined;
  ledgerEntryId: string | undefined;
  requestedAt: Date | undefined;
  completedAt: Date | undefined;
}

export interface ResultCounts {
  posted: number;
  failed: number;
  pending: number;
  /** Selected documents the commit has not reached yet. */
  unprocessed: number;
}

type Reader = PostingDatabase['prisma'] | PostingTransaction;

/**
 * Stores a reported run and its documents in the caller's transaction; false when the id is
 * taken. The documents are stored packed, as one JSON array of tuples in report order, because
 * writing them as 100,000 rows took 2 s of the report's 5 s; `unpackRunDocuments` turns them into
 * rows before anything reads them.
 */
export async function insertRun(
  sql: SqlExecutor,
  run: Omit<RunRecord, 'status' | 'createdAt' | 'committedAt' | 'completedAt'>,
  documents: readonly AssessedDocument[],
): Promise<boolean> {
  const inserted = await sql.execute(
    `INSERT INTO posting_run (company_id, posting_run_id, status, selection, credit_check_mode, credit_correction, description,
                              request_fingerprint, document_count, postable_count, blocked_count, customer_items_to_create,
                              customer_totals, account_totals, reported_at)
     VALUES ($1, $2, 'REPORTED', $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14)
     ON CONFLICT (company_id, posting_run_id) DO NOTHING`,
    [
      run.companyId,
      run.postingRunId,
      JSON.stringify(run.selection),
      run.creditCheckMode,
      run.creditCorrection,
      run.description,
      run.requestFingerprint,
      run.report.documentCount,
      run.report.postableCount,
      run.report.blockedCount,
      run.report.customerItemsToCreate,
      JSON.stringify(run.report.customerTotals.map(customerTotalToJson)),
      JSON.stringify(run.report.accountTotals.map(accountTotalToJson)),
      run.reportedAt.toISOString(),
    ],
  );
  if (inserted === 0) return false;
  // A tuple per document, its fields in the order unpackRunDocuments reads them: invoice id,
  // customer id, draft number, document type, invoice date, due date (null: none), currency,
  // total amount, customer items to create, blockers. A plain loop: 100,000 documents go through it.
  const packed: unknown[] = [];
  for (const document of documents) {
    packed.push([
      document.invoiceId,
      document.customerId,
      document.draftNumber,
      document.documentType ?? '',
      document.invoiceDate,
      document.dueDate === '' ? null : document.dueDate,
      document.currency,
      document.totalAmount.toFixed(),
      document.customerItemsToCreate,
      document.blockers,
    ]);
  }
  await sql.execute(`INSERT INTO posting_run_packed_documents (company_id, posting_run_id, documents) VALUES ($1, $2, $3::json)`, [
    run.companyId,
    run.postingRunId,
    JSON.stringify(packed),
  ]);
  return true;
}

/**
 * Unpacks a run's packed documents into posting_run_document rows (position = index in the
 * array) and deletes the packed value, in one statement: concurrent calls unpack once, since the
 * second one's DELETE finds the row gone. A read of a reported run calls it first, and the commit
 * calls it in the transaction that marks the run committing; once unpacked it is a primary-key
 * probe that finds nothing. Answers how many rows it wrote.
 */
export async function unpackRunDocuments(sql: SqlExecutor, key: RunKey): Promise<number> {
  return sql.execute(
    `WITH packed AS (DELETE FROM posting_run_packed_documents WHERE company_id = $1 AND posting_run_id = $2 RETURNING documents)
     INSERT INTO posting_run_document (company_id, posting_run_id, invoice_id, position, customer_id, draft_number, document_type,
                                       invoice_date, due_date, currency, total_amount, customer_items_to_create, blockers)
     SELECT $1, $2, e.d->>0, e.position - 1, e.d->>1, e.d->>2, e.d->>3, (e.d->>4)::date, (e.d->>5)::date, e.d->>6,
            (e.d->>7)::numeric, (e.d->>8)::int, (e.d->9)::jsonb
       FROM packed, json_array_elements(packed.documents) WITH ORDINALITY AS e(d, position)`,
    [key.companyId, key.postingRunId],
  );
}

interface RunRow {
  company_id: string;
  posting_run_id: string;
  status: RunStatus;
  selection: unknown;
  credit_check_mode: string;
  credit_correction: boolean;
  description: string;
  request_fingerprint: string;
  document_count: number;
  postable_count: number;
  blocked_count: number;
  customer_items_to_create: number;
  customer_totals: ReturnType<typeof customerTotalToJson>[];
  account_totals: ReturnType<typeof accountTotalToJson>[];
  created_at: Date;
  reported_at: Date;
  committed_at: Date | null;
  completed_at: Date | null;
}

export async function findRun(db: Reader, key: RunKey, forUpdate = false): Promise<RunRecord | undefined> {
  const [row] = await prismaSql(db).query<RunRow>(
    `SELECT * FROM posting_run WHERE company_id = $1 AND posting_run_id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [key.companyId, key.postingRunId],
  );
  if (row === undefined) return undefined;
  return {
    companyId: row.company_id,
    postingRunId: row.posting_run_id,
    status: row.status,
    selection: row.selection,
    creditCheckMode: row.credit_check_mode,
    creditCorrection: row.credit_correction,
    description: row.description,
    requestFingerprint: row.request_fingerprint,
    report: {
      documentCount: row.document_count,
      postableCount: row.postable_count,
      blockedCount: row.blocked_count,
      customerItemsToCreate: row.customer_items_to_create,
      customerTotals: row.customer_totals.map((total) => ({
        customerId: total.customerId,
        currency: total.currency,
        documentCount: total.documentCount,
        netAmount: new MoneyDecimal(total.netAmount),
        taxAmount: new MoneyDecimal(total.taxAmount),
        totalAmount: new MoneyDecimal(total.totalAmount),
      })),
      accountTotals: row.account_totals.map((total) => ({
        account: total.account,
        homeCurrency: total.homeCurrency,
        homeDebit: new MoneyDecimal(total.homeDebit),
        homeCredit: new MoneyDecimal(total.homeCredit),
      })),
    },
    createdAt: new Date(row.created_at),
    reportedAt: new Date(row.reported_at),
    committedAt: row.committed_at === null ? undefined : new Date(row.committed_at),
    completedAt: row.completed_at === null ? undefined : new Date(row.completed_at),
  };
}

function customerTotalToJson(total: CustomerTotal) {
  return {
    customerId: total.customerId,
    currency: total.currency,
    documentCount: total.documentCount,
    netAmount: total.netAmount.toFixed(),
    taxAmount: total.taxAmount.toFixed(),
    totalAmount: total.totalAmount.toFixed(),
  };
}

function accountTotalToJson(total: AccountTotal) {
  return { account: total.account, homeCurrency: total.homeCurrency, homeDebit: total.homeDebit.toFixed(), homeCredit: total.homeCredit.toFixed() };
}

interface DocumentRow {
  invoice_id: string;
  customer_id: string;
  draft_number: string;
  document_type: string;
  invoice_date: string;
  due_date: string | null;
  currency: string;
  total_amount: string;
  customer_items_to_create: number;
  blockers: PostingError[];
  result: DocumentResult | null;
  result_reasons: PostingError[];
  invoice_number: string | null;
  transaction_number: string | null;
  ledger_entry_id: string | null;
  requested_at: Date | null;
  completed_at: Date | null;
}

/** The run's documents, all or only the blocked ones, in report order (customer, then draft number). */
export async function runDocuments(db: Reader, key: RunKey, which: 'ALL' | 'BLOCKED'): Promise<RunDocumentRecord[]> {
  const rows = await prismaSql(db).query<DocumentRow>(
    `SELECT invoice_id, customer_id, draft_number, document_type, to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date,
            to_char(due_date, 'YYYY-MM-DD') AS due_date, currency, total_amount::text AS total_amount, customer_items_to_create,
            blockers, result, result_reasons, invoice_number, transaction_number::text AS transaction_number, ledger_entry_id,
            requested_at, completed_at
       FROM posting_run_document WHERE company_id = $1 AND posting_run_id = $2 AND ($3 = 'ALL' OR blockers <> '[]'::jsonb) ORDER BY position`,
    [key.companyId, key.postingRunId, which],
  );
  return rows.map((row) => ({
    invoiceId: row.invoice_id,
    customerId: row.customer_id,
    draftNumber: row.draft_number,
    documentType: row.document_type,
    invoiceDate: row.invoice_date,
    dueDate: row.due_date ?? '',
    currency: row.currency,
    totalAmount: new MoneyDecimal(row.total_amount),
    customerItemsToCreate: row.customer_items_to_create,
    blockers: row.blockers,
    result: row.result ?? undefined,
    resultReasons: row.result_reasons,
    invoiceNumber: row.invoice_number ?? undefined,
    transactionNumber: row.transaction_number ?? undefined,
    ledgerEntryId: row.ledger_entry_id ?? undefined,
    requestedAt: row.requested_at === null ? undefined : new Date(row.requested_at),
    completedAt: row.completed_at === null ? undefined : new Date(row.completed_at),
  }));
}

export async function resultCounts(db: Reader, key: RunKey): Promise<ResultCounts> {
  const [row] = await prismaSql(db).query<{ posted: number; failed: number; pending: number; unprocessed: number }>(
    `SELECT count(*) FILTER (WHERE result = 'POSTED')::int AS posted, count(*) FILTER (WHERE result = 'FAILED')::int AS failed,
            count(*) FILTER (WHERE result = 'PENDING')::int AS pending, count(*) FILTER (WHERE result IS NULL)::int AS unprocessed
       FROM posting_run_document WHERE company_id = $1 AND posting_run_id = $2`,
    [key.companyId, key.postingRunId],
  );
  return row ?? { posted: 0, failed: 0, pending: 0, unprocessed: 0 };
}

export async function markCommitting(sql: SqlExecutor, key: RunKey, at: Date): Promise<void> {
  await sql.execute(`UPDATE posting_run SET status = 'COMMITTING', committed_at = $3 WHERE company_id = $1 AND posting_run_id = $2 AND status = 'REPORTED'`, [
    key.companyId,
    key.postingRunId,
    at.toISOString(),
  ]);
}

/**
 * The next documents the commit must still handle, in report order: those it has not reached,
 * and those marked pending whose posting request may not have been made (an interrupted commit).
 */
export async function documentsToCommit(db: Reader, key: RunKey, limit: number): Promise<{ invoiceId: string; blockers: PostingError[] }[]> {
  const rows = await prismaSql(db).query<{ invoice_id: string; blockers: PostingError[] }>(
    `SELECT invoice_id, blockers FROM posting_run_document
      WHERE company_id = $1 AND posting_run_id = $2 AND (result IS NULL OR (result = 'PENDING' AND requested_at IS NULL))
      ORDER BY position LIMIT $3`,
    [key.companyId, key.postingRunId, limit],
  );
  return rows.map((row) => ({ invoiceId: row.invoice_id, blockers: row.blockers }));
}

/**
 * Marks documents pending before their posting is requested, so an outcome that arrives
 * straight after the request finds its row waiting for it.
 */
export async function markPending(sql: SqlExecutor, key: RunKey, invoiceIds: readonly string[]): Promise<void> {
  await sql.execute(
    `UPDATE posting_run_document SET result = 'PENDING' WHERE company_id = $1 AND posting_run_id = $2 AND invoice_id = ANY($3::text[]) AND result IS NULL`,
    [key.companyId, key.postingRunId, invoiceIds],
  );
}

export async function markRequested(sql: SqlExecutor, key: RunKey, invoiceIds: readonly string[], at: Date): Promise<void> {
  await sql.execute(
    `UPDATE posting_run_document SET requested_at = $4 WHERE company_id = $1 AND posting_run_id = $2 AND invoice_id = ANY($3::text[]) AND requested_at IS NULL`,
    [key.companyId, key.postingRunId, invoiceIds, at.toISOString()],
  );
}

/** Records documents the commit refused itself (blocked since the report, or refused by invoicing). */
export async function markFailed(sql: SqlExecutor, key: RunKey, failures: readonly { invoiceId: string; reasons: readonly PostingError[] }[], at: Date): Promise<void> {
  if (failures.length === 0) return;
  await sql.execute(
    `UPDATE posting_run_document d SET result = 'FAILED', result_reasons = u.reasons, completed_at = $5
       FROM unnest($3::text[], $4::jsonb[]) AS u(invoice_id, reasons)
      WHERE d.company_id = $1 AND d.posting_run_id = $2 AND d.invoice_id = u.invoice_id AND (d.result IS NULL OR d.result = 'PENDING')`,
    [key.companyId, key.postingRunId, failures.map((failure) => failure.invoiceId), failures.map((failure) => JSON.stringify(failure.reasons)), at.toISOString()],
  );
}

/** A committing run whose every document has a final result is completed. */
export async function completeIfDone(sql: SqlExecutor, key: RunKey): Promise<void> {
  await sql.execute(
    `UPDATE posting_run r SET status = 'COMPLETED',
            completed_at = (SELECT max(completed_at) FROM posting_run_document d WHERE d.company_id = r.company_id AND d.posting_run_id = r.posting_run_id)
      WHERE r.company_id = $1 AND r.posting_run_id = $2 AND r.status = 'COMMITTING'
        AND NOT EXISTS (SELECT 1 FROM posting_run_packed_documents p WHERE p.company_id = r.company_id AND p.posting_run_id = r.posting_run_id)
        AND NOT EXISTS (SELECT 1 FROM posting_run_document d
                         WHERE d.company_id = r.company_id AND d.posting_run_id = r.posting_run_id AND (d.result IS NULL OR d.result = 'PENDING'))`,
    [key.companyId, key.postingRunId],
  );
}

/** Runs of this service left committing, e.g. by a restart in the middle of a commit. */
export async function committingRuns(db: Reader): Promise<RunKey[]> {
  const rows = await prismaSql(db).query<{ company_id: string; posting_run_id: string }>(
    `SELECT company_id, posting_run_id FROM posting_run WHERE status = 'COMMITTING' ORDER BY committed_at`,
    [],
  );
  return rows.map((row) => ({ companyId: row.company_id, postingRunId: row.posting_run_id }));
}

/**
 * Copies outcomes of run documents into their runs, in the transaction that records them, and
 * completes runs that have nothing left pending. Only pending rows change, so a run's result
 * stays what it was even if the document is posted again later on its own.
 */
export async function applyOutcomesToRuns(
  sql: SqlExecutor,
  outcomes: readonly {
    companyId: string;
    postingRunId: string;
    invoiceId: string;
    status: 'POSTED' | 'FAILED';
    reasons: readonly PostingError[];
    invoiceNumber?: string;
    transactionNumber?: string;
    ledgerEntryId?: string;
    completedAt: Date;
  }[],
): Promise<void> {
  const ofRuns = outcomes.filter((outcome) => outcome.postingRunId !== '');
  if (ofRuns.length === 0) return;
  const column = <T>(pick: (outcome: (typeof ofRuns)[number]) => T) => ofRuns.map(pick);
  await sql.execute(
    `UPDATE posting_run_document d
        SET result = u.status, result_reasons = u.reasons, invoice_number = u.invoice_number, transaction_number = u.transaction_number,
            ledger_entry_id = u.ledger_entry_id, completed_at = u.completed_at, requested_at = COALESCE(d.requested_at, u.completed_at)
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::bigint[], $8::text[], $9::timestamptz[])
            AS u(company_id, posting_run_id, invoice_id, status, reasons, invoice_number, transaction_number, ledger_entry_id, completed_at)
      WHERE d.company_id = u.company_id AND d.posting_run_id = u.posting_run_id AND d.invoice_id = u.invoice_id AND d.result = 'PENDING'`,
    [
      column((o) => o.companyId),
      column((o) => o.postingRunId),
      column((o) => o.invoiceId),
      column((o) => o.status),
      column((o) => JSON.stringify(o.reasons)),
      column((o) => o.invoiceNumber ?? null),
      column((o) => o.transactionNumber ?? null),
      column((o) => o.ledgerEntryId ?? null),
      column((o) => o.completedAt.toISOString()),
    ],
  );
  const runs = new Map(ofRuns.map((outcome) => [`${outcome.companyId}\u0000${outcome.postingRunId}`, outcome]));
  for (const outcome of runs.values()) await completeIfDone(sql, outcome);
}
