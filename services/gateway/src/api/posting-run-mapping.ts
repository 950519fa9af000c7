import { postingV1 } from '@ledgerline/contracts';
import type { CreatePostingRunBody, CreateRecurringRunBody } from './posting-run-requests.js';
import { businessErrorToJson, counter, creditCheckModes, creditCheckModeToProto, documentTypes, enumMap, instant, orNull } from './mapping.js';

/** Posting-run shapes between gRPC and REST; same conventions as mapping.ts. Pure. */

const runStatuses = enumMap([
  ['REPORTED', postingV1.PostingRunStatus.POSTING_RUN_STATUS_REPORTED],
  ['COMMITTING', postingV1.PostingRunStatus.POSTING_RUN_STATUS_COMMITTING],
  ['COMPLETED', postingV1.PostingRunStatus.POSTING_RUN_STATUS_COMPLETED],
] as const);

const results = enumMap([
  ['PENDING', postingV1.PostingStatus.POSTING_STATUS_PENDING],
  ['POSTED', postingV1.PostingStatus.POSTING_STATUS_POSTED],
  ['FAILED', postingV1.PostingStatus.POSTING_STATUS_FAILED],
] as const);

const increments = enumMap<postingV1.RecurrenceIncrement, CreateRecurringRunBody['increment']>([
  ['DAY', postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_DAY],
  ['WEEK', postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_WEEK],
  ['MONTH', postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_MONTH],
]);

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
    increment: increments.toProto(body.increment),
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
    increment: increments.toName(recurring.increment),
    creditCheckMode: creditCheckModes.toName(recurring.creditCheckMode),
    creditCorrection: recurring.creditCorrection,
    description: recurring.description,
    occurrences: recurring.occurrences,
    nextRunAt: instant(recurring.nextRunAt),
    postingRunIds: recurring.postingRunIds,
    createdAt: instant(recurring.createdAt),
  };
}

/** A document of a run's report as REST shows it. */
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

/**
 * A run as REST shows it. `completedWithErrors` says "not all transactions were posted" [002]
 * once the run is completed with failures.
 */
export function postingRunToJson(run: postingV1.PostingRun, withDocuments: boolean) {
  const report = run.report;
  const status = runStatuses.toName(run.status);
  const completedWithErrors = status === 'COMPLETED' && run.failedCount > 0;
  return {
    id: run.postingRunId,
    status,
    completedWithErrors,
    message: completedWithErrors ? 'not all transactions were posted' : null,
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
          status: results.toName(result.status),
          invoiceNumber: orNull(result.invoiceNumber),
          transactionNumber: counter(result.transactionNumber),
          reasons: result.reasons.map(businessErrorToJson),
        }))
      : null,
    createdAt: instant(run.createdAt),
    committedAt: instant(run.committedAt),
    completedAt: instant(run.completedAt),
  };
}
