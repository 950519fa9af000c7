import { commonV1, invoicingV1 } from '@ledgerline/contracts';
import { Router } from 'express';
import type { ServiceClients } from '../clients.js';

const DOCUMENT_TYPES: Partial<Record<commonV1.DocumentType, string>> = {
  [commonV1.DocumentType.DOCUMENT_TYPE_SALES_ORDER]: 'SALES_ORDER',
  [commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT]: 'FREE_TEXT',
  [commonV1.DocumentType.DOCUMENT_TYPE_DEBIT_MEMO]: 'DEBIT_MEMO',
  [commonV1.DocumentType.DOCUMENT_TYPE_CREDIT_MEMO]: 'CREDIT_MEMO',
};

const STATUSES: Partial<Record<invoicingV1.InvoiceStatus, string>> = {
  [invoicingV1.InvoiceStatus.INVOICE_STATUS_IN_PROGRESS]: 'IN_PROGRESS',
  [invoicingV1.InvoiceStatus.INVOICE_STATUS_READY_TO_POST]: 'READY_TO_POST',
  [invoicingV1.InvoiceStatus.INVOICE_STATUS_COMPLETE]: 'COMPLETE',
  [invoicingV1.InvoiceStatus.INVOICE_STATUS_DISCARDED]: 'DISCARDED',
};

/** The REST shape of a document (DESIGN section 11): decimal strings, ISO dates, enum names. */
export function invoiceToJson(invoice: invoicingV1.Invoice) {
  return {
    id: invoice.invoiceId,
    type: DOCUMENT_TYPES[invoice.type],
    status: STATUSES[invoice.status],
    customerId: invoice.customerId,
    invoiceDate: invoice.invoiceDate,
    currency: invoice.currency,
    netAmount: invoice.netAmount,
    taxAmount: invoice.taxAmount,
    totalAmount: invoice.totalAmount,
  };
}

/** Routes under /v1/companies/{company}/invoices; the company is already authorized. */
export function invoiceRoutes(clients: ServiceClients): Router {
  const router = Router({ mergeParams: true });
  router.get('/:invoiceId', async (request, response) => {
    const { company, invoiceId } = request.params as { company: string; invoiceId: string };
    const { invoice } = await clients.invoicing.getInvoice({ companyId: company, invoiceId });
    if (invoice === undefined) throw new Error('invoicing answered GetInvoice without an invoice');
    response.json(invoiceToJson(invoice));
  });
  return router;
}
