import { commonV1, formatDraftNumber, invoicingV1, parseDraftNumber } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, type AsyncServiceImplementation } from '@ledgerline/grpc';
import { formatAmount } from '@ledgerline/money';
import { Decimal } from 'decimal.js';
import {
  InvalidSelectionCursorError,
  POSTING_BATCH_DOCUMENTS_MAX,
  SUMMARY_DOCUMENTS_MAX,
  UNPOSTED_TOTALS_CUSTOMERS_MAX,
  type PostingRunSupport,
  type PostingSelection,
} from '../app/posting-runs.js';
import type { SummarizedAmountKind } from '../db/selection.js';
import { creditCheckModeFromWire, documentTypeFromWire, documentTypeToWire, invoiceToWire, rejection, statusToWire } from './wire.js';

/** Decimals no currency exceeds (ISO 4217 has none above 4). */
const SUMMARY_CURRENCY_DECIMALS_MAX = 4;

type PostingRunHandlers = Pick<
  AsyncServiceImplementation<invoicingV1.InvoicingServiceServer>,
  'selectDocumentsForPosting' | 'summarizeDocumentsForPosting' | 'requestPostingBatch' | 'getUnpostedTotals'
>;

/** The RPCs posting runs use; merged into the InvoicingService registration. */
export function postingRunHandlers(support: PostingRunSupport): PostingRunHandlers {
  return {
    async selectDocumentsForPosting(request) {
      requireCompany(request.companyId);
      const selection = selectionOf(request.filter);
      const page = await withCursorErrors(() => support.selectDocuments(request.companyId, selection, pageOf(request.page)));
      return { invoices: page.invoices.map(invoiceToWire), page: { nextCursor: page.nextCursor } };
    },

    async summarizeDocumentsForPosting(request) {
      requireCompany(request.companyId);
      const selection = selectionOf(request.filter);
      if (request.summaryCurrencyDecimals > SUMMARY_CURRENCY_DECIMALS_MAX) {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `summary_currency_decimals is at most ${SUMMARY_CURRENCY_DECIMALS_MAX}`);
      }
      if (request.documentsMax === 0 || request.documentsMax > SUMMARY_DOCUMENTS_MAX) {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `documents_max is 1 to ${SUMMARY_DOCUMENTS_MAX}`);
      }
      const summarized = await support.summarizeDocuments(
        request.companyId,
        selection,
        { currency: request.summaryCurrency, currencyDecimals: request.summaryCurrencyDecimals, knownTaxCodes: request.knownTaxCodes },
        request.documentsMax,
      );
      if (summarized.moreThanMax) return invoicingV1.SummarizeDocumentsForPostingResponse.fromPartial({ moreThanMax: true });
      const amountsOf = (kind: SummarizedAmountKind): invoicingV1.SummarizedAmount[] =>
        summarized.amounts
          .filter((amount) => amount.kind === kind)
          .map((amount) => ({ creditMemo: amount.creditMemo, key: amount.key, negative: amount.negative, amount: amount.amount, count: amount.count }));
      return {
        summaries: summarized.summaries.map(
          (summary): invoicingV1.DocumentSummary => ({
            invoiceId: summary.invoiceId,
            customerId: summary.customerId,
            type: documentTypeToWire(summary.type),
            invoiceDate: summary.invoiceDate,
            dueDate: summary.dueDate,
            currency: summary.currency,
            netAmount: summary.netAmount,
            taxAmount: summary.taxAmount,
            totalAmount: summary.totalAmount,
            updatedAt: summary.updatedAt,
            draftNumber: formatDraftNumber(summary.draftNumber),
          }),
        ),
        lineNetAmounts: amountsOf('LINE_NET'),
        taxAmounts: amountsOf('TAX'),
        totalAmounts: amountsOf('TOTAL'),
        otherInvoiceIds: summarized.otherInvoiceIds,
        moreThanMax: false,
      };
    },

    async requestPostingBatch(request) {
      requireCompany(request.companyId);
      if ((request.postingRunId === '') === (request.requestId === '')) {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'exactly one of posting_run_id and request_id is required');
      }
      if (request.invoiceIds.length > POSTING_BATCH_DOCUMENTS_MAX) {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `at most ${POSTING_BATCH_DOCUMENTS_MAX} invoice_ids per call`);
      }
      if (new Set(request.invoiceIds).size !== request.invoiceIds.length) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'invoice_ids repeat');
      const creditCheckMode = creditCheckModeFromWire(request.creditCheckMode);
      if (creditCheckMode === undefined) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'unknown credit_check_mode');
      const outcome = await support.requestPostingBatch(
        {
          companyId: request.companyId,
          postingRunId: request.postingRunId,
          requestId: request.requestId,
          creditCorrection: request.creditCorrection,
          creditCheckMode,
        },
        request.invoiceIds,
      );
      if (!outcome.ok) return { results: [], errors: rejection(outcome.errors).errors };
      return {
        results: outcome.value.map((result) => ({
          invoiceId: result.invoiceId,
          status: result.status === undefined ? invoicingV1.InvoiceStatus.INVOICE_STATUS_UNSPECIFIED : statusToWire(result.status),
          errors: rejection(result.errors).errors,
        })),
        errors: [],
      };
    },

    async getUnpostedTotals(request) {
      requireCompany(request.companyId);
      if (request.customerIds.length > UNPOSTED_TOTALS_CUSTOMERS_MAX) {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `at most ${UNPOSTED_TOTALS_CUSTOMERS_MAX} customer_ids per call`);
      }
      const totals = await support.unpostedTotals(request.companyId, request.customerIds, request.excludeInvoiceIds);
      return {
        totals: totals.map((total) => ({
          customerId: total.customerId,
          currency: total.currency,
          totalAmount: formatAmount(new Decimal(total.totalAmount), total.currency),
          documentCount: total.documentCount,
        })),
      };
    },
  };
}

/** The selection a filter describes; statuses are ignored (only In Progress documents are selected). */
function selectionOf(wireFilter: invoicingV1.InvoiceFilter | undefined): PostingSelection {
  const filter = wireFilter ?? invoicingV1.InvoiceFilter.fromPartial({});
  const types = filter.types.map((type) => documentTypeFromWire(type));
  if (types.some((type) => type === undefined)) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'filter.types holds an unknown document type');
  for (const end of [filter.numberRange?.from ?? '', filter.numberRange?.to ?? '']) {
    if (end !== '' && parseDraftNumber(end) === undefined) {
      throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `filter.number_range: "${end}" is not a draft number (D-000123)`);
    }
  }
  return {
    types: types as string[],
    customerFrom: filter.customerRange?.from || filter.customerId,
    customerTo: filter.customerRange?.to || filter.customerId,
    numberFrom: filter.numberRange?.from ?? '',
    numberTo: filter.numberRange?.to ?? '',
    invoiceDateFrom: filter.invoiceDate?.from ?? '',
    invoiceDateTo: filter.invoiceDate?.to ?? '',
    dueDateFrom: filter.dueDate?.from ?? '',
    dueDateTo: filter.dueDate?.to ?? '',
    invoiceIds: filter.invoiceIds,
  };
}

function pageOf(page: commonV1.PageRequest | undefined): { size: number; cursor: string } {
  return { size: page?.pageSize ?? 0, cursor: page?.cursor ?? '' };
}

/** A cursor this service did not issue is the caller's mistake. */
async function withCursorErrors<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidSelectionCursorError) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, error.message);
    throw error;
  }
}

function requireCompany(companyId: string): void {
  if (companyId === '') throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'company_id is required');
}
