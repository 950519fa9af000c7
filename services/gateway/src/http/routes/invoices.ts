import { invoicingV1 } from '@ledgerline/contracts';
import { createInvoiceRequest, invoiceToJson, listInvoicesRequest, nextCursor, requestPostingRequest } from '../../api/mapping.js';
import { companyPath, createInvoiceBody, emptyQuery, invoicePath, listInvoicesQuery, postInvoiceBody, postInvoiceQuery } from '../../api/requests.js';
import { waitUntil } from '../../api/wait-for-outcome.js';
import { resultOrThrow } from '../rejections.js';
import { defineRoute, type Route } from '../route.js';

const TAG = 'Invoices';
const READY_TO_POST = invoicingV1.InvoiceStatus.INVOICE_STATUS_READY_TO_POST;
/** Shortest deadline a poll of the document gets, even when little waiting time is left. */
const POLL_DEADLINE_MIN_MS = 500;

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
      const response = await clients.invoicing.createInvoice(createInvoiceRequest(params.company, newRecordId, body));
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
    async handle({ params, clients }) {
      const response = await clients.invoicing.discardInvoice({ companyId: params.company, invoiceId: params.invoiceId });
      return { status: 200, body: invoiceToJson(resultOrThrow(response.result, 'DiscardInvoice')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/invoices/{invoiceId}/post',
    operationId: 'postInvoice',
    tag: TAG,
    summary: 'Request posting of a document.',
    description:
      'Answers 202 with the document READY_TO_POST. With ?wait=true it waits up to 10 s for the outcome and answers 200 with the final document (COMPLETE, or IN_PROGRESS with errors after a failed posting), or 202 when the outcome is still pending. A document already posted answers 200. The Idempotency-Key is passed to the service as the request id: a repeat answers as the first request did instead of 409 ALREADY_POSTED. The body is optional.',
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
      const response = await clients.invoicing.requestPosting(
        requestPostingRequest(params.company, params.invoiceId, idempotencyKey ?? '', body),
      );
      let invoice = resultOrThrow(response.result, 'RequestPosting');
      if (query.wait) {
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
