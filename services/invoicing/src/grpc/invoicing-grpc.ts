import { commonV1, invoicingV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration } from '@ledgerline/grpc';
import type { Invoice } from '../db/generated/client.js';
import type { InvoicingDatabase } from '../db/client.js';

const DOCUMENT_TYPE_TO_WIRE: Record<Invoice['type'], commonV1.DocumentType> = {
  SALES_ORDER: commonV1.DocumentType.DOCUMENT_TYPE_SALES_ORDER,
  FREE_TEXT: commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT,
  DEBIT_MEMO: commonV1.DocumentType.DOCUMENT_TYPE_DEBIT_MEMO,
  CREDIT_MEMO: commonV1.DocumentType.DOCUMENT_TYPE_CREDIT_MEMO,
};

const STATUS_TO_WIRE: Record<Invoice['status'], invoicingV1.InvoiceStatus> = {
  IN_PROGRESS: invoicingV1.InvoiceStatus.INVOICE_STATUS_IN_PROGRESS,
  READY_TO_POST: invoicingV1.InvoiceStatus.INVOICE_STATUS_READY_TO_POST,
  COMPLETE: invoicingV1.InvoiceStatus.INVOICE_STATUS_COMPLETE,
  DISCARDED: invoicingV1.InvoiceStatus.INVOICE_STATUS_DISCARDED,
};

/**
 * The invoicing.v1.InvoicingService gRPC API. GetInvoice reads the stored header; the other
 * RPCs arrive with the posting issue and answer UNIMPLEMENTED until then.
 */
export function invoicingGrpcService(prisma: InvoicingDatabase['prisma']) {
  return serviceRegistration<invoicingV1.InvoicingServiceServer>(
    'invoicing.v1.InvoicingService',
    invoicingV1.InvoicingServiceService,
    {
      async getInvoice(request) {
        if (request.companyId === '' || request.invoiceId === '') {
          throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'company_id and invoice_id are required');
        }
        const invoice = await prisma.invoice.findUnique({
          where: { companyId_invoiceId: { companyId: request.companyId, invoiceId: request.invoiceId } },
        });
        if (invoice === null) {
          throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `invoice ${request.invoiceId} not found`);
        }
        return { invoice: toWire(invoice) };
      },
    },
  );
}

function toWire(invoice: Invoice): invoicingV1.Invoice {
  return invoicingV1.Invoice.fromPartial({
    invoiceId: invoice.invoiceId,
    companyId: invoice.companyId,
    type: DOCUMENT_TYPE_TO_WIRE[invoice.type],
    status: STATUS_TO_WIRE[invoice.status],
    customerId: invoice.customerId,
    invoiceDate: invoice.invoiceDate.toISOString().slice(0, 10),
    currency: invoice.currency,
    netAmount: invoice.netAmount.toFixed(),
    taxAmount: invoice.taxAmount.toFixed(),
    totalAmount: invoice.totalAmount.toFixed(),
    createdAt: invoice.createdAt,
    updatedAt: invoice.updatedAt,
  });
}
