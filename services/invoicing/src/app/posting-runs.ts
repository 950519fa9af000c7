import { prismaSql, type SqlExecutor } from '@ledgerline/db';
import { enqueueEvents } from '@ledgerline/kafka';
import {
  lockInvoices,
  selectForPosting,
  summarizeForPosting,
  type PostingSelectionQuery,
  type SummarizedSelection,
  type SummaryCriteria,
} from '../db/selection.js';
import { postingRefusal } from '../domain/status.js';
import type { FieldError, InvoiceStatus } from '../domain/types.js';
import { refused, type Outcome, type RequestPostingCommand } from './commands.js';
import { fingerprintOf } from './fingerprint.js';
import type { InvoiceRecord, InvoicingDependencies } from './invoicing.js';

/** Page size of a posting run's selection when the caller asks for none. */
export const SELECTION_PAGE_SIZE_DEFAULT = 1_000;
/** Largest page of a selection (invoicing_service.proto). */
export const SELECTION_PAGE_SIZE_MAX = 5_000;
/** Largest selection summarized at once (invoicing_service.proto): the largest posting run. */
export const SUMMARY_DOCUMENTS_MAX = 200_000;
/** Most documents one RequestPostingBatch may name (invoicing_service.proto). */
export const POSTING_BATCH_DOCUMENTS_MAX = 5_000;
/** Most customers one GetUnpostedTotals may name (invoicing_service.proto). */
export const UNPOSTED_TOTALS_CUSTOMERS_MAX = 1_000;

export type PostingSelection = Omit<PostingSelectionQuery, 'companyId' | 'after' | 'limit'>;

export class InvalidSelectionCursorError extends Error {
  constructor() {
    super('the selection cursor is not one this service issued');
    this.name = 'InvalidSelectionCursorError';
  }
}

export interface PostingBatchResult {
  invoiceId: string;
  status: InvoiceStatus | undefined;
  errors: FieldError[];
}

/** A posting request of many documents: for a posting run, or one request by the caller's id. */
export type PostingBatchCommand = Omit<RequestPostingCommand, 'invoiceId' | 'payment'>;

export interface UnpostedTotal {
  customerId: string;
  currency: string;
  totalAmount: string;
  documentCount: number;
}

/** What posting runs need of invoicing: their selection, their posting requests, and unposted totals. */
export class PostingRunSupport {
  constructor(private readonly dependencies: InvoicingDependencies) {}

  /** A page of the In Progress documents a run selects, in (customer, id) order, with their lines. */
  async selectDocuments(
    companyId: string,
    selection: PostingSelection,
    page: { size: number; cursor: string },
  ): Promise<{ invoices: InvoiceRecord[]; nextCursor: string }> {
    const size = pageSizeOf(page);
    const invoices = await selectForPosting(this.dependencies.database.bulk, {
      ...selection,
      companyId,
      after: decodeCursor(page.cursor),
      limit: size + 1,
    });
    const pageOf = invoices.slice(0, size);
    const last = pageOf.at(-1);
    return { invoices: pageOf, nextCursor: invoices.length > size && last !== undefined ? encodeCursor(last.customerId, last.invoiceId) : '' };
  }

  /**
   * A run's whole selection for its report, set-wise: plain documents summarized and summed, the
   * others named (invoicing_service.proto, SummarizeDocumentsForPosting).
   */
  async summarizeDocuments(companyId: string, selection: PostingSelection, criteria: SummaryCriteria, documentsMax: number): Promise<SummarizedSelection> {
    if (documentsMax > SUMMARY_DOCUMENTS_MAX) throw new Error(`at most ${SUMMARY_DOCUMENTS_MAX} documents are summarized at once`);
    return summarizeForPosting(this.dependencies.database.bulk, { ...selection, companyId }, criteria, documentsMax);
  }

  /**
   * Queues many documents in one transaction, for a posting run or as one posting request of
   * the caller's (exactly one of postingRunId and requestId is set): each In Progress document
   * moves to Ready to Post and its InvoicePostingRequested goes to the outbox with it. A document
   * the same run or request queued before answers with its status and no new event, so a commit
   * that was interrupted, or a request whose answer was lost, can simply be repeated; any other
   * status is answered with its reason. A request id used before with other documents or options
   * is refused as a whole (CONFLICT) and nothing changes.
   */
  async requestPostingBatch(command: PostingBatchCommand, invoiceIds: readonly string[]): Promise<Outcome<PostingBatchResult[]>> {
    if ((command.postingRunId === '') === (command.requestId === '')) throw new Error('a posting batch names exactly one of a posting run and a request id');
    const { database, postingRequestedEvent, notifyOutbox } = this.dependencies;
    const requestHash = command.requestId === '' ? '' : postingBatchHashOf(command, invoiceIds);
    const outcome = await database.store.transaction(async (tx): Promise<Outcome<PostingBatchResult[]>> => {
      if (command.requestId !== '' && !(await claimRequestId(prismaSql(tx), command, requestHash, invoiceIds.length))) {
        return refused('CONFLICT', `request id ${command.requestId} (Idempotency-Key) was used for a posting request of other documents or options; use a new key`);
      }
      const found = new Map((await lockInvoices(prismaSql(tx), command.companyId, invoiceIds)).map((invoice) => [invoice.invoiceId, invoice]));
      const answers: PostingBatchResult[] = [];
      const queued: InvoiceRecord[] = [];
      const now = new Date();
      for (const invoiceId of invoiceIds) {
        const invoice = found.get(invoiceId);
        if (invoice === undefined) {
          answers.push({ invoiceId, status: undefined, errors: [{ code: 'NOT_FOUND', message: `document ${invoiceId} does not exist`, fieldPath: '' }] });
          continue;
        }
        const status = invoice.status as InvoiceStatus;
        if (status === 'IN_PROGRESS') {
          queued.push({
            ...invoice,
            status: 'READY_TO_POST',
            postingRunId: command.postingRunId,
            postingRequestId: command.requestId,
            postingRequestHash: requestHash,
            errors: [],
            updatedAt: now,
          });
          answers.push({ invoiceId, status: 'READY_TO_POST', errors: [] });
        } else if (status !== 'DISCARDED' && queuedByThisBatch(invoice, command)) {
          answers.push({ invoiceId, status, errors: [] });
        } else {
          const refusal = postingRefusal(status);
          answers.push({ invoiceId, status, errors: refusal === undefined ? [] : [refusal] });
        }
      }
      if (queued.length > 0) {
        await prismaSql(tx).execute(
          `UPDATE invoice SET status = 'READY_TO_POST', posting_run_id = $3, posting_request_id = $4, posting_request_hash = $5, errors = '[]'::jsonb, updated_at = $6
            WHERE company_id = $1 AND invoice_id = ANY($2::text[])`,
          [command.companyId, queued.map((invoice) => invoice.invoiceId), command.postingRunId, command.requestId, requestHash, now],
        );
        await enqueueEvents(
          prismaSql(tx),
          queued.map((invoice) => postingRequestedEvent(invoice, { ...command, invoiceId: invoice.invoiceId })),
        );
      }
      return { ok: true, value: answers };
    });
    if (outcome.ok && outcome.value.some((result) => result.errors.length === 0 && result.status === 'READY_TO_POST')) notifyOutbox();
    return outcome;
  }

  /** Each customer's In Progress and Ready to Post documents summed per currency, credit memos negative. */
  async unpostedTotals(companyId: string, customerIds: readonly string[], excludeInvoiceIds: readonly string[]): Promise<UnpostedTotal[]> {
    const rows = await prismaSql(this.dependencies.database.prisma).query<{ customer_id: string; currency: string; total: string; documents: number }>(
      `SELECT customer_id, currency, sum(CASE WHEN type = 'CREDIT_MEMO' THEN -total_amount ELSE total_amount END)::text AS total, count(*)::int AS documents
         FROM invoice
        WHERE company_id = $1 AND customer_id = ANY($2::text[]) AND status IN ('IN_PROGRESS', 'READY_TO_POST')
          AND NOT (invoice_id = ANY($3::text[]))
        GROUP BY customer_id, currency
        ORDER BY customer_id, currency`,
      [companyId, [...customerIds], [...excludeInvoiceIds]],
    );
    return rows.map((row) => ({ customerId: row.customer_id, currency: row.currency, totalAmount: row.total, documentCount: row.documents }));
  }
}

/** Whether the run or request of this batch is the one that queued the document. */
function queuedByThisBatch(invoice: InvoiceRecord, command: PostingBatchCommand): boolean {
  return command.postingRunId !== '' ? invoice.postingRunId === command.postingRunId : invoice.postingRequestId === command.requestId;
}

/**
 * The fingerprint of a posting request of many documents: its documents, in any order, and its
 * options. The same request id with another fingerprint is another request.
 */
function postingBatchHashOf(command: PostingBatchCommand, invoiceIds: readonly string[]): string {
  const content = {
    invoiceIds: [...invoiceIds].sort(),
    creditCheckMode: command.creditCheckMode ?? 'NONE',
    creditCorrection: command.creditCorrection,
  };
  return fingerprintOf(content);
}

/**
 * Records the request id with its fingerprint, or finds it recorded. False when it was recorded
 * with another fingerprint. A concurrent first use of the id waits on the insert and then reads
 * the winner's row, so two different requests never both pass.
 */
async function claimRequestId(sql: SqlExecutor, command: PostingBatchCommand, requestHash: string, documentCount: number): Promise<boolean> {
  const inserted = await sql.query(
    `INSERT INTO posting_request (company_id, request_id, request_hash, document_count) VALUES ($1, $2, $3, $4)
     ON CONFLICT (company_id, request_id) DO NOTHING RETURNING 1`,
    [command.companyId, command.requestId, requestHash, documentCount],
  );
  if (inserted.length === 1) return true;
  const existing = await sql.query<{ request_hash: string }>(`SELECT request_hash FROM posting_request WHERE company_id = $1 AND request_id = $2`, [
    command.companyId,
    command.requestId,
  ]);
  return existing[0]?.request_hash === requestHash;
}

function pageSizeOf(page: { size: number }): number {
  return Math.min(page.size === 0 ? SELECTION_PAGE_SIZE_DEFAULT : page.size, SELECTION_PAGE_SIZE_MAX);
}

function encodeCursor(customerId: string, invoiceId: string): string {
  return Buffer.from(JSON.stringify([customerId, invoiceId]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { customerId: string; invoiceId: string } | undefined {
  if (cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { customerId: value[0], invoiceId: value[1] };
    }
  } catch {
    // Falls through to the error below, like any cursor this service did not issue.
  }
  throw new InvalidSelectionCursorError();
}
