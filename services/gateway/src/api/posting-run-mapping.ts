import { commonV1, postingV1 } from '@ledgerline/contracts';
import type { CreatePostingRunBody, CreateRecurringRunBody } from './posting-run-requests.js';
import { businessErrorToJson, creditCheckModes, documentTypes, instant, orNull } from './mapping.js';

/** Posting-run shapes between gRPC and REST; same conventions as mapping.ts. Pure. */

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

const INCREMENTS: Record<CreateRecurringRunBody['increment'], postingV1.RecurrenceIncrement> = {
  DAY: postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_DAY,
  WEEK: postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_WEEK,
  MONTH: postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_MONTH,
};
const INCREMENT_NAMES = Object.fromEntries(Object.entries(INCREMENTS).map(([name, value]) => [value, name])) as Record<number, string>;

function selectionToProto(selection: CreatePostingRunBody['selection']): postingV1.PostingSelection {
  return {
    documentTypes: (selection.documentTypes ?? []).map((type) => documentTypes.toProto(type)),
    customerRange: { from: selection.customerFrom ?? '', to: selection.customerTo ?? '' },
    numberRange: { from: selection.numberFrom ?? '', to: selection.numberTo ?? '' },
    invoiceDate: { from: selection.invoiceDateFrom ?? '', to: selection.invoiceDateTo ?? '' },
    dueDate: { from: selection.dueDateFrom ?? '', to: selection.dueDateTo ?? '' },
    invoiceIds: selection.invoiceIds ?? [],
  };
}

function creditCheckModeToProto(mode: CreatePostingRunBody['creditCheckMode']): commonV1.CreditCheckMode {
  return mode === undefined ? commonV1.CreditCheckMode.CREDIT_CHECK_MODE_UNSPECIFIED : creditCheckModes.toProto(mode);
}

export function createPostingRunRequest(companyId: string, body: CreatePostingRunBody, withDocuments: boolean): postingV1.CreatePostingRunRequest {
  return postingV1.CreatePostingRunRequest.fromPartial({
    omitDocuments: !withDocuments,
    companyId,
    postingRunId: body.id,
    selection: selectionToProto(body.selection),
    creditCheckMode: creditCheckModeToProto(body.creditCheckMode),
    creditCorrection: body.creditCorrection ?? false,
    description: body.description ?? '',
  });
}

export function createRecurringRunRequest(companyId: string, body: CreateRecurringRunBody): postingV1.CreateRecurringPostingRunRequest {
  return postingV1.CreateRecurringPostingRunRequest.fromPartial({
    companyId,
    recurringRunId: body.id,
    selection: selectionToProto(body.selection),
    increment: INCREMENTS[body.increment],
    firstRunAt: new Date(body.firstRunAt),
    creditCheckMode: creditCheckModeToProto(body.creditCheckMode),
    creditCorrection: body.creditCorrection ?? false,
    description: body.description ?? '',
  });
}

export function recurringRunToJson(recurring: postingV1.RecurringPostingRun) {
  const selection = recurring.selection;
  return {
    id: recurring.recurringRunId,
    selection: {
      documentTypes: (selection?.documentTypes ?? []).map((type) => documentTypes.toName(type)),
      customerFrom: orNull(selection?.customerRange?.from ?? ''),
      customerTo: orNull(selection?.customerRange?.to ?? ''),
      numberFrom: orNull(selection?.numberRange?.from ?? ''),
      numberTo: orNull(selection?.numberRange?.to ?? ''),
      invoiceDateFrom: orNull(selection?.invoiceDate?.from ?? ''),
      invoiceDateTo: orNull(selection?.invoiceDate?.to ?? ''),
      dueDateFrom: orNull(selection?.dueDate?.from ?? ''),
      dueDateTo: orNull(selection?.dueDate?.to ?? ''),
      invoiceIds: selection?.invoiceIds ?? [],
    },
    increment: INCREMENT_NAMES[recurring.increment] ?? null,
    creditCheckMode: creditCheckModes.toName(recurring.creditCheckMode),
    creditCorrection: recurring.creditCorrection,
    description: recurring.description,
    occurrences: recurring.occurrences,
    nextRunAt: instant(recurring.nextRunAt),
    postingRunIds: recurring.postingRunIds,
    createdAt: instant(recurring.createdAt),
  };
}

/**
 * A run as REST shows it. `completedWithErrors` says "not all transactions were posted" [002]
 * once the run is completed with failures.
 */
function reportedDocumentToJson(document: postingV1.ReportedDocument) {
  return {
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
  };
}

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
      documents: withDocuments ? (report?.documents ?? []).map(reportedDocumentToJson) : null,
      blockedDocuments: (report?.documents ?? []).filter((document) => document.blockers.length > 0).map(reportedDocumentToJson),
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
