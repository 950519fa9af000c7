import { groupBy } from '@ledgerline/collections';
import type { SqlExecutor } from '@ledgerline/db';
import { STATUSES_CREATING_ITEMS, type DraftState, type DraftStatus, type LineUnit } from '../domain/drafts.js';
import type { DocumentKey } from './locks.js';

/** A stored draft. */
export interface DraftRecord extends DraftState {
  companyId: string;
  invoiceId: string;
  draftId: string;
}

interface DraftRow {
  company_id: string;
  invoice_id: string;
  line_number: number;
  unit: number;
  draft_id: string;
  customer_id: string;
  product_id: string;
  serial_number: string;
  description: string;
  description_corrected: boolean;
  status: DraftStatus;
  reviewed_by: string;
  reviewed_at: Date | null;
}

const DRAFT_COLUMNS = `company_id, invoice_id, line_number, unit, draft_id, customer_id, product_id, serial_number, description,
  description_corrected, status, reviewed_by, reviewed_at`;

function toRecord(row: DraftRow): DraftRecord {
  return {
    companyId: row.company_id,
    invoiceId: row.invoice_id,
    draftId: row.draft_id,
    lineNumber: row.line_number,
    unit: row.unit,
    customerId: row.customer_id,
    productId: row.product_id,
    serialNumber: row.serial_number,
    description: row.description,
    descriptionCorrected: row.description_corrected,
    status: row.status,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at === null ? undefined : new Date(row.reviewed_at),
  };
}

/** The drafts of one document, by line and unit. */
export async function documentDrafts(sql: SqlExecutor, document: DocumentKey): Promise<DraftRecord[]> {
  const rows = await sql.query<DraftRow>(
    `SELECT ${DRAFT_COLUMNS} FROM customer_item_draft WHERE company_id = $1 AND invoice_id = $2 ORDER BY line_number, unit`,
    [document.companyId, document.invoiceId],
  );
  return rows.map(toRecord);
}

/** Replaces every draft of one document with the given ones, in two statements whatever their number. */
export async function replaceDocumentDrafts(sql: SqlExecutor, document: DocumentKey, drafts: readonly DraftRecord[]): Promise<void> {
  await sql.execute(`DELETE FROM customer_item_draft WHERE company_id = $1 AND invoice_id = $2`, [document.companyId, document.invoiceId]);
  if (drafts.length === 0) return;
  await sql.execute(
    `INSERT INTO customer_item_draft (company_id, invoice_id, line_number, unit, draft_id, customer_id, product_id, serial_number, description,
                                      description_corrected, status, reviewed_by, reviewed_at)
     SELECT $1::text, $2::text, * FROM unnest($3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[], $11::text[],
                                  $12::text[], $13::timestamptz[])`,
    [
      document.companyId,
      document.invoiceId,
      drafts.map((draft) => draft.lineNumber),
      drafts.map((draft) => draft.unit),
      drafts.map((draft) => draft.draftId),
      drafts.map((draft) => draft.customerId),
      drafts.map((draft) => draft.productId),
      drafts.map((draft) => draft.serialNumber),
      drafts.map((draft) => draft.description),
      drafts.map((draft) => draft.descriptionCorrected),
      drafts.map((draft) => draft.status),
      drafts.map((draft) => draft.reviewedBy),
      drafts.map((draft) => draft.reviewedAt?.toISOString() ?? null),
    ],
  );
}

/** One draft by id; `forUpdate` locks it for the rest of the transaction. */
export async function findDraft(sql: SqlExecutor, companyId: string, draftId: string, forUpdate: boolean): Promise<DraftRecord | undefined> {
  const [row] = await sql.query<DraftRow>(
    `SELECT ${DRAFT_COLUMNS} FROM customer_item_draft WHERE company_id = $1 AND draft_id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [companyId, draftId],
  );
  return row === undefined ? undefined : toRecord(row);
}

/** Stores a review: decision, reviewer, time and description. */
export async function saveReview(sql: SqlExecutor, draft: DraftRecord): Promise<void> {
  await sql.execute(
    `UPDATE customer_item_draft
        SET status = $3, reviewed_by = $4, reviewed_at = $5::timestamptz, description = $6, description_corrected = $7
      WHERE company_id = $1 AND draft_id = $2`,
    [draft.companyId, draft.draftId, draft.status, draft.reviewedBy, draft.reviewedAt?.toISOString() ?? null, draft.description, draft.descriptionCorrected],
  );
}

export interface DraftQuery {
  companyId: string;
  /** Empty: any. */
  invoiceId: string;
  /** Empty: any. */
  customerId: string;
  /** Empty: any. */
  statuses: readonly DraftStatus[];
  /** Keyset position of the previous page's last draft. */
  after: { invoiceId: string; lineNumber: number; unit: number } | undefined;
  limit: number;
}

/** Drafts by invoice id, line number and unit, after the cursor's position. */
export async function selectDrafts(sql: SqlExecutor, query: DraftQuery): Promise<DraftRecord[]> {
  const rows = await sql.query<DraftRow>(
    `SELECT ${DRAFT_COLUMNS} FROM customer_item_draft
      WHERE company_id = $1
        AND ($2 = '' OR invoice_id = $2)
        AND ($3 = '' OR customer_id = $3)
        AND (cardinality($4::text[]) = 0 OR status = ANY($4::text[]))
        AND ($5::text IS NULL OR (invoice_id, line_number, unit) > ($5::text, $6::int, $7::int))
      ORDER BY invoice_id, line_number, unit
      LIMIT $8`,
    [
      query.companyId,
      query.invoiceId,
      query.customerId,
      query.statuses,
      query.after?.invoiceId ?? null,
      query.after?.lineNumber ?? null,
      query.after?.unit ?? null,
      query.limit,
    ],
  );
  return rows.map(toRecord);
}

export interface DocumentDraftCount {
  invoiceId: string;
  itemsToCreate: number;
  pendingReview: number;
}

/**
 * Per document with drafts: the drafts that will become customer items and those awaiting
 * review. One statement for the whole selection, served by the primary key.
 */
export async function countDrafts(sql: SqlExecutor, companyId: string, invoiceIds: readonly string[]): Promise<DocumentDraftCount[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await sql.query<{ invoice_id: string; items_to_create: number; pending_review: number }>(
    `SELECT invoice_id,
            (count(*) FILTER (WHERE status = ANY($3::text[])))::int AS items_to_create,
            (count(*) FILTER (WHERE status = 'PENDING_REVIEW'))::int AS pending_review
       FROM customer_item_draft
      WHERE company_id = $1 AND invoice_id = ANY($2::text[])
      GROUP BY invoice_id`,
    [companyId, invoiceIds, STATUSES_CREATING_ITEMS],
  );
  return rows.map((row) => ({ invoiceId: row.invoice_id, itemsToCreate: row.items_to_create, pendingReview: row.pending_review }));
}

/** A draft turned into a customer item, with the document it belongs to. */
export interface ConvertedDraft extends LineUnit, DocumentKey {}

/**
 * Marks the drafts of posted documents that are not excluded CONVERTED and answers them with
 * their reviewed descriptions. Excluded drafts stay as they are.
 *
 * The drafts are found by company and an array of document ids, not by a join with an unnest of
 * keys: with statistics taken when few drafts had these statuses, the planner would scan every
 * such draft once per document of the batch.
 */
export async function convertDrafts(sql: SqlExecutor, documents: readonly DocumentKey[]): Promise<ConvertedDraft[]> {
  const converted: ConvertedDraft[] = [];
  for (const [companyId, ofCompany] of groupBy(documents, (document) => document.companyId)) {
    const rows = await sql.query<{ invoice_id: string; line_number: number; unit: number; product_id: string; serial_number: string; description: string }>(
      `UPDATE customer_item_draft AS d SET status = 'CONVERTED'
        WHERE d.company_id = $1 AND d.invoice_id = ANY($2::text[]) AND d.status = ANY($3::text[])
        RETURNING d.invoice_id, d.line_number, d.unit, d.product_id, d.serial_number, d.description`,
      [companyId, [...new Set(ofCompany.map((document) => document.invoiceId))], STATUSES_CREATING_ITEMS],
    );
    for (const row of rows) {
      converted.push({
        companyId,
        invoiceId: row.invoice_id,
        lineNumber: row.line_number,
        unit: row.unit,
        productId: row.product_id,
        serialNumber: row.serial_number,
        description: row.description,
      });
    }
  }
  return converted;
}

/** The lines of the documents that have drafts at all, whatever their decisions. */
export async function linesWithDrafts(sql: SqlExecutor, documents: readonly DocumentKey[]): Promise<Array<DocumentKey & { lineNumber: number }>> {
  if (documents.length === 0) return [];
  const rows = await sql.query<{ company_id: string; invoice_id: string; line_number: number }>(
    `SELECT DISTINCT d.company_id, d.invoice_id, d.line_number
       FROM customer_item_draft AS d
       JOIN unnest($1::text[], $2::text[]) AS u(company_id, invoice_id) ON d.company_id = u.company_id AND d.invoice_id = u.invoice_id`,
    [documents.map((document) => document.companyId), documents.map((document) => document.invoiceId)],
  );
  return rows.map((row) => ({ companyId: row.company_id, invoiceId: row.invoice_id, lineNumber: row.line_number }));
}
