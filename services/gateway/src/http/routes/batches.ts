import { batchV1 } from '@ledgerline/contracts';
import { arTransactionToJson, batchCustomerReportToJson, batchStatusToProto, batchToJson, type BatchCustomerReportJson } from '../../api/batch-mapping.js';
import {
  addBatchCustomersBody,
  addBatchDocumentsBody,
  arTransactionPath,
  batchCustomerPath,
  batchDocumentPath,
  batchPath,
  batchReportPdfQuery,
  batchReportQuery,
  correctDatesBody,
  createBatchBody,
  generateBatchBody,
  listBatchesQuery,
  updateBatchBody,
} from '../../api/batch-requests.js';
import { nextCursor, pageRequest } from '../../api/mapping.js';
import { companyPath, emptyQuery } from '../../api/requests.js';
import { renderBatchReportPdf } from '../../documents/batch-report-pdf.js';
import { HttpProblem } from '../problem.js';
import { resultOrThrow } from '../rejections.js';
import { defineRoute, type Route } from '../route.js';

const base = (company: string) => `/v1/companies/${encodeURIComponent(company)}`;
const batchResponses = { 200: { description: 'The batch.', schema: 'InvoiceBatch' } };
/** Most customers one PDF holds; a larger batch is printed customer by customer (?customerId=). */
export const PDF_CUSTOMERS_MAX = 500;
/**
 * How long a generation may take: it moves every selected document in one transaction, which
 * for a single cutoff day of a large company is hundreds of thousands of rows.
 */
export const BATCH_GENERATION_DEADLINE_MS = 60_000;
/** Page size used to collect a report for the PDF. */
const PDF_REPORT_PAGE_SIZE = 500;

const TAG = 'Invoice batches';

export const batchRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/invoice-batches/generate',
    operationId: 'generateInvoiceBatch',
    tag: TAG,
    summary: 'Generate an invoice batch by close date.',
    description:
      'Includes the customers whose batch cutoff day equals the close date\'s day of month (on the last day of a month also cutoff days 29-31 beyond it), with their posted invoices, debit memos and credit memos dated up to the close date that are in no batch. Overrides: includeCustomerIds (whatever their cutoff day), includeDocumentIds (whatever their date), onlyCustomerIds (restrict). dummy: true marks a batch that absorbs older documents and prints with no output. Refused with NOTHING_TO_BATCH when nothing qualifies.',
    access: 'write',
    idempotency: 'body-id',
    params: companyPath,
    query: emptyQuery,
    body: generateBatchBody,
    responses: { 201: { description: 'The generated batch.', schema: 'InvoiceBatch' } },
    problems: [409],
    async handle({ params, body, clients }) {
      const response = await clients.batch.generateBatch(
        batchV1.GenerateBatchRequest.fromPartial({
          companyId: params.company,
          batchId: body.id,
          closeDate: body.closeDate,
          dummy: body.dummy ?? false,
          includeCustomerIds: body.includeCustomerIds ?? [],
          includeDocumentIds: body.includeDocumentIds ?? [],
          onlyCustomerIds: body.onlyCustomerIds ?? [],
        }),
        { deadlineMs: BATCH_GENERATION_DEADLINE_MS },
      );
      const batch = resultOrThrow(response.result, 'GenerateBatch');
      return { status: 201, body: batchToJson(batch), location: `${base(params.company)}/invoice-batches/${encodeURIComponent(batch.batchId)}` };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/invoice-batches',
    operationId: 'createInvoiceBatch',
    tag: TAG,
    summary: 'Create an empty invoice batch by hand, to fill with customers and documents.',
    access: 'write',
    idempotency: 'body-id',
    params: companyPath,
    query: emptyQuery,
    body: createBatchBody,
    responses: { 201: { description: 'The batch.', schema: 'InvoiceBatch' } },
    problems: [409],
    async handle({ params, body, clients }) {
      const response = await clients.batch.createBatch({ companyId: params.company, batchId: body.id, closeDate: body.closeDate, dummy: body.dummy ?? false });
      const batch = resultOrThrow(response.result, 'CreateBatch');
      return { status: 201, body: batchToJson(batch), location: `${base(params.company)}/invoice-batches/${encodeURIComponent(batch.batchId)}` };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/invoice-batches',
    operationId: 'listInvoiceBatches',
    tag: TAG,
    summary: 'Invoice batches, newest number first; open and printed ones unless ?status= says otherwise.',
    access: 'read',
    params: companyPath,
    query: listBatchesQuery,
    responses: { 200: { description: 'The batches.', schema: 'InvoiceBatchList' } },
    problems: [],
    async handle({ params, query, clients }) {
      const response = await clients.batch.listBatches({ companyId: params.company, status: batchStatusToProto(query.status), page: pageRequest(query) });
      return { status: 200, body: { items: response.batches.map(batchToJson), nextCursor: nextCursor(response.page) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/invoice-batches/{batchId}',
    operationId: 'getInvoiceBatch',
    tag: TAG,
    summary: 'One invoice batch.',
    access: 'read',
    params: batchPath,
    query: emptyQuery,
    responses: batchResponses,
    problems: [404],
    async handle({ params, clients }) {
      const { batch } = await clients.batch.getBatch({ companyId: params.company, batchId: params.batchId });
      if (batch === undefined) throw new Error('batch answered GetBatch without a batch');
      return { status: 200, body: batchToJson(batch) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/companies/{company}/invoice-batches/{batchId}',
    operationId: 'updateInvoiceBatch',
    tag: TAG,
    summary: 'Change the close date of an unprinted batch.',
    access: 'write',
    idempotency: 'natural',
    params: batchPath,
    query: emptyQuery,
    body: updateBatchBody,
    responses: batchResponses,
    problems: [404, 409],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.batch.updateBatch({ companyId: params.company, batchId: params.batchId, closeDate: body.closeDate }, writeOptions);
      return { status: 200, body: batchToJson(resultOrThrow(response.result, 'UpdateBatch')) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/companies/{company}/invoice-batches/{batchId}',
    operationId: 'deleteInvoiceBatch',
    tag: TAG,
    summary: 'Delete an unprinted batch; its documents become available to later batches.',
    description: 'The batch stays readable with status DELETED, so batch numbers remain gapless. A printed batch answers 409 BATCH_PRINTED.',
    access: 'write',
    idempotency: 'natural',
    params: batchPath,
    query: emptyQuery,
    responses: batchResponses,
    problems: [404, 409],
    async handle({ params, clients, writeOptions }) {
      const response = await clients.batch.deleteBatch({ companyId: params.company, batchId: params.batchId }, writeOptions);
      return { status: 200, body: batchToJson(resultOrThrow(response.result, 'DeleteBatch')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/invoice-batches/{batchId}/customers',
    operationId: 'addInvoiceBatchCustomers',
    tag: TAG,
    summary: 'Add customers to an unprinted batch, with their unbatched documents dated up to its close date.',
    access: 'write',
    idempotency: 'natural',
    params: batchPath,
    query: emptyQuery,
    body: addBatchCustomersBody,
    responses: batchResponses,
    problems: [404, 409],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.batch.addBatchCustomers({ companyId: params.company, batchId: params.batchId, customerIds: body.customerIds }, writeOptions);
      return { status: 200, body: batchToJson(resultOrThrow(response.result, 'AddBatchCustomers')) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/companies/{company}/invoice-batches/{batchId}/customers/{customerId}',
    operationId: 'removeInvoiceBatchCustomer',
    tag: TAG,
    summary: 'Remove a customer and its documents from an unprinted batch.',
    access: 'write',
    idempotency: 'natural',
    params: batchCustomerPath,
    query: emptyQuery,
    responses: batchResponses,
    problems: [404, 409],
    async handle({ params, clients, writeOptions }) {
      const response = await clients.batch.removeBatchCustomer({ companyId: params.company, batchId: params.batchId, customerId: params.customerId }, writeOptions);
      return { status: 200, body: batchToJson(resultOrThrow(response.result, 'RemoveBatchCustomer')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/invoice-batches/{batchId}/documents',
    operationId: 'addInvoiceBatchDocuments',
    tag: TAG,
    summary: 'Add posted documents to an unprinted batch, whatever their dates.',
    description: 'A document in another batch answers 409 DOCUMENT_ALREADY_BATCHED.',
    access: 'write',
    idempotency: 'natural',
    params: batchPath,
    query: emptyQuery,
    body: addBatchDocumentsBody,
    responses: batchResponses,
    problems: [404, 409],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.batch.addBatchDocuments({ companyId: params.company, batchId: params.batchId, documentIds: body.documentIds }, writeOptions);
      return { status: 200, body: batchToJson(resultOrThrow(response.result, 'AddBatchDocuments')) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/companies/{company}/invoice-batches/{batchId}/documents/{documentId}',
    operationId: 'removeInvoiceBatchDocument',
    tag: TAG,
    summary: 'Remove one document from an unprinted batch; it becomes available again.',
    access: 'write',
    idempotency: 'natural',
    params: batchDocumentPath,
    query: emptyQuery,
    responses: batchResponses,
    problems: [404, 409],
    async handle({ params, clients, writeOptions }) {
      const response = await clients.batch.removeBatchDocument({ companyId: params.company, batchId: params.batchId, documentId: params.documentId }, writeOptions);
      return { status: 200, body: batchToJson(resultOrThrow(response.result, 'RemoveBatchDocument')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/invoice-batches/{batchId}/print',
    operationId: 'printInvoiceBatch',
    tag: TAG,
    summary: 'Print a batch: from then on it can be neither changed nor deleted. Printing again is a reprint.',
    description: 'Fetch the output with GET .../report (JSON) or .../report.pdf; both are computed from the current dates, so a reprint after a date correction shows the corrected period. A dummy batch prints with no output.',
    access: 'write',
    idempotency: 'natural',
    params: batchPath,
    query: emptyQuery,
    responses: batchResponses,
    problems: [404, 409],
    async handle({ params, clients, writeOptions }) {
      const response = await clients.batch.printBatch({ companyId: params.company, batchId: params.batchId }, writeOptions);
      return { status: 200, body: batchToJson(resultOrThrow(response.result, 'PrintBatch')) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/invoice-batches/{batchId}/report',
    operationId: 'getInvoiceBatchReport',
    tag: TAG,
    summary: 'The batch report per customer: former balance, payments received, new documents, new balance.',
    description: 'Paged by customer id. Empty for a dummy batch, which has no output.',
    access: 'read',
    params: batchPath,
    query: batchReportQuery,
    responses: { 200: { description: 'The report.', schema: 'InvoiceBatchReport' } },
    problems: [404],
    async handle({ params, query, clients }) {
      const response = await clients.batch.getBatchReport({
        companyId: params.company,
        batchId: params.batchId,
        customerId: query.customerId ?? '',
        page: pageRequest(query),
      });
      if (response.batch === undefined) throw new Error('batch answered GetBatchReport without a batch');
      return {
        status: 200,
        body: { batch: batchToJson(response.batch), customers: response.customers.map(batchCustomerReportToJson), nextCursor: nextCursor(response.page) },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/invoice-batches/{batchId}/report.pdf',
    operationId: 'getInvoiceBatchReportPdf',
    tag: TAG,
    summary: 'The batch report as a PDF, one section per customer.',
    description: `A batch of more than ${PDF_CUSTOMERS_MAX} customers is printed customer by customer with ?customerId=. A dummy batch has no output (409).`,
    access: 'read',
    params: batchPath,
    query: batchReportPdfQuery,
    responses: { 200: { description: 'The PDF.', contentType: 'application/pdf' } },
    problems: [404, 409],
    async handle({ params, query, clients }) {
      const { batch } = await clients.batch.getBatch({ companyId: params.company, batchId: params.batchId });
      if (batch === undefined) throw new Error('batch answered GetBatch without a batch');
      if (batch.dummy) throw new HttpProblem(409, `batch ${batch.batchNumber} is a dummy batch; it prints with no output`);
      if (query.customerId === undefined && batch.customerCount > PDF_CUSTOMERS_MAX) {
        throw new HttpProblem(422, `the batch has ${batch.customerCount} customers; print at most ${PDF_CUSTOMERS_MAX} at once, customer by customer with ?customerId=`, [
          { path: 'customerId', message: 'required for a batch this large' },
        ]);
      }
      const customers: BatchCustomerReportJson[] = [];
      let cursor = '';
      do {
        const page = await clients.batch.getBatchReport({
          companyId: params.company,
          batchId: params.batchId,
          customerId: query.customerId ?? '',
          page: { pageSize: PDF_REPORT_PAGE_SIZE, cursor },
        });
        customers.push(...page.customers.map(batchCustomerReportToJson));
        cursor = page.page?.nextCursor ?? '';
      } while (cursor !== '' && customers.length < PDF_CUSTOMERS_MAX);
      if (query.customerId !== undefined && customers.length === 0) throw new HttpProblem(404, `customer ${query.customerId} is not in batch ${batch.batchNumber}`);
      const bytes = await renderBatchReportPdf(batchToJson(batch), customers);
      return { status: 200, body: bytes, contentType: 'application/pdf', fileName: `invoice-batch-${batch.batchNumber}.pdf` };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/ar-transactions/{transactionId}',
    operationId: 'getArTransaction',
    tag: TAG,
    summary: 'One A/R posted transaction (a posted document or a payment) with its batch and date corrections.',
    access: 'read',
    params: arTransactionPath,
    query: emptyQuery,
    responses: { 200: { description: 'The transaction.', schema: 'ArTransaction' } },
    problems: [404],
    async handle({ params, clients }) {
      const { transaction } = await clients.batch.getArTransaction({ companyId: params.company, transactionId: params.transactionId });
      if (transaction === undefined) throw new Error('batch answered GetArTransaction without a transaction');
      return { status: 200, body: arTransactionToJson(transaction) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/ar-transactions/{transactionId}/date-corrections',
    operationId: 'correctArTransactionDates',
    tag: TAG,
    summary: 'Correct the invoice and due date of a posted document, or the paid date of a payment, with a reason.',
    description:
      'Batch generation and the batch report use the corrected dates; the change, its reason and the caller are kept in the transaction\'s corrections. The ledger entry and the open item keep their posted dates.',
    access: 'controller',
    idempotency: 'natural',
    params: arTransactionPath,
    query: emptyQuery,
    body: correctDatesBody,
    responses: { 200: { description: 'The corrected transaction.', schema: 'ArTransaction' } },
    problems: [404],
    async handle({ params, body, principal, clients, writeOptions }) {
      const response = await clients.batch.correctArTransactionDates({
        companyId: params.company,
        transactionId: params.transactionId,
        invoiceDate: body.invoiceDate ?? '',
        dueDate: body.dueDate ?? '',
        paidDate: body.paidDate ?? '',
        reason: body.reason,
        correctedBy: principal.name,
      }, writeOptions);
      return { status: 200, body: arTransactionToJson(resultOrThrow(response.result, 'CorrectArTransactionDates')) };
    },
  }),
];
