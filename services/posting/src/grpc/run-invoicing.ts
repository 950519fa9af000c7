import { invoicingV1, invoicingV1Events } from '@ledgerline/contracts';
import { createGrpcClient } from '@ledgerline/grpc';
import { MoneyDecimal, parseAmount } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { RunInvoicingPort, RunSelection, SelectedDocument, SummarizedDocument } from '../app/posting-runs.js';
import type { SummarizedAmount } from '../domain/posting-run.js';
import { postingError } from '../domain/posting-document.js';
import { toPostingRequest } from '../kafka/posting-requested.js';
import { CREDIT_CHECK_MODE_TO_WIRE, DOCUMENT_TYPE_FROM_WIRE, DOCUMENT_TYPE_TO_WIRE } from './wire-enums.js';

/**
 * Calls of a posting run to invoicing carry thousands of documents each (a selection page, a
 * batch of posting requests), so they get longer than the default deadline.
 */
export const RUN_CALL_DEADLINE_MS = 60_000;

/** Invoicing as posting runs use it: selections translated into posting requests, and batched posting requests. */
export function runInvoicingPort(address: string): RunInvoicingPort & { close(): void } {
  const client = createGrpcClient(invoicingV1.InvoicingServiceClient, { address, deadlineMs: RUN_CALL_DEADLINE_MS });
  return {
    async selectDocuments(companyId, selection, page) {
      const response = await client.selectDocumentsForPosting({ companyId, filter: filterOf(selection), page: { pageSize: page.size, cursor: page.cursor } });
      return { documents: response.invoices.map(selectedDocumentOf), nextCursor: response.page?.nextCursor ?? '' };
    },

    async summarizeDocuments(companyId, selection, criteria, documentsMax) {
      const response = await client.summarizeDocumentsForPosting({
        companyId,
        filter: filterOf(selection),
        documentsMax,
        summaryCurrency: criteria.currency,
        summaryCurrencyDecimals: criteria.currencyDecimals,
        knownTaxCodes: criteria.knownTaxCodes,
      });
      if (response.moreThanMax) return { moreThanMax: true };
      const amountsOf = (kind: SummarizedAmount['kind'], amounts: readonly invoicingV1.SummarizedAmount[]): SummarizedAmount[] =>
        amounts.map((summed) => ({ kind, creditMemo: summed.creditMemo, key: summed.key, amount: summedAmount(summed.amount), count: summed.count }));
      return {
        moreThanMax: false,
        summaries: response.summaries.map(summarizedDocumentOf),
        amounts: [
          ...amountsOf('LINE_NET', response.lineNetAmounts),
          ...amountsOf('TAX', response.taxAmounts),
          ...amountsOf('TOTAL', response.totalAmounts),
        ],
        otherInvoiceIds: response.otherInvoiceIds,
      };
    },

    async requestPostingBatch(companyId, postingRunId, invoiceIds, options) {
      const response = await client.requestPostingBatch({
        companyId,
        postingRunId,
        invoiceIds: [...invoiceIds],
        creditCheckMode: CREDIT_CHECK_MODE_TO_WIRE[options.creditCheckMode],
        creditCorrection: options.creditCorrection,
        requestId: '',
      });
      // Only a request id can be refused as a whole; a run's batch never is.
      if (response.errors.length > 0) throw new Error(`invoicing refused a posting run's batch as a whole: ${response.errors.map((error) => error.code).join(', ')}`);
      return response.results.map((result) => ({
        invoiceId: result.invoiceId,
        errors: result.errors.map((error) => postingError(error.code, error.message, error.fieldPath)),
      }));
    },

    close: () => client.close(),
  };
}

/**
 * An amount invoicing summed: a plain decimal in the summary currency's decimals, or invoicing
 * broke its contract.
 */
function summedAmount(text: string): Decimal {
  if (!SUMMED_AMOUNT.test(text)) throw new Error(`invoicing summarized an amount as "${text}"`);
  return new MoneyDecimal(text);
}

const SUMMED_AMOUNT = /^-?\d{1,20}(\.\d{1,4})?$/;

function summarizedDocumentOf(summary: invoicingV1.DocumentSummary): SummarizedDocument {
  const documentType = DOCUMENT_TYPE_FROM_WIRE[summary.type];
  if (documentType === undefined) throw new Error(`invoicing summarized document ${summary.invoiceId} with an unknown type`);
  return {
    invoiceId: summary.invoiceId,
    customerId: summary.customerId,
    draftNumber: summary.draftNumber,
    documentType,
    invoiceDate: summary.invoiceDate,
    dueDate: summary.dueDate,
    currency: summary.currency,
    netAmount: summedAmount(summary.netAmount),
    taxAmount: summedAmount(summary.taxAmount),
    totalAmount: summedAmount(summary.totalAmount),
    updatedAt: summary.updatedAt,
  };
}

function filterOf(selection: RunSelection): invoicingV1.InvoiceFilter {
  return invoicingV1.InvoiceFilter.fromPartial({
    types: selection.documentTypes.map((type) => DOCUMENT_TYPE_TO_WIRE[type]),
    customerRange: { from: selection.customerFrom, to: selection.customerTo },
    numberRange: { from: selection.numberFrom, to: selection.numberTo },
    invoiceDate: { from: selection.invoiceDateFrom, to: selection.invoiceDateTo },
    dueDate: { from: selection.dueDateFrom, to: selection.dueDateTo },
    invoiceIds: selection.invoiceIds,
  });
}

/**
 * A selected document read the way posting reads a posting request, so a run checks exactly
 * what posting will post.
 */
function selectedDocumentOf(invoice: invoicingV1.Invoice): SelectedDocument {
  const payload = invoicingV1Events.InvoicePostingRequested.fromPartial({
    invoiceId: invoice.invoiceId,
    companyId: invoice.companyId,
    customerId: invoice.customerId,
    documentType: invoice.type,
    draftNumber: invoice.draftNumber,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    creditTermsId: invoice.creditTermsId,
    netAmount: invoice.netAmount,
    taxAmount: invoice.taxAmount,
    totalAmount: invoice.totalAmount,
    lines: invoice.lines,
    taxLines: invoice.taxLines,
    reference: invoice.reference,
  });
  const request = toPostingRequest({ eventId: invoice.invoiceId, occurredAt: new Date() }, payload);
  // An amount that does not parse is already among the request's input errors, which block the
  // document; a blocked document adds to no total, so its zero here is never counted.
  const decimal = (text: string) => {
    const parsed = parseAmount(text, { currency: invoice.currency });
    return parsed.ok ? parsed.value : new MoneyDecimal(0);
  };
  return {
    request,
    updatedAt: invoice.updatedAt,
    dueDate: invoice.dueDate,
    netAmount: decimal(invoice.netAmount),
    taxAmount: decimal(invoice.taxAmount),
    lines: invoice.lines.map((line) => ({
      lineNumber: line.lineNumber,
      productId: line.productId,
      quantity: new MoneyDecimal(line.quantity === '' ? '0' : line.quantity),
      serialized: line.serialized,
      createsCustomerItem: line.createsCustomerItem,
      serialNumbers: line.serialNumbers,
    })),
  };
}
