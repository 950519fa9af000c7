import { commonV1, invoicingV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, type AsyncServiceImplementation } from '@ledgerline/grpc';
import { formatAmount } from '@ledgerline/money';
import { Decimal } from 'decimal.js';
import {
  InvalidSelectionCursorError,
  POSTING_BATCH_DOCUMENTS_MAX,
  UNPOSTED_TOTALS_CUSTOMERS_MAX,
  type PostingRunSupport,
} from '../app/posting-runs.js';
import { creditCheckModeFromWire, documentTypeFromWire, invoiceToWire, statusToWire } from './wire.js';

type PostingRunHandlers = Pick<
  AsyncServiceImplementation<invoicingV1.InvoicingServiceServer>,
  'selectDocumentsForPosting' | 'requestPostingBatch' | 'getUnpostedTotals'
>;

/** The RPCs posting runs use; merged into the InvoicingService registration. */
export function postingRunHandlers(support: PostingRunSupport): PostingRunHandlers {
  return {
    async selectDocumentsForPosting(request) {
      requireCompany(request.companyId);
      const filter = request.filter ?? invoicingV1.InvoiceFilter.fromPartial({});
      const types = filter.types.map((type) => documentTypeFromWire(type));
      if (types.some((type) => type === undefined)) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'filter.types holds an unknown document type');
      try {
        const page = await support.selectDocuments(
          request.companyId,
          {
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
          },
          { size: request.page?.pageSize ?? 0, cursor: request.page?.cursor ?? '' },
        );
        return { invoices: page.invoices.map(invoiceToWire), page: { nextCursor: page.nextCursor } };
      } catch (error) {
        if (error instanceof InvalidSelectionCursorError) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, error.message);
        throw error;
      }
    },

    async requestPostingBatch(request) {
      requireCompany(request.companyId);
      if (request.postingRunId === '') throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'posting_run_id is required');
      if (request.invoiceIds.length > POSTING_BATCH_DOCUMENTS_MAX) {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `at most ${POSTING_BATCH_DOCUMENTS_MAX} invoice_ids per call`);
      }
      if (new Set(request.invoiceIds).size !== request.invoiceIds.length) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'invoice_ids repeat');
      const creditCheckMode = creditCheckModeFromWire(request.creditCheckMode);
      if (creditCheckMode === undefined) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'unknown credit_check_mode');
      const results = await support.requestPostingBatch(
        { companyId: request.companyId, postingRunId: request.postingRunId, creditCorrection: request.creditCorrection, creditCheckMode },
        request.invoiceIds,
      );
      return {
        results: results.map((result) => ({
          invoiceId: result.invoiceId,
          status: result.status === undefined ? invoicingV1.InvoiceStatus.INVOICE_STATUS_UNSPECIFIED : statusToWire(result.status),
          errors: result.errors.map((error): commonV1.BusinessError => ({ code: error.code, message: error.message, fieldPath: error.fieldPath })),
        })),
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

function requireCompany(companyId: string): void {
  if (companyId === '') throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'company_id is required');
}
