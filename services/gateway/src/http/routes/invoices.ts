import { invoicingV1 } from '@ledgerline/contracts';
import type { UnaryCallOptions } from '@ledgerline/grpc';
import type { Logger } from '@ledgerline/telemetry';
import type { ServiceClients } from '../../clients.js';
import { postAndPayPaymentIdFor } from '../../api/idempotency.js';
import {
  amendInvoiceRequest,
  createInvoiceRequest,
  invoiceToJson,
  listInvoicesRequest,
  nextCursor,
  postingBatchToJson,
  requestPostingBatchRequest,
  requestPostingRequest,
} from '../../api/mapping.js';
import {
  amendInvoiceBody,
  companyPath,
  createInvoiceBody,
  emptyQuery,
  invoicePath,
  listInvoicesQuery,
  POST_INVOICES_IDS_MAX,
  postInvoiceBody,
  postInvoiceQuery,
  postInvoicesBody,
} from '../../api/requests.js';
import { waitUntil } from '../../api/wait-for-outcome.js';
import { invoicePrintRefusal, renderInvoicePdf, type PrintableInvoice } from '../../documents/invoice-pdf.js';
import { problemFromRejection, resultOrThrow } from '../rejections.js';
import { defineRoute, type Route } from '../route.js';

const TAG = 'Invoices';
const READY_TO_POST = invoicingV1.InvoiceStatus.INVOICE_STATUS_READY_TO_POST;
/** Shortest deadline a poll of the document gets, even when little waiting time is left. */
const POLL_DEADLINE_MIN_MS = 500;
/**
 * Documents with more lines than this get LARGE_DOCUMENT_DEADLINE_MS to be written: computing
 * and storing 10,000 lines takes seconds on a busy machine, more than a call's usual deadline.
 */
export const LARGE_DOCUMENT_LINES = 1_000;
export const LARGE_DOCUMENT_DEADLINE_MS = 30_000;

/** Queuing a thousand documents locks, updates and writes an event for each: more than a call's usual deadline under load. */
export const POST_INVOICES_DEADLINE_MS = 30_000;

const writeDeadline = (lineCount: number): UnaryCallOptions => (lineCount > LARGE_DOCUMENT_LINES ? { deadlineMs: LARGE_DOCUMENT_DEADLINE_MS } : {});

const invoiceLocation = (company: string, invoiceId: string) =>
  `/v1/companies/${encodeURIComponent(company)}/invoices/${encodeURIComponent(invoiceId)}`;

export const invoiceRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/invoices',
    operationId: 'createInvoice',
    tag: TAG,
    summary: 'Create an invoice, debit memo or credit memo In Progress, with its totals computed.',
    description:
      'The document id is derived from the Idempotency-Key (see the header): a retry with the same key and body answers the same document, the same key with another body 409.',
    access: 'write',
    idempotency: 'derived-id',
    params: companyPath,
    query: emptyQuery,
    body: createInvoiceBody,
    responses: { 201: { description: 'The document, status IN_PROGRESS.', schema: 'Invoice' } },
    problems: [409],
    async handle({ params, body, clients, newRecordId }) {
      const response = await clients.invoicing.createInvoice(createInvoiceRequest(params.company, newRecordId, body), writeDeadline(body.lines.length));
      const invoice = resultOrThrow(response.result, 'CreateInvoice');
      return { status: 201, body: invoiceToJson(invoice), location: invoiceLocation(params.company, invoice.invoiceId) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/invoices',
    operationId: 'listInvoices',
    tag: TAG,
    summary: 'Documents matching a filter, ordered by invoice date, then id (without lines).',
    description:
      'status and type take one value, repeated parameters or a comma-separated list. Cursor paging: pass nextCursor as ?cursor= for the next page.',
    access: 'read',
    params: companyPath,
    query: listInvoicesQuery,
    responses: { 200: { description: 'One page of documents.', schema: 'InvoiceList' } },
    problems: [],
    async handle({ params, query, clients }) {
      const response = await clients.invoicing.listInvoices(listInvoicesRequest(params.company, query));
      return {
        status: 200,
        body: { items: response.invoices.map((invoice) => invoiceToJson(invoice, { withLines: false })), nextCursor: nextCursor(response.page) },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/invoices/{invoiceId}',
    operationId: 'getInvoice',
    tag: TAG,
    summary: 'One customer invoice, debit memo or credit memo.',
    description: 'Once posted it carries number and transactionNumber; after a failed posting, errors says why.',
    access: 'read',
    params: invoicePath,
    query: emptyQuery,
    responses: { 200: { description: 'The document.', schema: 'Invoice' } },
    problems: [404],
    async handle({ params, clients }) {
      const { invoice } = await clients.invoicing.getInvoice({ companyId: params.company, invoiceId: params.invoiceId });
      if (invoice === undefined) throw new Error('invoicing answered GetInvoice without an invoice');
      return { status: 200, body: invoiceToJson(invoice) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/companies/{company}/invoices/{invoiceId}',
    operationId: 'amendInvoice',
    tag: TAG,
    summary: 'Amend an In Progress document: replace its date, reference and lines.',
    description:
      'The whole editable content is replaced: invoiceDate, reference (left out = none) and every line; totals, tax lines and the due date are computed again as on creation, and the reasons of an earlier failed posting are cleared. The type, customer and currency never change. A document queued for posting (READY_TO_POST), posted or discarded answers 409 INVALID_STATE.',
    access: 'write',
    idempotency: 'natural',
    params: invoicePath,
    query: emptyQuery,
    body: amendInvoiceBody,
    responses: { 200: { description: 'The amended document, status IN_PROGRESS.', schema: 'Invoice' } },
    problems: [404, 409],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.invoicing.amendInvoice(amendInvoiceRequest(params.company, params.invoiceId, body), { ...writeOptions, ...writeDeadline(body.lines.length) });
      return { status: 200, body: invoiceToJson(resultOrThrow(response.result, 'AmendInvoice')) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/invoices/{invoiceId}/pdf',
    operationId: 'printInvoice',
    tag: TAG,
    summary: 'The document as a PDF.',
    description:
      'A posted document prints with its number; an In Progress one prints as a draft marked as not posted. A document queued for posting (READY_TO_POST) cannot be printed until its posting finishes, and a discarded one is not printed: 409 INVALID_STATE.',
    access: 'read',
    params: invoicePath,
    query: emptyQuery,
    responses: { 200: { description: 'The PDF.', contentType: 'application/pdf' } },
    problems: [404, 409],
    async handle({ params, clients }) {
      const { invoice } = await clients.invoicing.getInvoice({ companyId: params.company, invoiceId: params.invoiceId });
      if (invoice === undefined) throw new Error('invoicing answered GetInvoice without an invoice');
      const printable: PrintableInvoice = { ...invoiceToJson(invoice, { withLines: false }), lines: invoice.lines, taxLines: invoice.taxLines };
      const refusal = invoicePrintRefusal(printable.status);
      if (refusal !== undefined) throw problemFromRejection({ errors: [refusal] });
      const [{ company }, { customer }] = await Promise.all([
        clients.ledger.getCompany({ companyId: params.company }),
        clients.customer.getCustomer({ companyId: params.company, customerId: invoice.customerId, asOf: '', masterDataOnly: true }),
      ]);
      const bytes = await renderInvoicePdf(printable, {
        companyName: company?.name ?? params.company,
        customerId: invoice.customerId,
        customerName: customer?.name ?? '',
      });
      return { status: 200, body: bytes, contentType: 'application/pdf', fileName: `${printable.number ?? printable.draftNumber ?? printable.id}.pdf` };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/invoices/{invoiceId}/discard',
    operationId: 'discardInvoice',
    tag: TAG,
    summary: 'Discard an In Progress document.',
    description: 'Discarding a discarded document answers it; other statuses 409 (INVALID_STATE).',
    access: 'write',
    idempotency: 'natural',
    params: invoicePath,
    query: emptyQuery,
    responses: { 200: { description: 'The document, status DISCARDED.', schema: 'Invoice' } },
    problems: [404, 409],
    async handle({ params, clients, writeOptions }) {
      const response = await clients.invoicing.discardInvoice({ companyId: params.company, invoiceId: params.invoiceId }, writeOptions);
      return { status: 200, body: invoiceToJson(resultOrThrow(response.result, 'DiscardInvoice')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/invoices/post',
    operationId: 'postInvoices',
    tag: TAG,
    summary: 'Request posting of many documents at once.',
    description: [
      `Queues up to ${POST_INVOICES_IDS_MAX} documents in one transaction, each posted with the same creditCheckMode and creditCorrection as on a single posting request, and answers 202 at once with each document's status; read the documents (or consume InvoicePosted / InvoicePostingFailed) for the outcomes, which arrive one per document. For a filtered selection with a report to review before committing, use a posting run instead.`,
      'Each In Progress document moves to READY_TO_POST. A document that cannot be queued is answered with its status and errors (NOT_FOUND, INVALID_STATE while queued, ALREADY_POSTED) and left as it is, while the others are queued: queuedCount and refusedCount count them. Malformed input (no ids, more than the limit, a repeated id) is refused as a whole with 422 and queues nothing. Post and pay is not offered here: a payment belongs to one document.',
      'The Idempotency-Key names the request (requestId is derived from it): a repeat with the same key and body queues nothing again and answers each document it queued with its current status (READY_TO_POST or COMPLETE) and no errors; the same key with other documents or options 409 CONFLICT, and nothing changes.',
    ].join('\n\n'),
    access: 'write',
    idempotency: 'derived-id',
    params: companyPath,
    query: emptyQuery,
    body: postInvoicesBody,
    responses: { 202: { description: "Each document's status after the request; outcomes are pending.", schema: 'InvoicePostingBatch' } },
    problems: [409],
    async handle({ params, body, clients, newRecordId }) {
      const response = await clients.invoicing.requestPostingBatch(requestPostingBatchRequest(params.company, newRecordId, body), {
        deadlineMs: POST_INVOICES_DEADLINE_MS,
      });
      if (response.errors.length > 0) throw problemFromRejection({ errors: response.errors });
      return { status: 202, body: postingBatchToJson(newRecordId, response.results) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/invoices/{invoiceId}/post',
    operationId: 'postInvoice',
    tag: TAG,
    summary: 'Request posting of a document.',
    description: [
      'Answers 202 with the document READY_TO_POST. With ?wait=true it waits up to 10 s for the outcome and answers 200 with the final document (COMPLETE, or IN_PROGRESS with errors after a failed posting), or 202 when the outcome is still pending.',
      "Background posting: a document with more lines than the company's backgroundPostingLineThreshold (0 = none), or with any line on an income schedule (incomeSchedule), is queued and posted in the background; ?wait=true does not wait for it and answers 202 with the document READY_TO_POST at once. Read the document for the outcome.",
      'While a document is queued (READY_TO_POST) a new posting request answers 409 INVALID_STATE; a posted one 409 ALREADY_POSTED. The Idempotency-Key is passed to the service as the request id: a repeat with the same key and body answers as the first request did (200 once posted); the same key with another body 409 CONFLICT.',
      'Post and pay: payment {id?, amount, paidDate, reference?} is recorded by the customer service and applied to this document once it is posted, in one request. Required for customers with CASH_SALES_ONLY payment terms (without it the posting fails with CASH_SALES_ONLY); allowed for others as a convenience. The amount is in the document currency, positive and at most the total (a part leaves the rest open); not with credit memos. id defaults to one derived from the Idempotency-Key and the document (random without a key). Nothing is half done: if posting fails (e.g. PERIOD_CLOSED, or the paid date in a closed period), no payment is recorded.',
      'creditCheckMode: NONE (default), BALANCE (posted balance + this document against the credit limit), BALANCE_PACKING_SLIPS (the same as BALANCE: this system has no packing slips), BALANCE_ALL (also every other unposted document of the customer). The body is optional.',
    ].join('\n\n'),
    access: 'write',
    idempotency: 'request-id',
    params: invoicePath,
    query: postInvoiceQuery,
    body: postInvoiceBody,
    responses: {
      200: { description: 'The final document (posted, or back In Progress with errors).', schema: 'Invoice' },
      202: { description: 'The document, READY_TO_POST; the outcome is pending.', schema: 'Invoice' },
    },
    problems: [404, 409],
    async handle({ params, query, body, clients, idempotencyKey, settings, signal, logger }) {
      const paymentId = postAndPayPaymentIdFor(params.company, params.invoiceId, idempotencyKey);
      const response = await clients.invoicing.requestPosting(
        requestPostingRequest(params.company, params.invoiceId, idempotencyKey ?? '', body, paymentId),
      );
      let invoice = resultOrThrow(response.result, 'RequestPosting');
      if (query.wait && invoice.status === READY_TO_POST && (await waitsForOutcome(clients, params.company, invoice, logger))) {
        const outcome = await waitUntil(
          invoice,
          async (remainingMs) => {
            const answer = await clients.invoicing.getInvoice(
              { companyId: params.company, invoiceId: params.invoiceId },
              { deadlineMs: Math.max(remainingMs, POLL_DEADLINE_MIN_MS) },
            );
            if (answer.invoice === undefined) throw new Error('invoicing answered GetInvoice without an invoice');
            return answer.invoice;
          },
          (current) => current.status !== READY_TO_POST,
          { maxMs: settings.postWaitMaxMs, intervalMs: settings.postPollIntervalMs, signal },
        );
        if (outcome.error !== undefined) logger.warn({ err: outcome.error, invoiceId: params.invoiceId }, 'stopped waiting for a posting outcome');
        invoice = outcome.value;
      }
      return { status: invoice.status === READY_TO_POST ? 202 : 200, body: invoiceToJson(invoice) };
    },
  }),
];

/**
 * Whether ?wait=true waits for this queued document: not when it posts in the background. The
 * document is queued by now and its posting goes ahead, so when the company's threshold cannot
 * be read the answer is 202 at once (and logged) rather than an error for a request that worked.
 */
async function waitsForOutcome(clients: ServiceClients, companyId: string, invoice: invoicingV1.Invoice, logger: Logger): Promise<boolean> {
  try {
    return !(await postsInBackground(clients, companyId, invoice));
  } catch (error) {
    logger.warn({ err: error, invoiceId: invoice.invoiceId }, 'could not read the background-posting threshold; answering without waiting');
    return false;
  }
}

/**
 * Whether a document posts in the background (DESIGN 4.3, seed 004): it has a line on an income
 * schedule, or more lines than the company's background-posting threshold (0 = no threshold).
 * The schedule is seen on the document itself, so the company is read only when it is not there.
 */
async function postsInBackground(clients: ServiceClients, companyId: string, invoice: invoicingV1.Invoice): Promise<boolean> {
  if (invoice.lines.some((line) => line.incomeSchedule !== undefined)) return true;
  const { company } = await clients.ledger.getCompany({ companyId });
  const threshold = company?.settings?.backgroundPostingLineThreshold ?? 0;
  return threshold > 0 && invoice.lines.length > threshold;
}
