import { countDrafts, documentDrafts, findDraft, replaceDocumentDrafts, saveReview, selectDrafts, type DraftRecord } from '../db/drafts.js';
import { isPosted } from '../db/customer-items.js';
import { lockDocuments, type DocumentKey } from '../db/locks.js';
import { applyReview, checkReview, mergeProposal, proposedUnits, reviewRefusal, type DraftLine, type DraftStatus, type Review } from '../domain/drafts.js';
import { accepted, ErrorCode, rejected, type Outcome } from '../domain/errors.js';
import { inTransaction, type CustomerItemContext } from './context.js';
import { draftIdOf } from './ids.js';
import { decodeCursor, encodeCursor, pageSizeOf } from './paging.js';

/** Most documents one CountCustomerItemsForSelection call may name (customer_item_service.proto). */
export const SELECTION_DOCUMENTS_MAX = 10_000;

/** ProposeDrafts lines that cannot be interpreted; the caller answers INVALID_ARGUMENT. */
export class InvalidDraftLinesError extends Error {
  constructor(problems: readonly string[]) {
    super(`the lines cannot be proposed: ${problems.join('; ')}`);
    this.name = 'InvalidDraftLinesError';
  }
}

/** ProposeDrafts for a posted document, whose drafts never change again; the caller answers FAILED_PRECONDITION. */
export class DocumentPostedError extends Error {
  constructor(invoiceId: string) {
    super(`document ${invoiceId} is posted; its drafts no longer change`);
    this.name = 'DocumentPostedError';
  }
}

export interface Proposal extends DocumentKey {
  customerId: string;
  lines: readonly DraftLine[];
}

/**
 * Replaces the drafts of a document with one per whole unit of the given lines, under the
 * document's lock. A unit whose product and serial number are unchanged keeps its review, so
 * the same proposal again changes nothing; the ids are those of the units' positions.
 */
export async function proposeDrafts(context: CustomerItemContext, proposal: Proposal): Promise<DraftRecord[]> {
  const units = proposedUnits(proposal.lines);
  if (!units.ok) throw new InvalidDraftLinesError(units.problems);
  const document = { companyId: proposal.companyId, invoiceId: proposal.invoiceId };
  return inTransaction(context, async (sql) => {
    await lockDocuments(sql, [document]);
    if (await isPosted(sql, document)) throw new DocumentPostedError(document.invoiceId);
    const existing = await documentDrafts(sql, document);
    const drafts = mergeProposal(units.units, existing, proposal.customerId).map((draft) => ({
      ...draft,
      ...document,
      draftId: draftIdOf({ invoiceId: document.invoiceId, lineNumber: draft.lineNumber, unit: draft.unit }),
    }));
    await replaceDocumentDrafts(sql, document, drafts);
    return drafts;
  });
}

/**
 * Records a review. The draft is read, its document locked and the draft read again under
 * that lock, so a review either lands before the document's InvoicePosted is applied (and is
 * what posting uses) or is refused with INVALID_STATE after it.
 */
export async function reviewDraft(context: CustomerItemContext, key: { companyId: string; draftId: string }, review: Review): Promise<Outcome<DraftRecord>> {
  const errors = checkReview(review);
  const decision = review.decision;
  if (errors.length > 0 || decision === undefined) return rejected(errors);
  const notFound = rejected<DraftRecord>([{ code: ErrorCode.NOT_FOUND, message: `draft ${key.draftId} does not exist`, fieldPath: '' }]);
  return inTransaction(context, async (sql) => {
    const seen = await findDraft(sql, key.companyId, key.draftId, false);
    if (seen === undefined) return notFound;
    await lockDocuments(sql, [seen]);
    // A proposal may have removed the unit between the first read and the lock.
    const draft = await findDraft(sql, key.companyId, key.draftId, true);
    if (draft === undefined) return notFound;
    const refusal = reviewRefusal(key.draftId, draft.status, await isPosted(sql, draft));
    if (refusal !== undefined) return rejected([refusal]);
    const reviewed: DraftRecord = { ...draft, ...applyReview(draft, { ...review, decision }, new Date()) };
    await saveReview(sql, reviewed);
    return accepted(reviewed);
  });
}

export interface DraftListQuery {
  companyId: string;
  invoiceId: string;
  customerId: string;
  statuses: readonly DraftStatus[];
  pageSize: number;
  cursor: string;
}

/** Drafts by invoice id, line number and unit; keyset paging on that order. */
export async function listDrafts(context: CustomerItemContext, query: DraftListQuery): Promise<{ drafts: DraftRecord[]; nextCursor: string }> {
  const after = query.cursor === '' ? undefined : decodeCursor(query.cursor, ['text', 'int', 'int'] as const);
  const pageSize = pageSizeOf(query.pageSize);
  const rows = await selectDrafts(context.database.store.direct, {
    companyId: query.companyId,
    invoiceId: query.invoiceId,
    customerId: query.customerId,
    statuses: query.statuses,
    after: after === undefined ? undefined : { invoiceId: after[0], lineNumber: after[1], unit: after[2] },
    limit: pageSize + 1,
  });
  const drafts = rows.slice(0, pageSize);
  const last = drafts.at(-1);
  return { drafts, nextCursor: rows.length > pageSize && last !== undefined ? encodeCursor([last.invoiceId, last.lineNumber, last.unit]) : '' };
}

export interface SelectionCount {
  totalItemsToCreate: number;
  totalPendingReview: number;
  /** Documents with at least one draft, in request order, each once. */
  documents: Array<{ invoiceId: string; itemsToCreate: number; pendingReview: number }>;
}

/**
 * How many customer items posting the documents will create and how many drafts await review,
 * in one query for the whole selection. A document named twice counts once.
 */
export async function countForSelection(context: CustomerItemContext, companyId: string, invoiceIds: readonly string[]): Promise<SelectionCount> {
  const unique = [...new Set(invoiceIds)];
  const counts = new Map((await countDrafts(context.database.store.direct, companyId, unique)).map((count) => [count.invoiceId, count]));
  const documents = unique.flatMap((invoiceId) => {
    const count = counts.get(invoiceId);
    return count === undefined ? [] : [count];
  });
  return {
    totalItemsToCreate: documents.reduce((total, document) => total + document.itemsToCreate, 0),
    totalPendingReview: documents.reduce((total, document) => total + document.pendingReview, 0),
    documents,
  };
}
