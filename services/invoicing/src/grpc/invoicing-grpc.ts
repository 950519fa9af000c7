import { invoicingV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration } from '@ledgerline/grpc';
import { InvalidCursorError, type InvoicingApp } from '../app/invoicing.js';
import type { PostingRunSupport } from '../app/posting-runs.js';
import { postingRunHandlers } from './posting-run-grpc.js';
import { creditCheckModeFromWire, documentTypeFromWire, invoiceToWire, lineInputFromWire, productToWire, rejection, statusFromWire } from './wire.js';

function requireCompany(companyId: string): void {
  if (companyId === '') throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'company_id is required');
}

/** The invoicing.v1.InvoicingService gRPC API: translation to and from the use cases, nothing more. */
export function invoicingGrpcService(app: InvoicingApp, postingRuns: PostingRunSupport) {
  return serviceRegistration<invoicingV1.InvoicingServiceServer>('invoicing.v1.InvoicingService', invoicingV1.InvoicingServiceService, {
    ...postingRunHandlers(postingRuns),
    async createProduct(request) {
      requireCompany(request.companyId);
      const product = request.product ?? invoicingV1.Product.fromPartial({});
      const outcome = await app.createProduct({ companyId: request.companyId, ...product });
      return { result: outcome.ok ? { $case: 'product', value: productToWire(outcome.value) } : { $case: 'rejection', value: rejection(outcome.errors) } };
    },

    async getProduct(request) {
      requireCompany(request.companyId);
      const product = await app.getProduct(request.companyId, request.productId);
      if (product === null) throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `product ${request.productId} not found`);
      return { product: productToWire(product) };
    },

    async createInvoice(request) {
      requireCompany(request.companyId);
      const outcome = await app.createInvoice({
        companyId: request.companyId,
        invoiceId: request.invoiceId,
        type: documentTypeFromWire(request.type),
        customerId: request.customerId,
        invoiceDate: request.invoiceDate,
        currency: request.currency,
        reference: request.reference,
        lines: request.lines.map(lineInputFromWire),
      });
      return { result: outcome.ok ? { $case: 'invoice', value: invoiceToWire(outcome.value) } : { $case: 'rejection', value: rejection(outcome.errors) } };
    },

    async getInvoice(request) {
      requireCompany(request.companyId);
      const invoice = await app.findInvoice(request.companyId, request.invoiceId);
      if (invoice === null) throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `invoice ${request.invoiceId} not found`);
      return { invoice: invoiceToWire(invoice) };
    },

    async listInvoices(request) {
      requireCompany(request.companyId);
      const filter = request.filter ?? invoicingV1.InvoiceFilter.fromPartial({});
      const statuses = filter.statuses.map(statusFromWire);
      const types = filter.types.map(documentTypeFromWire);
      if (statuses.includes(undefined) || types.includes(undefined)) {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'unknown status or document type in the filter');
      }
      try {
        const { invoices, nextCursor } = await app.listInvoices(
          request.companyId,
          {
            statuses: statuses as string[],
            types: types as string[],
            customerId: filter.customerId,
            invoiceDateFrom: filter.invoiceDate?.from ?? '',
            invoiceDateTo: filter.invoiceDate?.to ?? '',
            dueDateFrom: filter.dueDate?.from ?? '',
            dueDateTo: filter.dueDate?.to ?? '',
            invoiceIds: filter.invoiceIds,
          },
          { size: request.page?.pageSize ?? 0, cursor: request.page?.cursor ?? '' },
          request.omitLines,
        );
        return { invoices: invoices.map(invoiceToWire), page: { nextCursor } };
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, error.message);
        throw error;
      }
    },

    async requestPosting(request) {
      requireCompany(request.companyId);
      const creditCheckMode = creditCheckModeFromWire(request.creditCheckMode);
      if (creditCheckMode === undefined) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'unknown credit_check_mode');
      const outcome = await app.requestPosting({
        companyId: request.companyId,
        invoiceId: request.invoiceId,
        requestId: request.requestId,
        creditCorrection: request.creditCorrection,
        postingRunId: request.postingRunId,
        creditCheckMode,
        ...(request.payment === undefined ? {} : { payment: { ...request.payment } }),
      });
      return { result: outcome.ok ? { $case: 'invoice', value: invoiceToWire(outcome.value) } : { $case: 'rejection', value: rejection(outcome.errors) } };
    },

    async amendInvoice(request) {
      requireCompany(request.companyId);
      const outcome = await app.amendInvoice({
        companyId: request.companyId,
        invoiceId: request.invoiceId,
        invoiceDate: request.invoiceDate,
        reference: request.reference,
        lines: request.lines.map(lineInputFromWire),
      });
      return { result: outcome.ok ? { $case: 'invoice', value: invoiceToWire(outcome.value) } : { $case: 'rejection', value: rejection(outcome.errors) } };
    },

    async discardInvoice(request) {
      requireCompany(request.companyId);
      const outcome = await app.discardInvoice(request.companyId, request.invoiceId);
      return { result: outcome.ok ? { $case: 'invoice', value: invoiceToWire(outcome.value) } : { $case: 'rejection', value: rejection(outcome.errors) } };
    },
  });
}
