import type { SqlExecutor } from '@ledgerline/db';
import type { BatchOrigin, BatchStatus } from '../domain/batch.js';

/** A stored batch's summary. */
export interface BatchRecord {
  companyId: string;
  batchId: string;
  batchNumber: bigint;
  closeDate: string;
  status: BatchStatus;
  dummy: boolean;
  origin: BatchOrigin;
  requestFingerprint: string;
  customerCount: number;
  documentCount: number;
  printCount: number;
  createdAt: Date;
  printedAt: Date | undefined;
}

interface BatchRow {
  company_id: string;
  batch_id: string;
  batch_number: string;
  close_date: string;
  status: BatchStatus;
  dummy: boolean;
  origin: BatchOrigin;
  request_fingerprint: string;
  customer_count: number;
  document_count: number;
  print_count: number;
  created_at: Date;
  printed_at: Date | null;
}

const BATCH_COLUMNS = `company_id, batch_id, batch_number::text AS batch_number, to_char(close_date, 'YYYY-MM-DD') AS close_date, status, dummy,
  origin, request_fingerprint, customer_count, document_count, print_count, created_at, printed_at`;

function toRecord(row: BatchRow): BatchRecord {
  return {
    companyId: row.company_id,
    batchId: row.batch_id,
    batchNumber: BigInt(row.batch_number),
    closeDate: row.close_date,
    status: row.status,
    dummy: row.dummy,
    origin: row.origin,
    requestFingerprint: row.request_fingerprint,
    customerCount: row.customer_count,
    documentCount: row.document_count,
    printCount: row.print_count,
    createdAt: new Date(row.created_at),
    printedAt: row.printed_at === null ? undefined : new Date(row.printed_at),
  };
}

/** One batch; `forUpdate` locks it so changes to it run one at a time. */
export async function findBatch(sql: SqlExecutor, companyId: string, batchId: string, forUpdate = false): Promise<BatchRecord | undefined> {
  const [row] = await sql.query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM invoice_batch WHERE company_id = $1 AND batch_id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [companyId, batchId],
  );
  return row === undefined ? undefined : toRecord(row);
}

/**
 * Batches newest number first, after the cursor's number; `statuses` filters. The ORDER BY names
 * the table's bigint column: the bare name would sort the text output column ("10" before "9").
 */
export async function listBatches(
  sql: SqlExecutor,
  query: { companyId: string; statuses: readonly BatchStatus[]; beforeNumber: bigint | undefined; limit: number },
): Promise<BatchRecord[]> {
  const rows = await sql.query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM invoice_batch
      WHERE company_id = $1 AND status = ANY($2::text[]) AND ($3::bigint IS NULL OR batch_number < $3::bigint)
      ORDER BY invoice_batch.batch_number DESC LIMIT $4`,
    [query.companyId, query.statuses, query.beforeNumber?.toString() ?? null, query.limit],
  );
  return rows.map(toRecord);
}

/**
 * Locks the company's batch numbering until the transaction ends, so batches of one company are
 * created one at a time: a creation then sees every batch committed before it, and a
 * rolled-back creation gives its number back.
 */
export async function lockBatchNumbers(sql: SqlExecutor, companyId: string): Promise<void> {
  await sql.execute(`INSERT INTO batch_number_sequence (company_id, last_number) VALUES ($1, 0) ON CONFLICT (company_id) DO NOTHING`, [companyId]);
  await sql.query(`SELECT last_number FROM batch_number_sequence WHERE company_id = $1 FOR UPDATE`, [companyId]);
}

/** The company's next batch number; the caller holds the lock of lockBatchNumbers. */
export async function nextBatchNumber(sql: SqlExecutor, companyId: string): Promise<bigint> {
  const [row] = await sql.query<{ last_number: string }>(
    `UPDATE batch_number_sequence SET last_number = last_number + 1 WHERE company_id = $1 RETURNING last_number::text AS last_number`,
    [companyId],
  );
  if (row === undefined) throw new Error(`no batch number sequence for company ${companyId}`);
  return BigInt(row.last_number);
}

/** Inserts a new open batch; the caller holds the lock of lockBatchNumbers and checked the id is free. */
export async function insertBatch(
  sql: SqlExecutor,
  batch: { companyId: string; batchId: string; batchNumber: bigint; closeDate: string; dummy: boolean; origin: BatchOrigin; requestFingerprint: string },
): Promise<void> {
  await sql.execute(
    `INSERT INTO invoice_batch (company_id, batch_id, batch_number, close_date, status, dummy, origin, request_fingerprint)
     VALUES ($1, $2, $3::bigint, $4::date, 'OPEN', $5, $6, $7)`,
    [batch.companyId, batch.batchId, batch.batchNumber.toString(), batch.closeDate, batch.dummy, batch.origin, batch.requestFingerprint],
  );
}

/** What generation selects besides the batch itself. */
export interface GenerationQuery {
  companyId: string;
  batchId: string;
  closeDate: string;
  cutoffDays: readonly number[];
  includeCustomerIds: readonly string[];
  includeDocumentIds: readonly string[];
  onlyCustomerIds: readonly string[];
}

/**
 * Puts every selected unbatched document into the batch: first the documents the override
 * names (whatever their date), then, customer by customer through the customer index, the
 * documents dated up to the close date of the customers chosen by cutoff day (or by the
 * override and restriction lists). `batch_id IS NULL` is re-checked under each row's lock, so a
 * document taken by a concurrent batch is skipped, never taken twice. Two statements, because
 * one statement may not update a row twice and a named document may also be selected by customer.
 */
export async function takeDocumentsForGeneration(sql: SqlExecutor, query: GenerationQuery): Promise<{ customerCount: number; documentCount: number }> {
  const named = await addDocuments(sql, query, query.includeDocumentIds);
  const byCustomer = await takeAndJoin(
    sql,
    `WITH selected_customer AS (
       SELECT customer_id FROM batch_customer_profile
        WHERE company_id = $1 AND cardinality($6::text[]) = 0 AND cutoff_day = ANY($4::int[])
       UNION
       SELECT unnest($5::text[]) WHERE cardinality($6::text[]) = 0
       UNION
       SELECT unnest($6::text[])
     )
     UPDATE ar_document d SET batch_id = $2
       FROM selected_customer s
      WHERE d.company_id = $1 AND d.customer_id = s.customer_id AND d.batch_id IS NULL AND d.invoice_date <= $3::date
     RETURNING d.customer_id`,
    [query.companyId, query.batchId, query.closeDate, query.cutoffDays, query.includeCustomerIds, query.onlyCustomerIds],
  );
  return { customerCount: named.customerCount + byCustomer.customerCount, documentCount: named.documentCount + byCustomer.documentCount };
}

/**
 * Runs an UPDATE that moves documents into the batch ($1 company, $2 batch) and returns their
 * customer ids, adds those customers to the batch, and counts both, in one statement.
 */
async function takeAndJoin(sql: SqlExecutor, update: string, params: readonly unknown[]): Promise<{ customerCount: number; documentCount: number }> {
  const [row] = await sql.query<{ customer_count: number; document_count: number }>(
    `WITH taken AS (${update}),
     joined AS (
       INSERT INTO batch_customer (company_id, batch_id, customer_id)
       SELECT DISTINCT $1, $2, customer_id FROM taken
       ON CONFLICT DO NOTHING
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM joined)::int AS customer_count, (SELECT count(*) FROM taken)::int AS document_count`,
    params,
  );
  return { customerCount: row?.customer_count ?? 0, documentCount: row?.document_count ?? 0 };
}

/** Adds customers to a batch with their unbatched documents dated up to its close date. */
export async function addCustomers(
  sql: SqlExecutor,
  batch: { companyId: string; batchId: string; closeDate: string },
  customerIds: readonly string[],
): Promise<{ customersAdded: number; documentsAdded: number }> {
  const customersAdded = await sql.execute(
    `INSERT INTO batch_customer (company_id, batch_id, customer_id) SELECT $1, $2, unnest($3::text[])
     ON CONFLICT DO NOTHING`,
    [batch.companyId, batch.batchId, customerIds],
  );
  const documentsAdded = await sql.execute(
    `UPDATE ar_document SET batch_id = $2
      WHERE company_id = $1 AND customer_id = ANY($3::text[]) AND batch_id IS NULL AND invoice_date <= $4::date`,
    [batch.companyId, batch.batchId, customerIds, batch.closeDate],
  );
  return { customersAdded, documentsAdded };
}

/** Takes a customer and its documents out of a batch; the documents become available again. */
export async function removeCustomer(
  sql: SqlExecutor,
  batch: { companyId: string; batchId: string },
  customerId: string,
): Promise<{ customersRemoved: number; documentsRemoved: number }> {
  const documentsRemoved = await sql.execute(
    `UPDATE ar_document SET batch_id = NULL WHERE company_id = $1 AND customer_id = $2 AND batch_id = $3`,
    [batch.companyId, customerId, batch.batchId],
  );
  const customersRemoved = await sql.execute(`DELETE FROM batch_customer WHERE company_id = $1 AND batch_id = $2 AND customer_id = $3`, [
    batch.companyId,
    batch.batchId,
    customerId,
  ]);
  return { customersRemoved, documentsRemoved };
}

/** Where each named document is now, locking them so no other batch can take them meanwhile. */
export async function lockDocuments(
  sql: SqlExecutor,
  companyId: string,
  documentIds: readonly string[],
): Promise<Map<string, { customerId: string; batchId: string | undefined }>> {
  const rows = await sql.query<{ document_id: string; customer_id: string; batch_id: string | null }>(
    `SELECT document_id, customer_id, batch_id FROM ar_document
      WHERE company_id = $1 AND document_id = ANY($2::text[]) ORDER BY document_id FOR UPDATE`,
    [companyId, documentIds],
  );
  return new Map(rows.map((row) => [row.document_id, { customerId: row.customer_id, batchId: row.batch_id ?? undefined }]));
}

/** Moves the named documents that are in no batch into this one, and their customers with them. */
export async function addDocuments(
  sql: SqlExecutor,
  batch: { companyId: string; batchId: string },
  documentIds: readonly string[],
): Promise<{ customerCount: number; documentCount: number }> {
  return takeAndJoin(
    sql,
    `UPDATE ar_document SET batch_id = $2 WHERE company_id = $1 AND document_id = ANY($3::text[]) AND batch_id IS NULL RETURNING customer_id`,
    [batch.companyId, batch.batchId, documentIds],
  );
}

export async function removeDocument(sql: SqlExecutor, batch: { companyId: string; batchId: string }, documentId: string): Promise<number> {
  return sql.execute(`UPDATE ar_document SET batch_id = NULL WHERE company_id = $1 AND document_id = $2 AND batch_id = $3`, [
    batch.companyId,
    documentId,
    batch.batchId,
  ]);
}

/** Customers known from CustomerChanged among the given ids. */
export async function knownCustomers(sql: SqlExecutor, companyId: string, customerIds: readonly string[]): Promise<Set<string>> {
  const rows = await sql.query<{ customer_id: string }>(
    `SELECT customer_id FROM batch_customer_profile WHERE company_id = $1 AND customer_id = ANY($2::text[])`,
    [companyId, customerIds],
  );
  return new Set(rows.map((row) => row.customer_id));
}

/** Moves the batch's counters by the rows a change touched. */
export async function adjustCounts(
  sql: SqlExecutor,
  batch: { companyId: string; batchId: string },
  delta: { customers: number; documents: number },
): Promise<void> {
  await sql.execute(
    `UPDATE invoice_batch SET customer_count = customer_count + $3, document_count = document_count + $4 WHERE company_id = $1 AND batch_id = $2`,
    [batch.companyId, batch.batchId, delta.customers, delta.documents],
  );
}

export async function setCloseDate(sql: SqlExecutor, batch: { companyId: string; batchId: string }, closeDate: string): Promise<void> {
  await sql.execute(`UPDATE invoice_batch SET close_date = $3::date WHERE company_id = $1 AND batch_id = $2`, [batch.companyId, batch.batchId, closeDate]);
}

/**
 * Releases every document of the batch and marks it deleted. The row stays, with its customers,
 * so the company's batch numbers remain gapless and the deletion is visible.
 */
export async function markDeleted(sql: SqlExecutor, batch: { companyId: string; batchId: string }): Promise<void> {
  await sql.execute(
    `UPDATE ar_document d SET batch_id = NULL
       FROM batch_customer bc
      WHERE bc.company_id = $1 AND bc.batch_id = $2
        AND d.company_id = bc.company_id AND d.customer_id = bc.customer_id AND d.batch_id = $2`,
    [batch.companyId, batch.batchId],
  );
  await sql.execute(
    `UPDATE invoice_batch SET status = 'DELETED', deleted_at = CURRENT_TIMESTAMP, document_count = 0 WHERE company_id = $1 AND batch_id = $2`,
    [batch.companyId, batch.batchId],
  );
}

/** Marks the batch printed (the first print's time stays) and counts the print. */
export async function markPrinted(sql: SqlExecutor, batch: { companyId: string; batchId: string }): Promise<void> {
  await sql.execute(
    `UPDATE invoice_batch SET status = 'PRINTED', printed_at = COALESCE(printed_at, CURRENT_TIMESTAMP), print_count = print_count + 1
      WHERE company_id = $1 AND batch_id = $2`,
    [batch.companyId, batch.batchId],
  );
}
