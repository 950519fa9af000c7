import { commonV1, customerV1, eventRegistry, invoicingV1, invoicingV1Events, ledgerV1, commonV1Envelope } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus, GrpcStatusError, serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import { createKafka, createProducer, headersToStrings, type Producer } from '@ledgerline/kafka';
import type { RunningDataService } from '@ledgerline/service-host';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInvoicingConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startInvoicingService } from '../src/service.js';

const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const company = uniqueName('acme');
const logger = testLogger('invoicing-test');
const { DocumentType } = commonV1;
const { InvoiceStatus } = invoicingV1;

let database: TestDatabase;
let doubles: RunningGrpcServer;
let service: RunningDataService;
let client: ReturnType<typeof createGrpcClient<invoicingV1.InvoicingServiceClient>>;
let producer: Producer;
let requestedReader: Consumer;
const requestedEvents: invoicingV1Events.InvoicePostingRequested[] = [];

/** The ledger and customer services as real gRPC servers with a standard company and two customers. */
async function startDoubles(): Promise<RunningGrpcServer> {
  const company: ledgerV1.Company = ledgerV1.Company.fromPartial({
    companyId: '',
    homeCurrency: 'EUR',
    reportingCurrency: 'USD',
    settings: { defaultCreditTermsId: 'NET30', receivableAccount: '1200' },
    taxCodes: [
      { code: 'STD', ratePercent: '20', payableAccount: '2200' },
      { code: 'RED', ratePercent: '5', payableAccount: '2200' },
    ],
    creditTerms: [
      { creditTermsId: 'NET30', netDays: 30, discountPercent: '', discountDays: 0 },
      { creditTermsId: '2/10NET30', netDays: 30, discountPercent: '2', discountDays: 10 },
    ],
  });
  const accounts = ['1000', '2200', '4000', '4100', '2500'].map((account) => ({ account, name: account, type: 0, control: false }));
  accounts.push({ account: '1200', name: 'A/R', type: 0, control: true });
  return startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    services: [
      serviceRegistration<ledgerV1.LedgerServiceServer>('ledger.v1.LedgerService', ledgerV1.LedgerServiceService, {
        async getCompany(request) {
          if (request.companyId === 'nobody') throw new GrpcStatusError(GrpcStatus.NOT_FOUND, 'no such company');
          return { company: { ...company, companyId: request.companyId } };
        },
        async listAccounts() {
          return { accounts, page: { nextCursor: '' } };
        },
      }),
      serviceRegistration<customerV1.CustomerServiceServer>('customer.v1.CustomerService', customerV1.CustomerServiceService, {
        async getCustomer(request) {
          const terms = { 'C-EUR': ['EUR', ''], 'C-DISC': ['EUR', '2/10NET30'], 'C-JPY': ['JPY', ''] } as Record<string, [string, string]>;
          const known = terms[request.customerId];
          if (known === undefined) throw new GrpcStatusError(GrpcStatus.NOT_FOUND, 'no such customer');
          return { customer: customerV1.Customer.fromPartial({ customerId: request.customerId, currency: known[0], creditTermsId: known[1] }) };
        },
      }),
    ],
  });
}

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'invoicing', MIGRATIONS_DIR);
  doubles = await startDoubles();
  doubles.health.setServing(true);
  service = await startInvoicingService(
    loadInvoicingConfig({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      GRPC_PORT: '0',
      LEDGER_GRPC_ADDRESS: `127.0.0.1:${doubles.port}`,
      CUSTOMER_GRPC_ADDRESS: `127.0.0.1:${doubles.port}`,
      KAFKA_CONSUMER_GROUP_PREFIX: `${uniqueName('inv')}.`,
    }),
    logger,
  );
  client = createGrpcClient(invoicingV1.InvoicingServiceClient, { address: `127.0.0.1:${service.grpcPort}` });
  const kafka = createKafka({ clientId: uniqueName('invoicing-test'), brokers: kafkaBrokers, logger });
  producer = await createProducer(kafka);
  requestedReader = kafka.consumer({ groupId: uniqueName('requested-reader') });
  await requestedReader.connect();
  await requestedReader.subscribe({ topic: eventRegistry['invoicing.v1.InvoicePostingRequested'].topic, fromBeginning: true });
  await requestedReader.run({
    eachMessage: async ({ message }) => {
      if (headersToStrings(message.headers)['company-id'] !== company || message.value === null) return;
      const envelope = commonV1Envelope.EventEnvelope.decode(message.value);
      requestedEvents.push(invoicingV1Events.InvoicePostingRequested.decode(envelope.payload));
    },
  });
});

afterAll(async () => {
  await requestedReader?.disconnect();
  await producer?.disconnect();
  client?.close();
  await service?.stop();
  await doubles?.shutdown(100);
  await database?.drop();
});

function freeTextLine(overrides: Partial<invoicingV1.InvoiceLineInput> = {}): invoicingV1.InvoiceLineInput {
  return invoicingV1.InvoiceLineInput.fromPartial({ description: 'Consulting', quantity: '2', unitPrice: '50.00', account: '4000', taxCode: 'STD', ...overrides });
}

async function createInvoice(invoiceId: string, overrides: Partial<invoicingV1.CreateInvoiceRequest> = {}) {
  const response = await client.createInvoice(
    invoicingV1.CreateInvoiceRequest.fromPartial({
      companyId: company,
      invoiceId,
      type: DocumentType.DOCUMENT_TYPE_FREE_TEXT,
      customerId: 'C-EUR',
      invoiceDate: '2026-11-02',
      lines: [freeTextLine(), freeTextLine({ quantity: '1', unitPrice: '10.00', taxCode: 'RED' })],
      ...overrides,
    }),
  );
  return response.result;
}

/** Sends a posting outcome event as the posting service would. */
async function publishOutcome(eventType: 'posting.v1.InvoicePosted' | 'posting.v1.InvoicePostingFailed', payload: object, eventId = crypto.randomUUID()) {
  const descriptor = eventRegistry[eventType];
  const bytes = eventType === 'posting.v1.InvoicePosted'
    ? eventRegistry['posting.v1.InvoicePosted'].codec.encode(eventRegistry['posting.v1.InvoicePosted'].codec.fromPartial(payload)).finish()
    : eventRegistry['posting.v1.InvoicePostingFailed'].codec.encode(eventRegistry['posting.v1.InvoicePostingFailed'].codec.fromPartial(payload)).finish();
  const value = commonV1Envelope.EventEnvelope.encode({
    eventId,
    occurredAt: new Date(),
    companyId: company,
    eventType,
    schemaVersion: 1,
    payload: Buffer.from(bytes),
  }).finish();
  await producer.send({ topic: descriptor.topic, messages: [{ key: 'C-EUR', value: Buffer.from(value), headers: { 'event-id': eventId, 'event-type': eventType, 'company-id': company } }] });
}

async function statusOf(invoiceId: string) {
  return (await client.getInvoice({ companyId: company, invoiceId })).invoice;
}

describe('invoicing', () => {
  it('creates a document with its totals, tax lines and due date from the company terms', async () => {
    const result = await createInvoice('inv-totals');
    expect(result?.$case).toBe('invoice');
    const invoice = result?.$case === 'invoice' ? result.value : undefined;
    expect(invoice).toMatchObject({ status: InvoiceStatus.INVOICE_STATUS_IN_PROGRESS, currency: 'EUR', netAmount: '110.00', taxAmount: '20.50', totalAmount: '130.50', dueDate: '2026-12-02', creditTermsId: 'NET30' });
    expect(invoice?.taxLines.map((tax) => [tax.taxCode, tax.baseAmount, tax.taxAmount])).toEqual([
      ['RED', '10.00', '0.50'],
      ['STD', '100.00', '20.00'],
    ]);
  });

  it("takes the due date from the customer's own terms", async () => {
    const result = await createInvoice('inv-customer-terms', { customerId: 'C-DISC' });
    expect(result?.$case === 'invoice' ? [result.value.creditTermsId, result.value.dueDate] : result).toEqual(['2/10NET30', '2026-12-02']);
  });

  it('answers a repeated create with the same document and refuses the same id with other content', async () => {
    const first = await createInvoice('inv-idempotent');
    const again = await createInvoice('inv-idempotent');
    expect(again).toEqual(first);
    const other = await createInvoice('inv-idempotent', { invoiceDate: '2026-11-03' });
    expect(other).toMatchObject({ $case: 'rejection', value: { errors: [{ code: 'CONFLICT' }] } });
  });

  it('stores one document when creates of the same id with two contents race: the winner\u2019s, lines included', async () => {
    const oneLine = { lines: [freeTextLine({ quantity: '3' })] };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => createInvoice('inv-race', index % 2 === 0 ? {} : oneLine)));
    const created = answers.flatMap((answer) => (answer?.$case === 'invoice' ? [answer.value] : []));
    const refusedCodes = answers.flatMap((answer) => (answer?.$case === 'rejection' ? answer.value.errors.map((error) => error.code) : []));
    expect(created).toHaveLength(10);
    expect(refusedCodes).toEqual(Array.from({ length: 10 }, () => 'CONFLICT'));
    const stored = (await client.getInvoice({ companyId: company, invoiceId: 'inv-race' })).invoice;
    expect(created.every((invoice) => invoice.totalAmount === stored?.totalAmount)).toBe(true);
    expect(stored?.lines.map((line) => line.quantity)).toEqual(stored?.totalAmount === '180.00' ? ['3'] : ['2', '1']);
  });

  it('gives every new document the next draft number of its company, and a repeated create the same one', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => createInvoice(`inv-draft-${index}`)));
    const numbers = answers.map((answer) => (answer?.$case === 'invoice' ? answer.value.draftNumber : ''));
    expect(numbers.every((number) => /^D-\d{6}$/.test(number))).toBe(true);
    const values = numbers.map((number) => Number(number.slice(2))).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: 20 }, (_, index) => (values[0] ?? 0) + index));
    const again = await createInvoice('inv-draft-3');
    expect(again?.$case === 'invoice' ? again.value.draftNumber : '').toBe(numbers[3]);
  });

  it('selects documents for a posting run by draft number range, and refuses what is not a draft number', async () => {
    const [first, second] = await Promise.all([createInvoice('inv-range-1'), createInvoice('inv-range-2')]);
    const numberOf = (answer: typeof first) => (answer?.$case === 'invoice' ? answer.value.draftNumber : '');
    const [low, high] = [numberOf(first), numberOf(second)].sort();
    const select = (from: string, to: string) =>
      client.selectDocumentsForPosting({ companyId: company, filter: invoicingV1.InvoiceFilter.fromPartial({ numberRange: { from, to } }), page: { pageSize: 100, cursor: '' } });
    expect((await select(high ?? '', high ?? '')).invoices.map((invoice) => invoice.draftNumber)).toEqual([high]);
    // Unpadded, the same number.
    const unpadded = `D-${Number(low?.slice(2))}`;
    expect((await select(unpadded, unpadded)).invoices.map((invoice) => invoice.draftNumber)).toEqual([low]);
    await expect(select('inv-range-1', '')).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
  });

  it('refuses bad input naming each field, and stores nothing', async () => {
    const result = await createInvoice('inv-bad', {
      customerId: 'C-EUR',
      invoiceDate: '2026-02-30',
      lines: [freeTextLine({ quantity: '-2', account: '1200' }), freeTextLine({ taxCode: 'NOPE', unitPrice: 'abc' })],
    });
    expect(result?.$case === 'rejection' ? result.value.errors.map((error) => [error.code, error.fieldPath]) : result).toEqual([
      ['VALIDATION_FAILED', 'invoiceDate'],
      ['VALIDATION_FAILED', 'lines[0].quantity'],
      ['UNKNOWN_ACCOUNT', 'lines[0].account'],
      ['VALIDATION_FAILED', 'lines[1].unitPrice'],
      ['UNKNOWN_TAX_CODE', 'lines[1].taxCode'],
    ]);
    await expect(statusOf('inv-bad')).rejects.toMatchObject({ code: GrpcStatus.NOT_FOUND });
  });

  it('refuses an unknown customer and a currency other than the customer\u2019s', async () => {
    expect(await createInvoice('inv-nobody', { customerId: 'C-NONE' })).toMatchObject({ $case: 'rejection', value: { errors: [{ code: 'UNKNOWN_CUSTOMER', fieldPath: 'customerId' }] } });
    expect(await createInvoice('inv-usd', { currency: 'USD' })).toMatchObject({ $case: 'rejection', value: { errors: [{ fieldPath: 'currency' }] } });
  });

  it('queues a document once although 50 requests to post it arrive at the same time', async () => {
    await createInvoice('inv-concurrent');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => client.requestPosting(invoicingV1.RequestPostingRequest.fromPartial({ companyId: company, invoiceId: 'inv-concurrent' }))),
    );
    const accepted = answers.filter((answer) => answer.result?.$case === 'invoice');
    const refusedCodes = answers.flatMap((answer) => (answer.result?.$case === 'rejection' ? answer.result.value.errors.map((error) => error.code) : []));
    expect(accepted).toHaveLength(1);
    expect(new Set(refusedCodes)).toEqual(new Set(['INVALID_STATE']));
    const event = await eventually(() => requestedEvents.find((candidate) => candidate.invoiceId === 'inv-concurrent'), { what: 'InvoicePostingRequested' });
    expect(event).toMatchObject({ customerId: 'C-EUR', totalAmount: '130.50', currency: 'EUR', dueDate: '2026-12-02' });
    expect(event.lines).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(requestedEvents.filter((candidate) => candidate.invoiceId === 'inv-concurrent')).toHaveLength(1);
  });

  it('answers a repeat of the accepted posting request as the first time', async () => {
    await createInvoice('inv-request-id');
    const request = invoicingV1.RequestPostingRequest.fromPartial({ companyId: company, invoiceId: 'inv-request-id', requestId: 'key-1' });
    const first = await client.requestPosting(request);
    const repeat = await client.requestPosting(request);
    expect(repeat.result?.$case).toBe('invoice');
    expect(repeat).toEqual(first);
  });

  it('completes a document when it is posted, once, whatever is delivered twice', async () => {
    await createInvoice('inv-posted');
    await client.requestPosting(invoicingV1.RequestPostingRequest.fromPartial({ companyId: company, invoiceId: 'inv-posted' }));
    const eventId = crypto.randomUUID();
    const posted = { invoiceId: 'inv-posted', companyId: company, customerId: 'C-EUR', invoiceNumber: 'INVOICE-000007', transactionNumber: '7', ledgerEntryId: 'entry-7' };
    await publishOutcome('posting.v1.InvoicePosted', posted, eventId);
    await publishOutcome('posting.v1.InvoicePosted', posted, eventId);
    const invoice = await eventually(async () => {
      const current = await statusOf('inv-posted');
      return current?.status === InvoiceStatus.INVOICE_STATUS_COMPLETE ? current : undefined;
    }, { what: 'the document to complete' });
    expect(invoice).toMatchObject({ number: 'INVOICE-000007', transactionNumber: '7', ledgerEntryId: 'entry-7' });
    const again = await client.requestPosting(invoicingV1.RequestPostingRequest.fromPartial({ companyId: company, invoiceId: 'inv-posted' }));
    expect(again.result).toMatchObject({ $case: 'rejection', value: { errors: [{ code: 'ALREADY_POSTED' }] } });
    const discard = await client.discardInvoice({ companyId: company, invoiceId: 'inv-posted' });
    expect(discard.result).toMatchObject({ $case: 'rejection', value: { errors: [{ code: 'INVALID_STATE' }] } });
  });

  it('returns a refused document to In Progress with the reasons', async () => {
    await createInvoice('inv-failed');
    await client.requestPosting(invoicingV1.RequestPostingRequest.fromPartial({ companyId: company, invoiceId: 'inv-failed' }));
    await publishOutcome('posting.v1.InvoicePostingFailed', {
      invoiceId: 'inv-failed',
      companyId: company,
      customerId: 'C-EUR',
      reasons: [{ code: 'PERIOD_CLOSED', message: 'period 2026-11 is closed', fieldPath: 'invoiceDate' }],
    });
    const invoice = await eventually(async () => {
      const current = await statusOf('inv-failed');
      return current?.status === InvoiceStatus.INVOICE_STATUS_IN_PROGRESS && current.errors.length > 0 ? current : undefined;
    }, { what: 'the document to return to In Progress' });
    expect(invoice.errors).toEqual([{ code: 'PERIOD_CLOSED', message: 'period 2026-11 is closed', fieldPath: 'invoiceDate' }]);
    const discarded = await client.discardInvoice({ companyId: company, invoiceId: 'inv-failed' });
    expect(discarded.result?.$case === 'invoice' ? discarded.result.value.status : discarded).toBe(InvoiceStatus.INVOICE_STATUS_DISCARDED);
  });

  it('lists documents by filter a page at a time', async () => {
    await createInvoice('list-1', { invoiceDate: '2026-10-01' });
    await createInvoice('list-2', { invoiceDate: '2026-10-02' });
    await createInvoice('list-3', { invoiceDate: '2026-10-03', type: DocumentType.DOCUMENT_TYPE_DEBIT_MEMO });
    const filter = invoicingV1.InvoiceFilter.fromPartial({ invoiceDate: { from: '2026-10-01', to: '2026-10-31' } });
    const first = await client.listInvoices({ companyId: company, filter, page: { pageSize: 2, cursor: '' }, omitLines: true });
    const second = await client.listInvoices({ companyId: company, filter, page: { pageSize: 2, cursor: first.page?.nextCursor ?? '' }, omitLines: true });
    expect([...first.invoices, ...second.invoices].map((invoice) => invoice.invoiceId)).toEqual(['list-1', 'list-2', 'list-3']);
    expect(second.page?.nextCursor).toBe('');
    const memos = await client.listInvoices({ companyId: company, filter: { ...filter, types: [DocumentType.DOCUMENT_TYPE_DEBIT_MEMO] }, omitLines: true });
    expect(memos.invoices.map((invoice) => invoice.invoiceId)).toEqual(['list-3']);
  });
});

describe('income schedules', () => {
  const schedule = { startDate: '2026-12-01', periods: 12 };
  const scheduledLines = () => [freeTextLine({ incomeSchedule: schedule }), freeTextLine({ quantity: '1', unitPrice: '10.00', taxCode: 'RED' })];
  const schedulesOf = (invoice: invoicingV1.Invoice | undefined) => invoice?.lines.map((line) => line.incomeSchedule);

  it('stores a line\u2019s schedule and reads it back by id, in a list and in a run\u2019s selection; a line without one has none', async () => {
    const created = await createInvoice('sched-read', { lines: scheduledLines() });
    expect(created?.$case === 'invoice' ? schedulesOf(created.value) : created).toEqual([schedule, undefined]);
    expect(schedulesOf(await statusOf('sched-read'))).toEqual([schedule, undefined]);
    const listed = await client.listInvoices({ companyId: company, filter: invoicingV1.InvoiceFilter.fromPartial({ invoiceIds: ['sched-read'] }), omitLines: false });
    expect(schedulesOf(listed.invoices[0])).toEqual([schedule, undefined]);
    const selected = await client.selectDocumentsForPosting({ companyId: company, filter: invoicingV1.InvoiceFilter.fromPartial({ invoiceIds: ['sched-read'] }) });
    expect(schedulesOf(selected.invoices[0])).toEqual([schedule, undefined]);
    await createInvoice('sched-none');
    expect(schedulesOf(await statusOf('sched-none'))).toEqual([undefined, undefined]);
  });

  it('replaces the schedules with the lines when a document is amended', async () => {
    await createInvoice('sched-amend', { lines: scheduledLines() });
    const later = { startDate: '2027-01-01', periods: 60 };
    const amended = await client.amendInvoice(
      invoicingV1.AmendInvoiceRequest.fromPartial({
        companyId: company,
        invoiceId: 'sched-amend',
        invoiceDate: '2026-11-02',
        lines: [freeTextLine(), freeTextLine({ quantity: '1', unitPrice: '10.00', taxCode: 'RED', incomeSchedule: later })],
      }),
    );
    expect(amended.result?.$case === 'invoice' ? schedulesOf(amended.result.value) : amended.result).toEqual([undefined, later]);
    expect(schedulesOf(await statusOf('sched-amend'))).toEqual([undefined, later]);
  });

  it('refuses a schedule without a real start date or with periods outside 1 to 60, naming each field, and stores nothing', async () => {
    const result = await createInvoice('sched-bad', {
      lines: [
        freeTextLine({ incomeSchedule: { startDate: '2026-02-30', periods: 0 } }),
        freeTextLine({ incomeSchedule: { startDate: '2026-12-01', periods: 61 } }),
        freeTextLine({ incomeSchedule: { startDate: '', periods: 12 } }),
      ],
    });
    expect(result?.$case === 'rejection' ? result.value.errors.map((error) => [error.code, error.fieldPath]) : result).toEqual([
      ['VALIDATION_FAILED', 'lines[0].incomeSchedule.startDate'],
      ['VALIDATION_FAILED', 'lines[0].incomeSchedule.periods'],
      ['VALIDATION_FAILED', 'lines[1].incomeSchedule.periods'],
      ['VALIDATION_FAILED', 'lines[2].incomeSchedule.startDate'],
    ]);
    await expect(statusOf('sched-bad')).rejects.toMatchObject({ code: GrpcStatus.NOT_FOUND });
  });

  it('answers an identical repeated create with the document and refuses the same id with another schedule or none', async () => {
    const first = await createInvoice('sched-idempotent', { lines: scheduledLines() });
    expect(await createInvoice('sched-idempotent', { lines: scheduledLines() })).toEqual(first);
    const otherSchedule = [freeTextLine({ incomeSchedule: { ...schedule, periods: 6 } }), freeTextLine({ quantity: '1', unitPrice: '10.00', taxCode: 'RED' })];
    for (const lines of [otherSchedule, [freeTextLine(), freeTextLine({ quantity: '1', unitPrice: '10.00', taxCode: 'RED' })]]) {
      expect(await createInvoice('sched-idempotent', { lines })).toMatchObject({ $case: 'rejection', value: { errors: [{ code: 'CONFLICT' }] } });
    }
  });

  it('carries each line\u2019s schedule in InvoicePostingRequested', async () => {
    await createInvoice('sched-event', { lines: scheduledLines() });
    const queued = await client.requestPosting(invoicingV1.RequestPostingRequest.fromPartial({ companyId: company, invoiceId: 'sched-event' }));
    expect(queued.result?.$case).toBe('invoice');
    const event = await eventually(() => requestedEvents.find((candidate) => candidate.invoiceId === 'sched-event'), { what: 'InvoicePostingRequested' });
    expect(event.lines.map((line) => line.incomeSchedule)).toEqual([schedule, undefined]);
  });
});
