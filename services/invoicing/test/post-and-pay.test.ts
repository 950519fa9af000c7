import { commonV1, commonV1Envelope, customerItemV1, customerV1, eventRegistry, invoicingV1, invoicingV1Events, ledgerV1 } from '@ledgerline/contracts';
import { createPgPool } from '@ledgerline/db';
import { createGrpcClient, GrpcStatus, serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import { createKafka, createProducer, headersToStrings, type Producer } from '@ledgerline/kafka';
import type { RunningDataService } from '@ledgerline/service-host';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInvoicingConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startInvoicingService } from '../src/service.js';

/**
 * Post-and-pay requests, documents queued for posting, and amending documents: the invoicing
 * service as it runs, on real Postgres and Kafka, with the ledger, customer and customer-item
 * services as gRPC doubles.
 */
const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const company = uniqueName('pay');
const logger = testLogger('invoicing-post-and-pay-test');
const { DocumentType, CreditCheckMode } = commonV1;
const { InvoiceStatus } = invoicingV1;
const LARGE_DOCUMENT_LINES = 10_000;

let database: TestDatabase;
let doubles: RunningGrpcServer;
let service: RunningDataService;
let client: ReturnType<typeof createGrpcClient<invoicingV1.InvoicingServiceClient>>;
let producer: Producer;
let reader: Consumer;
const requestedEvents: invoicingV1Events.InvoicePostingRequested[] = [];
const proposals: customerItemV1.ProposeDraftsRequest[] = [];

async function startDoubles(): Promise<RunningGrpcServer> {
  const ledgerCompany = ledgerV1.Company.fromPartial({
    homeCurrency: 'EUR',
    reportingCurrency: 'USD',
    settings: { defaultCreditTermsId: 'NET30', receivableAccount: '1200' },
    taxCodes: [{ code: 'STD', ratePercent: '20', payableAccount: '2200' }],
    creditTerms: [{ creditTermsId: 'NET30', netDays: 30, discountPercent: '', discountDays: 0 }],
  });
  const accounts = ['1000', '2200', '4000', '4100'].map((account) => ({ account, name: account, type: 0, control: false }));
  return startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    services: [
      serviceRegistration<ledgerV1.LedgerServiceServer>('ledger.v1.LedgerService', ledgerV1.LedgerServiceService, {
        async getCompany(request) {
          return { company: { ...ledgerCompany, companyId: request.companyId } };
        },
        async listAccounts() {
          return { accounts, page: { nextCursor: '' } };
        },
      }),
      serviceRegistration<customerV1.CustomerServiceServer>('customer.v1.CustomerService', customerV1.CustomerServiceService, {
        async getCustomer(request) {
          return { customer: customerV1.Customer.fromPartial({ customerId: request.customerId, currency: 'EUR', creditTermsId: '' }) };
        },
      }),
      serviceRegistration<customerItemV1.CustomerItemServiceServer>('customeritem.v1.CustomerItemService', customerItemV1.CustomerItemServiceService, {
        async proposeDrafts(request) {
          proposals.push(request);
          return { drafts: [] };
        },
      }),
    ],
  });
}

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'invoicing', MIGRATIONS_DIR);
  doubles = await startDoubles();
  doubles.health.setServing(true);
  const address = `127.0.0.1:${doubles.port}`;
  service = await startInvoicingService(
    loadInvoicingConfig({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      GRPC_PORT: '0',
      LEDGER_GRPC_ADDRESS: address,
      CUSTOMER_GRPC_ADDRESS: address,
      CUSTOMER_ITEM_GRPC_ADDRESS: address,
      KAFKA_CONSUMER_GROUP_PREFIX: `${uniqueName('pay')}.`,
    }),
    logger,
  );
  client = createGrpcClient(invoicingV1.InvoicingServiceClient, { address: `127.0.0.1:${service.grpcPort}`, deadlineMs: 60_000 });
  const kafka = createKafka({ clientId: uniqueName('post-and-pay-test'), brokers: kafkaBrokers, logger });
  producer = await createProducer(kafka);
  reader = kafka.consumer({ groupId: uniqueName('requested-reader') });
  await reader.connect();
  await reader.subscribe({ topic: eventRegistry['invoicing.v1.InvoicePostingRequested'].topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      if (headersToStrings(message.headers)['company-id'] !== company || message.value === null) return;
      requestedEvents.push(invoicingV1Events.InvoicePostingRequested.decode(commonV1Envelope.EventEnvelope.decode(message.value).payload));
    },
  });
});

afterAll(async () => {
  await reader?.disconnect();
  await producer?.disconnect();
  client?.close();
  await service?.stop();
  await doubles?.shutdown(100);
  await database?.drop();
});

function line(overrides: Partial<invoicingV1.InvoiceLineInput> = {}): invoicingV1.InvoiceLineInput {
  return invoicingV1.InvoiceLineInput.fromPartial({ description: 'Consulting', quantity: '1', unitPrice: '100.00', account: '4000', taxCode: 'STD', ...overrides });
}

/** A free-text invoice of 100.00 + 20 % tax = 120.00 unless other lines are given. */
async function createInvoice(invoiceId: string, lines = [line()]): Promise<invoicingV1.Invoice> {
  const response = await client.createInvoice(
    invoicingV1.CreateInvoiceRequest.fromPartial({ companyId: company, invoiceId, type: DocumentType.DOCUMENT_TYPE_FREE_TEXT, customerId: 'C-1', invoiceDate: '2026-11-02', lines }),
  );
  if (response.result?.$case !== 'invoice') throw new Error(`not created: ${JSON.stringify(response.result)}`);
  return response.result.value;
}

function post(invoiceId: string, overrides: Partial<invoicingV1.RequestPostingRequest> = {}) {
  return client.requestPosting(invoicingV1.RequestPostingRequest.fromPartial({ companyId: company, invoiceId, ...overrides }));
}

const payment = (overrides: Partial<invoicingV1.PostAndPay> = {}): invoicingV1.PostAndPay => ({
  paymentId: uniqueName('P'),
  amount: '120.00',
  paidDate: '2026-11-02',
  reference: 'till 1',
  ...overrides,
});

function rejectionOf(response: { result?: { $case: string; value: unknown } | undefined }): commonV1.BusinessError[] {
  return response.result?.$case === 'rejection' ? (response.result.value as commonV1.Rejection).errors : [];
}

async function statusOf(invoiceId: string) {
  return (await client.getInvoice({ companyId: company, invoiceId })).invoice?.status;
}

describe('post and pay', () => {
  it('queues the document with its payment and credit check mode in InvoicePostingRequested', async () => {
    await createInvoice('paid');
    const taken = payment();
    const answer = await post('paid', { payment: taken, creditCheckMode: CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_ALL, requestId: 'k-paid' });
    expect(answer.result?.$case === 'invoice' ? answer.result.value.status : answer).toBe(InvoiceStatus.INVOICE_STATUS_READY_TO_POST);
    const event = await eventually(() => requestedEvents.find((candidate) => candidate.invoiceId === 'paid'), { what: 'InvoicePostingRequested' });
    expect([event.payment, event.creditCheckMode]).toEqual([taken, CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_ALL]);
  });

  it('refuses a payment it cannot take, leaving the document In Progress', async () => {
    await createInvoice('refused');
    expect(rejectionOf(await post('refused', { payment: payment({ amount: '120.01' }) })).map((error) => error.fieldPath)).toEqual(['payment.amount']);
    expect(rejectionOf(await post('refused', { payment: payment({ amount: '1.001' }) })).map((error) => error.fieldPath)).toEqual(['payment.amount']);
    expect(rejectionOf(await post('refused', { payment: payment(), postingRunId: 'RUN-1' })).map((error) => error.fieldPath)).toEqual(['payment']);
    expect(await statusOf('refused')).toBe(InvoiceStatus.INVOICE_STATUS_IN_PROGRESS);
  });

  it('answers a repeat with the same request id and payment as the first time, and another payment with CONFLICT', async () => {
    await createInvoice('repeat');
    const taken = payment();
    const first = await post('repeat', { payment: taken, requestId: 'k-repeat' });
    expect(await post('repeat', { payment: taken, requestId: 'k-repeat' })).toEqual(first);
    expect(rejectionOf(await post('repeat', { payment: { ...taken, amount: '100.00' }, requestId: 'k-repeat' })).map((error) => error.code)).toEqual(['CONFLICT']);
  });

  it('answers a repeat of a document queued before requests were fingerprinted as the first time', async () => {
    await createInvoice('unfingerprinted');
    const first = await post('unfingerprinted', { requestId: 'k-unfingerprinted' });
    const pool = createPgPool(database.url, 1);
    try {
      // The column's value for every document queued before migration 20261123200000_post_and_pay.
      await pool.query(`UPDATE invoice SET posting_request_hash = '' WHERE invoice_id = 'unfingerprinted'`);
    } finally {
      await pool.end();
    }
    expect(await post('unfingerprinted', { requestId: 'k-unfingerprinted' })).toEqual(first);
  });

  it('refuses a payment id another document already carries', async () => {
    await createInvoice('first-holder');
    await createInvoice('second-holder');
    const taken = payment();
    expect((await post('first-holder', { payment: taken })).result?.$case).toBe('invoice');
    expect(rejectionOf(await post('second-holder', { payment: taken })).map((error) => [error.code, error.fieldPath])).toEqual([['CONFLICT', 'payment.id']]);
  });
});

describe('a document queued for posting', () => {
  it('cannot be posted again, amended or discarded, each refused as INVALID_STATE saying it is queued', async () => {
    await createInvoice('queued');
    await post('queued', { requestId: 'k-queued' });
    const again = rejectionOf(await post('queued', { requestId: 'k-other' }));
    const amend = rejectionOf(
      await client.amendInvoice({ companyId: company, invoiceId: 'queued', invoiceDate: '2026-11-03', reference: '', lines: [line()] }),
    );
    const discard = rejectionOf(await client.discardInvoice({ companyId: company, invoiceId: 'queued' }));
    for (const errors of [again, amend, discard]) {
      expect(errors.map((error) => error.code)).toEqual(['INVALID_STATE']);
      expect(errors[0]?.message).toContain('queued for posting');
    }
    expect((await post('queued', { requestId: 'k-queued' })).result?.$case).toBe('invoice');
  });
});

describe('a posting request of many documents', () => {
  const postMany = (invoiceIds: string[], requestId: string, overrides: Partial<invoicingV1.RequestPostingBatchRequest> = {}) =>
    client.requestPostingBatch(invoicingV1.RequestPostingBatchRequest.fromPartial({ companyId: company, invoiceIds, requestId, ...overrides }));
  const eventsOf = (invoiceId: string) => requestedEvents.filter((event) => event.invoiceId === invoiceId);

  it('queues the In Progress documents with one event each, answers the others with their reasons, and repeats without new events', async () => {
    for (const invoiceId of ['many-a', 'many-b', 'many-queued', 'many-after']) await createInvoice(invoiceId);
    await post('many-queued', { requestId: 'k-many-queued' });
    const names = ['many-a', 'many-b', 'many-queued', 'many-missing'];
    const first = await postMany(names, 'bulk-1', { creditCheckMode: CreditCheckMode.CREDIT_CHECK_MODE_BALANCE });
    expect(first.errors).toEqual([]);
    expect(first.results.map((result) => [result.invoiceId, result.status, result.errors.map((error) => error.code)])).toEqual([
      ['many-a', InvoiceStatus.INVOICE_STATUS_READY_TO_POST, []],
      ['many-b', InvoiceStatus.INVOICE_STATUS_READY_TO_POST, []],
      ['many-queued', InvoiceStatus.INVOICE_STATUS_READY_TO_POST, ['INVALID_STATE']],
      ['many-missing', InvoiceStatus.INVOICE_STATUS_UNSPECIFIED, ['NOT_FOUND']],
    ]);
    const queuedEvent = await eventually(() => eventsOf('many-b')[0], { what: 'InvoicePostingRequested of many-b' });
    expect([queuedEvent.creditCheckMode, queuedEvent.postingRunId]).toEqual([CreditCheckMode.CREDIT_CHECK_MODE_BALANCE, '']);

    // The same request again, its documents in another order: the same answers, and nothing queued again.
    const repeat = await postMany([...names].reverse(), 'bulk-1', { creditCheckMode: CreditCheckMode.CREDIT_CHECK_MODE_BALANCE });
    expect(repeat.results.map((result) => [result.invoiceId, result.errors.map((error) => error.code)])).toEqual([
      ['many-missing', ['NOT_FOUND']],
      ['many-queued', ['INVALID_STATE']],
      ['many-b', []],
      ['many-a', []],
    ]);
    // Every event here has the key C-1, so one partition: a later event read means any earlier one was read.
    await post('many-after', { requestId: 'k-many-after' });
    await eventually(() => eventsOf('many-after')[0], { what: 'InvoicePostingRequested of many-after' });
    expect([eventsOf('many-a').length, eventsOf('many-b').length]).toEqual([1, 1]);
  });

  it('refuses its request id with other documents or options as a whole, changing nothing', async () => {
    await createInvoice('many-c');
    await createInvoice('many-d');
    expect((await postMany(['many-c'], 'bulk-2')).errors).toEqual([]);
    for (const other of [postMany(['many-c', 'many-d'], 'bulk-2'), postMany(['many-c'], 'bulk-2', { creditCorrection: true })]) {
      const answer = await other;
      expect([answer.results, answer.errors.map((error) => error.code)]).toEqual([[], ['CONFLICT']]);
    }
    expect(await statusOf('many-d')).toBe(InvoiceStatus.INVOICE_STATUS_IN_PROGRESS);
  });

  it('takes exactly one of a posting run and a request id', async () => {
    await expect(postMany(['many-c'], '')).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
    await expect(postMany(['many-c'], 'bulk-3', { postingRunId: 'RUN-9' })).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
  });
});

describe('amending a document', () => {
  it('replaces the date, reference and lines, recomputes the totals and due date, and proposes the drafts again', async () => {
    await createInvoice('amended');
    const answer = await client.amendInvoice({
      companyId: company,
      invoiceId: 'amended',
      invoiceDate: '2026-11-10',
      reference: 'PO 7',
      lines: [line({ quantity: '3', unitPrice: '10.01' }), line({ description: 'Travel', unitPrice: '0.05' })],
    });
    const amended = answer.result?.$case === 'invoice' ? answer.result.value : undefined;
    expect(amended).toMatchObject({ invoiceDate: '2026-11-10', dueDate: '2026-12-10', reference: 'PO 7', netAmount: '30.08', taxAmount: '6.02', totalAmount: '36.10' });
    expect(amended?.lines.map((amendedLine) => [amendedLine.lineNumber, amendedLine.netAmount])).toEqual([
      [1, '30.03'],
      [2, '0.05'],
    ]);
    expect((await client.getInvoice({ companyId: company, invoiceId: 'amended' })).invoice?.totalAmount).toBe('36.10');
  });

  it('refuses invalid lines naming the field, and changes nothing', async () => {
    await createInvoice('bad-amend');
    const errors = rejectionOf(
      await client.amendInvoice({ companyId: company, invoiceId: 'bad-amend', invoiceDate: '2026-11-31', reference: '', lines: [line({ taxCode: 'NOPE' })] }),
    );
    expect(errors.map((error) => error.fieldPath)).toEqual(['invoiceDate', 'lines[0].taxCode']);
    expect((await client.getInvoice({ companyId: company, invoiceId: 'bad-amend' })).invoice?.totalAmount).toBe('120.00');
  });

  it(`creates, amends and queues a document of ${LARGE_DOCUMENT_LINES} lines with exact totals`, async () => {
    const lines = Array.from({ length: LARGE_DOCUMENT_LINES }, (_, index) => line({ description: `Line ${index + 1}`, unitPrice: '0.07' }));
    const created = await createInvoice('large', lines);
    expect([created.lines.length, created.netAmount, created.taxAmount, created.totalAmount]).toEqual([LARGE_DOCUMENT_LINES, '700.00', '140.00', '840.00']);
    const amended = await client.amendInvoice({ companyId: company, invoiceId: 'large', invoiceDate: '2026-11-02', reference: '', lines: lines.map((each) => ({ ...each, unitPrice: '0.03' })) });
    expect(amended.result?.$case === 'invoice' ? amended.result.value.totalAmount : amended).toBe('360.00');
    await post('large');
    const event = await eventually(() => requestedEvents.find((candidate) => candidate.invoiceId === 'large'), { what: 'the large InvoicePostingRequested', timeoutMs: 30_000 });
    expect([event.lines.length, event.totalAmount]).toEqual([LARGE_DOCUMENT_LINES, '360.00']);
  });
});
