import { prismaSql } from '@ledgerline/db';
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
import type { RequestPostingCommand } from './commands.js';
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
   * Queues many documents of one posting run in one transaction: each In Progress document
   * moves to Ready to Post and its InvoicePostingRequested goes to the outbox with it. A
   * document this run queued before answers as queued again with no new event, so a commit
   * that was interrupted can simply be repeated; any other status is answered with its reason.
   */
  async requestPostingBatch(command: Omit<RequestPostingCommand, 'invoiceId' | 'requestId'>, invoiceIds: readonly string[]): Promise<PostingBatchResult[]> {
    const { database, postingRequestedEvent, notifyOutbox } = this.dependencies;
    const results = await database.store.transaction(async (tx) => {
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
          queued.push({ ...invoice, status: 'READY_TO_POST', postingRunId: command.postingRunId, postingRequestId: '', errors: [], updatedAt: now });
          answers.push({ invoiceId, status: 'READY_TO_POST', errors: [] });
        } else if (status !== 'DISCARDED' && invoice.postingRunId === command.postingRunId) {
          answers.push({ invoiceId, status, errors: [] });
        } else {
          const refusal = postingRefusal(status);
          answers.push({ invoiceId, status, errors: refusal === undefined ? [] : [refusal] });
        }
      }
      if (queued.length > 0) {
        await tx.$executeRawUnsafe(
          `UPDATE invoice SET status = 'READY_TO_POST', posting_run_id = $3, posting_request_id = '', errors = '[]'::jsonb, updated_at = $4
            WHERE company_id = $1 AND invoice_id = ANY($2::text[])`,
          command.companyId,
          queued.map((invoice) => invoice.invoiceId),
          command.postingRunId,
          now,
        );
        await enqueueEvents(
          prismaSql(tx),
          queued.map((invoice) => postingRequestedEvent(invoice, { ...command, invoiceId: invoice.invoiceId, requestId: '' })),
        );
      }
      return answers;
    });
    if (results.some((result) => result.errors.length === 0 && result.status === 'READY_TO_POST')) notifyOutbox();
    return results;
  }

  /** Each customer's In Progress and Ready to Post documents summed per currency, credit memos negative. */
  async unpostedTotals(companyId: string, customerIds: readonly string[], excludeInvoiceIds: readonly string[]): Promise<UnpostedTotal[]> {
    const rows = await this.dependencies.database.prisma.$queryRawUnsafe<{ customer_id: string; currency: string; total: string; documents: number }[]>(
      `SELECT customer_id, currency, sum(CASE WHEN type = 'CREDIT_MEMO' THEN -total_amount ELSE total_amount END)::text AS total, count(*)::int AS documents
         FROM invoice
        WHERE company_id = $1 AND customer_id = ANY($2::text[]) AND status IN ('IN_PROGRESS', 'READY_TO_POST')
          AND NOT (invoice_id = ANY($3::text[]))
        GROUP BY customer_id, currency
        ORDER BY customer_id, currency`,
      companyId,
      [...customerIds],
      [...excludeInvoiceIds],
    );
    return rows.map((row) => ({ customerId: row.customer_id, currency: row.currency, totalAmount: row.total, documentCount: row.documents }));
  }
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
