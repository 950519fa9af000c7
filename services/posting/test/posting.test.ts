import { randomUUID } from 'node:crypto';
import { commonV1, commonV1Envelope, encodeEvent, eventTopics, invoicingV1, invoicingV1Events, postingV1, postingV1Events } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus } from '@ledgerline/grpc';
import { createKafka, createProducer, headersToStrings, type Producer } from '@ledgerline/kafka';
import type { RunningDataService } from '@ledgerline/service-host';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPostingConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startPostingService } from '../src/service.js';
import { startBlockerDoubles, type BlockerDoubles } from './blocker-doubles.js';
import { startLedgerDouble, type LedgerDouble } from './ledger-double.js';

const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const logger = testLogger('posting-test');
const { DocumentType } = commonV1;

/** One company per test, so no test sees another's documents, journals or events. */
const companies = {
  posted: uniqueName('posted'),
  foreign: uniqueName('foreign'),
  creditMemo: uniqueName('credit'),
  twice: uniqueName('twice'),
  again: uniqueName('again'),
  replayed: uniqueName('replayed'),
  rejected: uniqueName('rejected'),
  invalid: uniqueName('invalid'),
  unknown: uniqueName('unknown'),
  transient: uniqueName('transient'),
  burst: uniqueName('burst'),
  outcome: uniqueName('outcome'),
  profiled: uniqueName('profiled'),
  paid: uniqueName('paid'),
  paidLate: uniqueName('paid-late'),
  paidTwice: uniqueName('paid-twice'),
  scheduled: uniqueName('scheduled'),
};
const BURST_SIZE = 200;
const BURST_CUSTOMERS = 10;
/** Partitions of every event topic (service-host's EVENT_TOPIC_PARTITIONS): a burst arrives in at least one batch per partition used. */
const TOPIC_PARTITIONS = 12;

let database: TestDatabase;
let ledger: LedgerDouble;
let blockerDoubles: BlockerDoubles;
let service: RunningDataService;
let producer: Producer;
let reader: Consumer;
let client: ReturnType<typeof createGrpcClient<postingV1.PostingServiceClient>>;
const posted: postingV1Events.InvoicePosted[] = [];
const failed: postingV1Events.InvoicePostingFailed[] = [];
const ourCompanies = new Set(Object.values(companies));

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'posting', MIGRATIONS_DIR);
  ledger = await startLedgerDouble(logger);
  blockerDoubles = await startBlockerDoubles(logger);
  service = await startPostingService(
    loadPostingConfig({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      GRPC_PORT: '0',
      LEDGER_GRPC_ADDRESS: ledger.address,
      CUSTOMER_GRPC_ADDRESS: blockerDoubles.address,
      CUSTOMER_ITEM_GRPC_ADDRESS: blockerDoubles.address,
      INVOICING_GRPC_ADDRESS: blockerDoubles.address,
      KAFKA_CONSUMER_GROUP_PREFIX: `${uniqueName('posting')}.`,
      // Other tests' requests share the topic; this instance posts only its own companies'.
      POSTING_COMPANY_IDS: [...ourCompanies].join(','),
    }),
    logger,
  );
  client = createGrpcClient(postingV1.PostingServiceClient, { address: `127.0.0.1:${service.grpcPort}` });
  const kafka = createKafka({ clientId: uniqueName('posting-test'), brokers: kafkaBrokers, logger });
  producer = await createProducer(kafka);
  reader = kafka.consumer({ groupId: uniqueName('outcome-reader') });
  await reader.connect();
  await reader.subscribe({ topics: [eventTopics['posting.v1.InvoicePosted'], eventTopics['posting.v1.InvoicePostingFailed']], fromBeginning: true });
  await reader.run({
    eachMessage: async ({ topic, message }) => {
      if (!ourCompanies.has(headersToStrings(message.headers)['company-id'] ?? '') || message.value === null) return;
      const envelope = commonV1Envelope.EventEnvelope.decode(message.value);
      if (topic === eventTopics['posting.v1.InvoicePosted']) posted.push(postingV1Events.InvoicePosted.decode(envelope.payload));
      else failed.push(postingV1Events.InvoicePostingFailed.decode(envelope.payload));
    },
  });
});

afterAll(async () => {
  await reader?.disconnect();
  await producer?.disconnect();
  client?.close();
  await service?.stop();
  await ledger?.server.shutdown(100);
  await blockerDoubles?.server.shutdown(100);
  await database?.drop();
});

/** A free-text invoice: 100.00 at STD 20 % split 33.33/33.33/33.34 %, 10.00 at RED 5 %, on 2/10NET30. */
function invoice(companyId: string, invoiceId: string, overrides: Partial<invoicingV1Events.InvoicePostingRequested> = {}) {
  return invoicingV1Events.InvoicePostingRequested.fromPartial({
    invoiceId,
    companyId,
    customerId: 'C-1',
    documentType: DocumentType.DOCUMENT_TYPE_FREE_TEXT,
    draftNumber: `D-${invoiceId}`,
    invoiceDate: '2026-11-02',
    dueDate: '2026-12-02',
    currency: 'EUR',
    creditTermsId: '2/10NET30',
    netAmount: '110.00',
    taxAmount: '20.50',
    totalAmount: '130.50',
    lines: [
      invoicingV1.InvoiceLine.fromPartial({
        lineNumber: 1,
        description: 'Consulting',
        quantity: '2',
        unitPrice: '50.00',
        account: '4000',
        taxCode: 'STD',
        netAmount: '100.00',
        taxAmount: '20.00',
        distribution: [
          { account: '4000', percent: '33.33', amount: '' },
          { account: '4100', percent: '33.33', amount: '' },
          { account: '4200', percent: '33.34', amount: '' },
        ],
      }),
      invoicingV1.InvoiceLine.fromPartial({
        lineNumber: 2,
        description: 'Book',
        quantity: '1',
        unitPrice: '10.00',
        account: '4100',
        taxCode: 'RED',
        netAmount: '10.00',
        taxAmount: '0.50',
      }),
    ],
    taxLines: [
      { taxCode: 'RED', ratePercent: '5', baseAmount: '10.00', taxAmount: '0.50' },
      { taxCode: 'STD', ratePercent: '20', baseAmount: '100.00', taxAmount: '20.00' },
    ],
    ...overrides,
  });
}

/** Produces requests to the real topic as invoicing's outbox relay would; returns their event ids. */
async function request(payloads: readonly invoicingV1Events.InvoicePostingRequested[], eventIds?: readonly string[]) {
  const ids = payloads.map((_, index) => eventIds?.[index] ?? randomUUID());
  await producer.send({
    topic: eventTopics['invoicing.v1.InvoicePostingRequested'],
    messages: payloads.map((payload, index) => {
      const eventId = ids[index] ?? randomUUID();
      return {
        key: payload.customerId,
        value: Buffer.from(
          encodeEvent('invoicing.v1.InvoicePostingRequested', payload, { eventId, occurredAt: new Date(), companyId: payload.companyId }),
        ),
        headers: { 'event-id': eventId, 'event-type': 'invoicing.v1.InvoicePostingRequested', 'company-id': payload.companyId },
      };
    }),
  });
  return ids;
}

const postedOf = (companyId: string, invoiceId: string) =>
  posted.filter((event) => event.companyId === companyId && event.invoiceId === invoiceId);
const failedOf = (companyId: string, invoiceId: string) =>
  failed.filter((event) => event.companyId === companyId && event.invoiceId === invoiceId);

function awaitPosted(companyId: string, invoiceId: string) {
  return eventually(() => postedOf(companyId, invoiceId)[0], { what: `InvoicePosted of ${invoiceId}` });
}

/**
 * The failure of a document with the given first reason. Matching the reason keeps the test
 * deaf to other posting instances on the same broker (the end-to-end system's), which fail
 * this test's unknown companies with NOT_FOUND.
 */
function awaitFailed(companyId: string, invoiceId: string, code: string) {
  return eventually(() => failedOf(companyId, invoiceId).find((event) => event.reasons[0]?.code === code), {
    what: `InvoicePostingFailed ${code} of ${invoiceId}`,
  });
}

describe('posting a requested document', () => {
  it('posts one A/R distribution journal and announces InvoicePosted with every figure', async () => {
    const company = companies.posted;
    await request([invoice(company, 'inv-1')]);
    const event = await awaitPosted(company, 'inv-1');

    const journals = ledger.journalsOf(company);
    expect(journals).toHaveLength(1);
    expect(journals[0]).toMatchObject({
      sourceId: 'inv-1',
      sourceType: 1,
      journal: 1,
      date: '2026-11-02',
      currency: 'EUR',
      documentNumberSequence: 'INVOICE',
    });
    expect(journals[0]?.lines.map((line) => [line.account, line.amount, line.customerId, line.homeAmount])).toEqual([
      ['1200', '130.50', 'C-1', ''],
      ['4000', '-33.33', '', ''],
      ['4100', '-33.33', '', ''],
      ['4200', '-33.34', '', ''],
      ['4100', '-10.00', '', ''],
      ['2210', '-0.50', '', ''],
      ['2200', '-20.00', '', ''],
    ]);
    const entry = ledger.entries.get(`${company}/inv-1`);
    expect(event).toMatchObject({
      invoiceId: 'inv-1',
      companyId: company,
      customerId: 'C-1',
      documentType: DocumentType.DOCUMENT_TYPE_FREE_TEXT,
      invoiceNumber: 'INVOICE-000001',
      transactionNumber: '1',
      ledgerEntryId: entry?.entryId,
      invoiceDate: '2026-11-02',
      dueDate: '2026-12-02',
      period: '2026-11',
      fiscalYearStart: '2026-01-01',
      currency: 'EUR',
      homeCurrency: 'EUR',
      homeRate: '1',
      netAmount: '110.00',
      taxAmount: '20.50',
      totalAmount: '130.50',
      homeNetAmount: '110.00',
      homeTaxAmount: '20.50',
      homeTotalAmount: '130.50',
      settlementDiscountDate: '2026-11-12',
      settlementDiscountAmount: '2.61',
      homeSettlementDiscountAmount: '2.61',
      postingRunId: '',
      receivableAccount: '1200',
    });
    expect(event.lines.map((line) => [line.lineNumber, line.description, line.quantity, line.netAmount])).toEqual([
      [1, 'Consulting', '2', '100.00'],
      [2, 'Book', '1', '10.00'],
    ]);
    expect(event.postedAt).toEqual(entry?.postedAt);
  });

  it("debits the A/R account of the customer's posting group and announces it", async () => {
    const company = companies.profiled;
    blockerDoubles.customers.set(`${company}/C-1`, { postingGroup: 'EXPORT' });
    await request([invoice(company, 'inv-export')]);
    const event = await awaitPosted(company, 'inv-export');
    const [journal] = ledger.journalsOf(company);
    expect(journal?.lines.filter((line) => line.customerId !== '').map((line) => [line.account, line.amount])).toEqual([['1210', '130.50']]);
    expect(event.receivableAccount).toBe('1210');
  });

  it('reads home amounts of a foreign-currency document back from the entry, with the rate and home discount', async () => {
    const company = companies.foreign;
    await request([invoice(company, 'inv-usd', { currency: 'USD' })]);
    const event = await awaitPosted(company, 'inv-usd');
    // 130.50 USD at 0.9: A/R 117.45, tax 0.45 + 18.00; the double books the lines' rounding on 8900.
    expect([event.homeRate, event.homeTotalAmount, event.homeTaxAmount, event.homeNetAmount]).toEqual(['0.9', '117.45', '18.45', '99.00']);
    expect([event.settlementDiscountAmount, event.homeSettlementDiscountAmount]).toEqual(['2.61', '2.35']);
  });

  it('posts a credit memo with credit correction as storno lines numbered in the credit memo sequence', async () => {
    const company = companies.creditMemo;
    await request([
      invoice(company, 'cm-1', { documentType: DocumentType.DOCUMENT_TYPE_CREDIT_MEMO, creditCorrection: true, creditTermsId: 'NET30' }),
    ]);
    const event = await awaitPosted(company, 'cm-1');
    const [journal] = ledger.journalsOf(company);
    expect(journal?.documentNumberSequence).toBe('CREDIT_MEMO');
    expect(journal?.lines.map((line) => [line.account, line.amount, line.correction])[0]).toEqual(['1200', '-130.50', true]);
    expect(journal?.lines.every((line) => line.correction)).toBe(true);
    expect([event.invoiceNumber, event.totalAmount, event.homeTotalAmount, event.settlementDiscountAmount]).toEqual([
      'CREDIT_MEMO-000001',
      '130.50',
      '130.50',
      '',
    ]);
  });

  it('records one outcome and announces once when the same event is delivered twice', async () => {
    const company = companies.twice;
    const [eventId] = await request([invoice(company, 'inv-twice')]);
    await request([invoice(company, 'inv-twice')], [eventId ?? '']);
    // Same customer, same partition: once the sentinel is announced, the duplicate has been handled.
    await request([invoice(company, 'inv-sentinel')]);
    await awaitPosted(company, 'inv-sentinel');
    expect(postedOf(company, 'inv-twice')).toHaveLength(1);
    expect(ledger.journalsOf(company).filter((journal) => journal.sourceId === 'inv-twice')).toHaveLength(1);
  });

  it('does not post or announce again a document already posted when it is requested again', async () => {
    const company = companies.again;
    await request([invoice(company, 'inv-again')]);
    await awaitPosted(company, 'inv-again');
    await request([invoice(company, 'inv-again'), invoice(company, 'inv-sentinel')]);
    await awaitPosted(company, 'inv-sentinel');
    expect(postedOf(company, 'inv-again')).toHaveLength(1);
    expect(ledger.journalsOf(company).filter((journal) => journal.sourceId === 'inv-again')).toHaveLength(1);
  });

  it('records and announces an entry the ledger replays (posted before this service committed)', async () => {
    const company = companies.replayed;
    const first = ledger.prePost(
      company,
      ledgerV1JournalLike({ sourceId: 'inv-replayed', date: '2026-11-02', documentNumberSequence: 'INVOICE' }),
    );
    await request([invoice(company, 'inv-replayed')]);
    const event = await awaitPosted(company, 'inv-replayed');
    expect([event.ledgerEntryId, event.transactionNumber, event.invoiceNumber]).toEqual([first.entryId, '1', 'INVOICE-000001']);
    expect(event.homeTotalAmount).toBe('130.50');
  });

  it('announces InvoicePostingFailed with the ledger’s PERIOD_CLOSED and records the failure', async () => {
    const company = companies.rejected;
    ledger.closedPeriodInvoices.add('inv-closed');
    await request([invoice(company, 'inv-closed')]);
    const event = await awaitFailed(company, 'inv-closed', 'PERIOD_CLOSED');
    expect(event.reasons.map((reason) => [reason.code, reason.fieldPath])).toEqual([['PERIOD_CLOSED', 'date']]);
    expect(event).toMatchObject({ customerId: 'C-1', documentType: DocumentType.DOCUMENT_TYPE_FREE_TEXT });
    const { outcome } = await client.getPostingOutcome({ companyId: company, invoiceId: 'inv-closed' });
    expect([outcome?.status, outcome?.reasons.map((reason) => reason.code)]).toEqual([
      postingV1.PostingStatus.POSTING_STATUS_FAILED,
      ['PERIOD_CLOSED'],
    ]);
  });

  it('posts a post-and-pay document and its payment as one linked chain and announces the payment entry as posted', async () => {
    const company = companies.paid;
    const payment = { paymentId: 'pay-1', amount: '100.00', paidDate: '2026-11-05', reference: 'receipt 7' };
    await request([invoice(company, 'inv-paid', { currency: 'USD', payment })]);
    const event = await awaitPosted(company, 'inv-paid');
    const [call] = ledger.calls.filter((candidate) => candidate.companyId === company);
    expect(call?.journals.map((journal) => [journal.sourceId, journal.sourceType, journal.journal, journal.date, journal.linked])).toEqual([
      ['inv-paid', 1, 1, '2026-11-02', true],
      ['pay-1', 2, 2, '2026-11-05', false],
    ]);
    expect(call?.journals[1]?.lines.map((line) => [line.account, line.amount, line.customerId, line.description])).toEqual([
      ['1000', '100.00', '', 'Payment pay-1 C-1 receipt 7'],
      ['1200', '-100.00', 'C-1', 'Payment pay-1 C-1 receipt 7'],
    ]);
    expect(event.payment).toEqual({
      paymentId: 'pay-1',
      amount: '100.00',
      paidDate: '2026-11-05',
      reference: 'receipt 7',
      ledgerEntryId: ledger.entries.get(`${company}/pay-1`)?.entryId,
      // Converted by the ledger (USD_TO_EUR), not by posting.
      homeAmount: '90.00',
    });
  });

  it('posts neither a post-and-pay document nor its payment when the ledger refuses the payment', async () => {
    const company = companies.paidLate;
    // The company read for the batch shows the paid date's period open; the ledger finds it closed.
    ledger.closedPeriodInvoices.add('pay-late');
    await request([invoice(company, 'inv-paid-late', { payment: { paymentId: 'pay-late', amount: '130.50', paidDate: '2026-11-30', reference: '' } })]);
    const event = await awaitFailed(company, 'inv-paid-late', 'PERIOD_CLOSED');
    expect(event.reasons.map((reason) => [reason.code, reason.fieldPath, reason.message])).toEqual([
      ['PERIOD_CLOSED', 'payment.paidDate', 'the payment: period 2026-11 is closed'],
    ]);
    expect([...ledger.entries.keys()].filter((key) => key.startsWith(`${company}/`))).toEqual([]);
  });

  it('posts neither a post-and-pay document nor its payment when the payment id names an entry posted before', async () => {
    const company = companies.paidTwice;
    // A payment recorded on its own took the id first.
    ledger.prePost(company, { ...ledgerV1JournalLike({ sourceId: 'pay-taken', date: '2026-11-01', documentNumberSequence: '' }), sourceType: 2, journal: 2 });
    await request([invoice(company, 'inv-paid-twice', { payment: { paymentId: 'pay-taken', amount: '10.00', paidDate: '2026-11-02', reference: '' } })]);
    const event = await awaitFailed(company, 'inv-paid-twice', 'CONFLICT');
    expect(event.reasons.map((reason) => [reason.code, reason.fieldPath])).toEqual([['CONFLICT', 'payment.id']]);
    expect(ledger.entries.has(`${company}/inv-paid-twice`)).toBe(false);
  });

  it("credits a scheduled line to deferred revenue and sends the ledger each share's schedule", async () => {
    const company = companies.scheduled;
    const scheduled = invoice(company, 'inv-scheduled');
    scheduled.lines[0] = { ...scheduled.lines[0]!, incomeSchedule: { startDate: '2026-11-02', periods: 2 } };
    await request([scheduled]);
    const event = await awaitPosted(company, 'inv-scheduled');
    const [journal] = ledger.journalsOf(company);
    expect(journal?.lines.map((line) => [line.account, line.amount, line.incomeSchedule])).toEqual([
      ['1200', '130.50', undefined],
      ['2500', '-33.33', { revenueAccount: '4000', startDate: '2026-11-02', periods: 2 }],
      ['2500', '-33.33', { revenueAccount: '4100', startDate: '2026-11-02', periods: 2 }],
      ['2500', '-33.34', { revenueAccount: '4200', startDate: '2026-11-02', periods: 2 }],
      ['4100', '-10.00', undefined],
      ['2210', '-0.50', undefined],
      ['2200', '-20.00', undefined],
    ]);
    expect(event.homeNetAmount).toBe('110.00');
  });

  it('fails a document whose income schedule runs past the fiscal calendar without calling the ledger', async () => {
    const company = companies.scheduled;
    const tooLong = invoice(company, 'inv-too-long');
    tooLong.lines[1] = { ...tooLong.lines[1]!, incomeSchedule: { startDate: '2026-11-02', periods: 3 } };
    await request([tooLong]);
    const event = await awaitFailed(company, 'inv-too-long', 'PERIOD_CLOSED');
    expect(event.reasons.map((reason) => [reason.code, reason.fieldPath])).toEqual([['PERIOD_CLOSED', 'lines[1].incomeSchedule.startDate']]);
    expect(ledger.journalsOf(company).map((journal) => journal.sourceId)).not.toContain('inv-too-long');
  });

  it('fails a document whose distribution does not add up without calling the ledger', async () => {
    const company = companies.invalid;
    const broken = invoice(company, 'inv-broken');
    broken.lines[0] = { ...broken.lines[0]!, distribution: [{ account: '4000', percent: '', amount: '60.00' }, { account: '4100', percent: '', amount: '39.00' }] };
    await request([broken]);
    const event = await awaitFailed(company, 'inv-broken', 'DISTRIBUTION_INVALID');
    expect(event.reasons.map((reason) => [reason.code, reason.fieldPath])).toEqual([['DISTRIBUTION_INVALID', 'lines[0].distribution']]);
    expect(ledger.journalsOf(company)).toHaveLength(0);
  });

  it('fails the documents of a company the ledger does not know with NOT_FOUND', async () => {
    const company = companies.unknown;
    ledger.unknownCompanies.add(company);
    await request([invoice(company, 'inv-nobody')]);
    await awaitFailed(company, 'inv-nobody', 'NOT_FOUND');
    const { outcome } = await client.getPostingOutcome({ companyId: company, invoiceId: 'inv-nobody' });
    expect([outcome?.status, outcome?.reasons.map((reason) => reason.code)]).toEqual([
      postingV1.PostingStatus.POSTING_STATUS_FAILED,
      ['NOT_FOUND'],
    ]);
  });

  it('retries the batch while the ledger is unavailable, then posts once without a failure', async () => {
    const company = companies.transient;
    ledger.unavailableCalls.set(company, 2);
    await request([invoice(company, 'inv-retry')]);
    // Had the outage become a business failure, the request would be spent and never posted.
    await awaitPosted(company, 'inv-retry');
    expect(ledger.unavailableCalls.get(company)).toBe(0);
    expect(postedOf(company, 'inv-retry')).toHaveLength(1);
    expect(ledger.entries.has(`${company}/inv-retry`)).toBe(true);
  });

  it(`posts a burst of ${BURST_SIZE} requests in few PostJournals calls`, async () => {
    const company = companies.burst;
    const ids = Array.from({ length: BURST_SIZE }, (_, index) => `burst-${index}`);
    await request(ids.map((id, index) => invoice(company, id, { customerId: `C-${index % BURST_CUSTOMERS}` })));
    await eventually(() => (posted.filter((event) => event.companyId === company).length === BURST_SIZE ? true : undefined), {
      timeoutMs: 40_000,
      what: `${BURST_SIZE} InvoicePosted`,
    });
    const calls = ledger.calls.filter((call) => call.companyId === company);
    expect(new Set(posted.filter((event) => event.companyId === company).map((event) => event.invoiceId)).size).toBe(BURST_SIZE);
    expect(new Set(posted.filter((event) => event.companyId === company).map((event) => event.transactionNumber)).size).toBe(BURST_SIZE);
    // At most a couple of batches per partition, against one call per document unbatched.
    expect(calls.length).toBeLessThanOrEqual(2 * TOPIC_PARTITIONS);
  });
});

describe('GetPostingOutcome', () => {
  it('answers POSTED with the number, transaction number and entry of a posted document', async () => {
    const company = companies.outcome;
    await request([invoice(company, 'inv-outcome')]);
    const event = await awaitPosted(company, 'inv-outcome');
    const { outcome } = await client.getPostingOutcome({ companyId: company, invoiceId: 'inv-outcome' });
    expect(outcome).toMatchObject({
      status: postingV1.PostingStatus.POSTING_STATUS_POSTED,
      customerId: 'C-1',
      invoiceNumber: event.invoiceNumber,
      transactionNumber: event.transactionNumber,
      ledgerEntryId: event.ledgerEntryId,
      reasons: [],
    });
    expect(outcome?.completedAt).toBeInstanceOf(Date);
  });

  it('answers NOT_FOUND for a document posting has had no request for', async () => {
    await expect(client.getPostingOutcome({ companyId: companies.outcome, invoiceId: 'never-requested' })).rejects.toMatchObject({
      code: GrpcStatus.NOT_FOUND,
    });
  });
});

/** The journal an earlier attempt posted for the standard test invoice (same lines as this service builds). */
function ledgerV1JournalLike(fields: { sourceId: string; date: string; documentNumberSequence: string }) {
  return {
    ...fields,
    sourceType: 1,
    journal: 1,
    currency: 'EUR',
    homeRate: '',
    reportingRate: '',
    description: 'earlier attempt',
    linked: false,
    lines: [
      { account: '1200', amount: '130.50', homeAmount: '', reportingAmount: '', description: '', customerId: 'C-1', correction: false },
      { account: '4000', amount: '-110.00', homeAmount: '', reportingAmount: '', description: '', customerId: '', correction: false },
      { account: '2200', amount: '-20.50', homeAmount: '', reportingAmount: '', description: '', customerId: '', correction: false },
    ],
  };
}
