import { commonV1, postingV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, type AsyncServiceImplementation } from '@ledgerline/grpc';
import { formatAmount, isCurrencyCode } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import {
  commitPostingRun,
  createPostingRun,
  getPostingRun,
  type CommitsInProgress,
  type PostingRunContext,
  type RunOutcome,
  type RunSelection,
  type RunView,
} from '../app/posting-runs.js';
import type { RunDocumentRecord } from '../db/posting-runs.js';
import type { RecurringRecord } from '../db/recurring-runs.js';
import { createRecurringRun, getRecurringRun, runOccurrence, type RecurringOutcome } from '../app/recurring-runs.js';
import type { RecurrenceIncrement } from '../domain/recurrence.js';
import type { CreditCheckMode } from '../domain/blockers.js';
import type { DocumentType, PostingError } from '../domain/posting-document.js';
import { CREDIT_CHECK_MODE_FROM_WIRE, CREDIT_CHECK_MODE_TO_WIRE, DOCUMENT_TYPE_FROM_WIRE, DOCUMENT_TYPE_TO_WIRE } from './wire-enums.js';

type PostingRunHandlers = Pick<
  AsyncServiceImplementation<postingV1.PostingServiceServer>,
  'createPostingRun' | 'getPostingRun' | 'commitPostingRun' | 'createRecurringPostingRun' | 'getRecurringPostingRun' | 'runRecurringPostingRun'
>;

const INCREMENTS: Partial<Record<postingV1.RecurrenceIncrement, RecurrenceIncrement>> = {
  [postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_DAY]: 'DAY',
  [postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_WEEK]: 'WEEK',
  [postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_MONTH]: 'MONTH',
};

const INCREMENTS_TO_WIRE: Record<RecurrenceIncrement, postingV1.RecurrenceIncrement> = {
  DAY: postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_DAY,
  WEEK: postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_WEEK,
  MONTH: postingV1.RecurrenceIncrement.RECURRENCE_INCREMENT_MONTH,
};

const RUN_STATUSES = {
  REPORTED: postingV1.PostingRunStatus.POSTING_RUN_STATUS_REPORTED,
  COMMITTING: postingV1.PostingRunStatus.POSTING_RUN_STATUS_COMMITTING,
  COMPLETED: postingV1.PostingRunStatus.POSTING_RUN_STATUS_COMPLETED,
} as const;

const RESULT_STATUSES = {
  PENDING: postingV1.PostingStatus.POSTING_STATUS_PENDING,
  POSTED: postingV1.PostingStatus.POSTING_STATUS_POSTED,
  FAILED: postingV1.PostingStatus.POSTING_STATUS_FAILED,
} as const;

/** The posting-run RPCs of posting.v1.PostingService: requests to use cases and back. */
export function postingRunHandlers(context: PostingRunContext, commits: CommitsInProgress): PostingRunHandlers {
  return {
    async createPostingRun(request) {
      requireIds(request.companyId, request.postingRunId);
      const outcome = await createPostingRun(context, {
        companyId: request.companyId,
        postingRunId: request.postingRunId,
        selection: selectionFromWire(request.selection),
        creditCheckMode: creditCheckModeFromWire(request.creditCheckMode),
        creditCorrection: request.creditCorrection,
        description: request.description,
        omitDocuments: request.omitDocuments,
      });
      return { result: resultOf(outcome, request.omitDocuments) };
    },

    async getPostingRun(request) {
      requireIds(request.companyId, request.postingRunId);
      const view = await getPostingRun(context, request, request.omitDocuments);
      if (view === undefined) throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `posting run ${request.postingRunId} not found`);
      return { run: runToWire(view, request.omitDocuments) };
    },

    async commitPostingRun(request) {
      requireIds(request.companyId, request.postingRunId);
      return { result: resultOf(await commitPostingRun(context, request, commits), true) };
    },

    async createRecurringPostingRun(request) {
      requireIds(request.companyId, request.recurringRunId);
      const increment = INCREMENTS[request.increment];
      if (increment === undefined) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'increment is DAY, WEEK or MONTH');
      if (request.firstRunAt === undefined) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'first_run_at is required');
      const outcome = await createRecurringRun(context, {
        companyId: request.companyId,
        recurringRunId: request.recurringRunId,
        selection: selectionFromWire(request.selection),
        increment,
        firstRunAt: request.firstRunAt,
        creditCheckMode: creditCheckModeFromWire(request.creditCheckMode),
        creditCorrection: request.creditCorrection,
        description: request.description,
      });
      return { result: recurringResultOf(outcome) };
    },

    async getRecurringPostingRun(request) {
      requireIds(request.companyId, request.recurringRunId);
      const recurring = await getRecurringRun(context, request);
      if (recurring === undefined) throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `recurring posting run ${request.recurringRunId} not found`);
      return { recurringRun: recurringToWire(recurring) };
    },

    async runRecurringPostingRun(request) {
      requireIds(request.companyId, request.recurringRunId);
      return { result: recurringResultOf(await runOccurrence(context, commits, request, false)) };
    },
  };
}

function selectionFromWire(wire: postingV1.PostingSelection | undefined): RunSelection {
  const selection = wire ?? postingV1.PostingSelection.fromPartial({});
  const documentTypes = selection.documentTypes.map((type) => DOCUMENT_TYPE_FROM_WIRE[type]);
  if (documentTypes.some((type) => type === undefined)) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'unknown document type');
  return {
    documentTypes: documentTypes as DocumentType[],
    customerFrom: selection.customerRange?.from ?? '',
    customerTo: selection.customerRange?.to ?? '',
    numberFrom: selection.numberRange?.from ?? '',
    numberTo: selection.numberRange?.to ?? '',
    invoiceDateFrom: selection.invoiceDate?.from ?? '',
    invoiceDateTo: selection.invoiceDate?.to ?? '',
    dueDateFrom: selection.dueDate?.from ?? '',
    dueDateTo: selection.dueDate?.to ?? '',
    invoiceIds: selection.invoiceIds,
  };
}

function selectionToWire(selection: RunSelection): postingV1.PostingSelection {
  return {
    documentTypes: selection.documentTypes.map((type) => DOCUMENT_TYPE_TO_WIRE[type]),
    customerRange: { from: selection.customerFrom, to: selection.customerTo },
    numberRange: { from: selection.numberFrom, to: selection.numberTo },
    invoiceDate: { from: selection.invoiceDateFrom, to: selection.invoiceDateTo },
    dueDate: { from: selection.dueDateFrom, to: selection.dueDateTo },
    invoiceIds: selection.invoiceIds,
  };
}

function creditCheckModeFromWire(mode: commonV1.CreditCheckMode): CreditCheckMode {
  const known = CREDIT_CHECK_MODE_FROM_WIRE[mode];
  if (known === undefined) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'unknown credit check mode');
  return known;
}

function recurringResultOf(outcome: RecurringOutcome): postingV1.RunRecurringPostingRunResponse['result'] {
  return outcome.ok ? { $case: 'recurringRun', value: recurringToWire(outcome.value) } : { $case: 'rejection', value: rejectionOf(outcome.errors) };
}

function recurringToWire(recurring: RecurringRecord): postingV1.RecurringPostingRun {
  return {
    recurringRunId: recurring.recurringRunId,
    companyId: recurring.companyId,
    selection: selectionToWire(recurring.selection as RunSelection),
    increment: INCREMENTS_TO_WIRE[recurring.increment],
    creditCheckMode: CREDIT_CHECK_MODE_TO_WIRE[recurring.creditCheckMode as CreditCheckMode],
    creditCorrection: recurring.creditCorrection,
    description: recurring.description,
    occurrences: recurring.occurrences,
    nextRunAt: recurring.nextRunAt,
    postingRunIds: recurring.postingRunIds,
    createdAt: recurring.createdAt,
  };
}

function resultOf(outcome: RunOutcome, omitDocuments: boolean): { $case: 'run'; value: postingV1.PostingRun } | { $case: 'rejection'; value: commonV1.Rejection } {
  return outcome.ok ? { $case: 'run', value: runToWire(outcome.value, omitDocuments) } : { $case: 'rejection', value: rejectionOf(outcome.errors) };
}

function runToWire(view: RunView, omitDocuments: boolean): postingV1.PostingRun {
  const { run, counts, documents } = view;
  const selection = run.selection as RunSelection;
  return postingV1.PostingRun.fromPartial({
    postingRunId: run.postingRunId,
    companyId: run.companyId,
    status: RUN_STATUSES[run.status],
    selection: selectionToWire(selection),
    creditCheckMode: CREDIT_CHECK_MODE_TO_WIRE[run.creditCheckMode as CreditCheckMode],
    creditCorrection: run.creditCorrection,
    description: run.description,
    report: {
      documentCount: run.report.documentCount,
      postableCount: run.report.postableCount,
      blockedCount: run.report.blockedCount,
      customerItemsToCreate: run.report.customerItemsToCreate,
      customerTotals: run.report.customerTotals.map((total) => ({
        customerId: total.customerId,
        currency: total.currency,
        documentCount: total.documentCount,
        netAmount: amount(total.netAmount, total.currency),
        taxAmount: amount(total.taxAmount, total.currency),
        totalAmount: amount(total.totalAmount, total.currency),
      })),
      accountTotals: run.report.accountTotals.map((total) => ({
        account: total.account,
        homeDebit: amount(total.homeDebit, total.homeCurrency),
        homeCredit: amount(total.homeCredit, total.homeCurrency),
      })),
      // Left out, documents holds only the blocked ones, which a report always lists.
      documents: documents.map(reportedDocumentToWire),
      reportedAt: run.reportedAt,
    },
    results: omitDocuments ? [] : documents.filter((document) => document.result !== undefined).map((document) => resultToWire(run.companyId, run.postingRunId, document)),
    postedCount: counts.posted,
    failedCount: counts.failed,
    pendingCount: counts.pending + (run.status === 'REPORTED' ? 0 : counts.unprocessed),
    createdAt: run.createdAt,
    committedAt: run.committedAt,
    completedAt: run.completedAt,
  });
}

function reportedDocumentToWire(document: RunDocumentRecord): postingV1.ReportedDocument {
  return {
    invoiceId: document.invoiceId,
    draftNumber: document.draftNumber,
    customerId: document.customerId,
    documentType: DOCUMENT_TYPE_TO_WIRE[document.documentType as DocumentType] ?? commonV1.DocumentType.DOCUMENT_TYPE_UNSPECIFIED,
    invoiceDate: document.invoiceDate,
    dueDate: document.dueDate,
    currency: document.currency,
    totalAmount: amount(document.totalAmount, document.currency),
    customerItemsToCreate: document.customerItemsToCreate,
    blockers: rejectionOf(document.blockers).errors,
  };
}

function resultToWire(companyId: string, postingRunId: string, document: RunDocumentRecord): postingV1.PostingOutcome {
  return postingV1.PostingOutcome.fromPartial({
    invoiceId: document.invoiceId,
    companyId,
    customerId: document.customerId,
    status: document.result === undefined ? postingV1.PostingStatus.POSTING_STATUS_UNSPECIFIED : RESULT_STATUSES[document.result],
    invoiceNumber: document.invoiceNumber ?? '',
    transactionNumber: document.transactionNumber ?? '0',
    ledgerEntryId: document.ledgerEntryId ?? '',
    reasons: rejectionOf(document.resultReasons).errors,
    postingRunId,
    requestedAt: document.requestedAt,
    completedAt: document.completedAt,
  });
}

/** Amounts carry exactly the currency's minor unit; an unknown currency keeps what is stored. */
function amount(value: Decimal, currency: string): string {
  return isCurrencyCode(currency) ? formatAmount(value, currency) : value.toFixed();
}

function rejectionOf(errors: readonly PostingError[]): commonV1.Rejection {
  return { errors: errors.map((error) => ({ code: error.code, message: error.message, fieldPath: error.fieldPath })) };
}

function requireIds(companyId: string, postingRunId: string): void {
  if (companyId === '' || postingRunId === '') throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'company_id and posting_run_id are required');
}
