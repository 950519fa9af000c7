import { commonV1, postingV1 } from '@ledgerline/contracts';
import type { CreatePostingRunBody } from './posting-run-requests.js';
import { businessErrorToJson, creditCheckModes, documentTypes } from './mapping.js';

/** Posting-run shapes between gRPC and REST; same conventions as mapping.ts. Pure. */

const instant = (value: Date | undefined): string | null => (value === undefined ? null : value.toISOString());
const orNull = (value: string): string | null => (value === '' ? null : value);

const RUN_STATUS_NAMES: Partial<Record<postingV1.PostingRunStatus, string>> = {
  [postingV1.PostingRunStatus.POSTING_RUN_STATUS_REPORTED]: 'REPORTED',
  [postingV1.PostingRunStatus.POSTING_RUN_STATUS_COMMITTING]: 'COMMITTING',
  [postingV1.PostingRunStatus.POSTING_RUN_STATUS_COMPLETED]: 'COMPLETED',
};

const RESULT_NAMES: Partial<Record<postingV1.PostingStatus, string>> = {
  [postingV1.PostingStatus.POSTING_STATUS_PENDING]: 'PENDING',
  [postingV1.PostingStatus.POSTING_STATUS_POSTED]: 'POSTED',
  [postingV1.PostingStatus.POSTING_STATUS_FAILED]: 'FAILED',
};

export function createPostingRunRequest(companyId: string, body: CreatePostingRunBody): postingV1.CreatePostingRunRequest {
  const selection = body.selection;
  return postingV1.CreatePostingRunRequest.fromPartial({
    companyId,
    postingRunId: body.id,
    selection: {
      documentTypes: (selection.documentTypes ?? []).map((type) => documentTypes.toProto(type)),
      customerRange: { from: selection.customerFrom ?? '', to: selection.customerTo ?? '' },
      numberRange: { from: selection.numberFrom ?? '', to: selection.numberTo ?? '' },
      invoiceDate: { from: selection.invoiceDateFrom ?? '', to: selection.invoiceDateTo ?? '' },
      dueDate: { from: selection.dueDateFrom ?? '', to: selection.dueDateTo ?? '' },
      invoiceIds: selection.invoiceIds ?? [],
    },
    creditCheckMode: body.creditCheckMode === undefined ? commonV1.CreditCheckMode.CREDIT_CHECK_MODE_UNSPECIFIED : creditCheckModes.toProto(body.creditCheckMode),
    creditCorrection: body.creditCorrection ?? false,
    description: body.description ?? '',
  });
}

/**
 * A run as REST shows it. `completedWithErrors` says "not all transactions were posted" [002]
 * once the run is completed with failures.
 */
export function postingRunToJson(run: postingV1.PostingRun, withDocuments: boolean) {
  const report = run.report;
  const status = RUN_STATUS_NAMES[run.status] ?? null;
  return {
    id: run.postingRunId,
    status,
    completedWithErrors: status === 'COMPLETED' && run.failedCount > 0,
    message: status === 'COMPLETED' && run.failedCount > 0 ? 'not all transactions were posted' : null,
    description: run.description,
    creditCheckMode: creditCheckModes.toName(run.creditCheckMode),
    creditCorrection: run.creditCorrection,
    report: {
      documentCount: report?.documentCount ?? 0,
      postableCount: report?.postableCount ?? 0,
      blockedCount: report?.blockedCount ?? 0,
      customerItemsToCreate: report?.customerItemsToCreate ?? 0,
      customerTotals: (report?.customerTotals ?? []).map((total) => ({ ...total })),
      accountTotals: (report?.accountTotals ?? []).map((total) => ({ ...total })),
      documents: withDocuments
        ? (report?.documents ?? []).map((document) => ({
            invoiceId: document.invoiceId,
            draftNumber: document.draftNumber,
            customerId: document.customerId,
            documentType: documentTypes.toName(document.documentType),
            invoiceDate: document.invoiceDate,
            dueDate: orNull(document.dueDate),
            currency: document.currency,
            totalAmount: document.totalAmount,
            customerItemsToCreate: document.customerItemsToCreate,
            blockers: document.blockers.map(businessErrorToJson),
          }))
        : null,
      reportedAt: instant(report?.reportedAt),
    },
    postedCount: run.postedCount,
    failedCount: run.failedCount,
    pendingCount: run.pendingCount,
    results: withDocuments
      ? run.results.map((result) => ({
          invoiceId: result.invoiceId,
          status: RESULT_NAMES[result.status] ?? null,
          invoiceNumber: orNull(result.invoiceNumber),
          transactionNumber: result.transactionNumber === '0' || result.transactionNumber === '' ? null : Number(result.transactionNumber),
          reasons: result.reasons.map(businessErrorToJson),
        }))
      : null,
    createdAt: instant(run.createdAt),
    committedAt: instant(run.committedAt),
    completedAt: instant(run.completedAt),
  };
}
