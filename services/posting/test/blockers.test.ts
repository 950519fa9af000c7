import { randomUUID } from 'node:crypto';
import { commonV1, commonV1Envelope, encodeEvent, eventTopics, invoicingV1, invoicingV1Events, postingV1Events } from '@ledgerline/contracts';
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

/**
 * Blockers and post-and-pay on the consumer path: real Postgres and Kafka, the posting service
 * as it runs, and gRPC doubles of the ledger and of the services that supply blocker facts.
 */
const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const logger = testLogger('posting-blockers-test');
const { DocumentType, CreditCheckMode } = commonV1;

const companies = {
  cash: uniqueName('cash'),
  serials: uniqueName('serials'),
  credit: uniqueName('credit'),
  review: uniqueName('review'),
  unimplemented: uniqueName('unimpl'),
  payment: uniqueName('payment'),
  inFlight: uniqueName('in-flight'),
  paidInFlight: uniqueName('paid-in-flight'),
};
const ourCompanies = new Set(Object.values(companies));

let database: TestDatabase;
let ledger: LedgerDouble;
let doubles: BlockerDoubles;
let service: RunningDataService;
let producer: Producer;
let reader: Consumer;
const posted: postingV1Events.InvoicePosted[] = [];
const failed: postingV1Events.InvoicePostingFailed[] = [];

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'posting', MIGRATIONS_DIR);
  ledger = await startLedgerDouble(logger);
  doubles = await startBlockerDoubles(logger);
  service = await startPostingService(
    loadPostingConfig({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      GRPC_PORT: '0',
      LEDGER_GRPC_ADDRESS: ledger.address,
      CUSTOMER_GRPC_ADDRESS: doubles.address,
      CUSTOMER_ITEM_GRPC_ADDRESS: doubles.address,
      INVOICING_GRPC_ADDRESS: doubles.address,
      KAFKA_CONSUMER_GROUP_PREFIX: `${uniqueName('blockers')}.`,
      POSTING_COMPANY_IDS: [...ourCompanies].join(','),
    }),
    logger,
  );
  const kafka = createKafka({ clientId: uniqueName('blockers-test'), brokers: kafkaBrokers, logger });
  producer = await createProducer(kafka);
  reader = kafka.consumer({ groupId: uniqueName('blocker-outcome-reader') });
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
  await service?.stop();
  await ledger?.server.shutdown(100);
  await doubles?.server.shutdown(100);
  await database?.drop();
});

/** A sales-order invoice of one line, 100.00 + 20 % tax, for customer C-1. */
function invoice(
  companyId: string,
  invoiceId: string,
  line: Partial<invoicingV1.InvoiceLine> = {},
  overrides: Partial<invoicingV1Events.InvoicePostingRequested> = {},
) {
  return invoicingV1Events.InvoicePostingRequested.fromPartial({
    invoiceId,
    companyId,
    customerId: 'C-1',
    documentType: DocumentType.DOCUMENT_TYPE_SALES_ORDER,
    draftNumber: `D-${invoiceId}`,
    invoiceDate: '2026-11-02',
    dueDate: '2026-12-02',
    currency: 'EUR',
    creditTermsId: 'NET30',
    netAmount: '100.00',
    taxAmount: '20.00',
    totalAmount: '120.00',
    lines: [
      invoicingV1.InvoiceLine.fromPartial({
        lineNumber: 1,
        description: 'Pump',
        quantity: '2',
        unitPrice: '50.00',
        productId: 'PUMP',
        account: '4000',
        taxCode: 'STD',
        netAmount: '100.00',
        taxAmount: '20.00',
        ...line,
      }),
    ],
    taxLines: [{ taxCode: 'STD', ratePercent: '20', baseAmount: '100.00', taxAmount: '20.00' }],
    ...overrides,
  });
}

async function request(payloads: readonly invoicingV1Events.InvoicePostingRequested[]): Promise<void> {
  await producer.send({
    topic: eventTopics['invoicing.v1.InvoicePostingRequested'],
    messages: payloads.map((payload) => {
      const eventId = randomUUID();
      return {
        key: payload.customerId,
        value: Buffer.from(encodeEvent('invoicing.v1.InvoicePostingRequested', payload, { eventId, occurredAt: new Date(), companyId: payload.companyId })),
        headers: { 'event-id': eventId, 'event-type': 'invoicing.v1.InvoicePostingRequested', 'company-id': payload.companyId },
      };
    }),
  });
}

const awaitPosted = (companyId: string, invoiceId: string) =>
  eventually(() => posted.find((event) => event.companyId === companyId && event.invoiceId === invoiceId), { what: `InvoicePosted of ${invoiceId}` });
const awaitFailed = (companyId: string, invoiceId: string) =>
  eventually(() => failed.find((event) => event.companyId === companyId && event.invoiceId === invoiceId), { what: `InvoicePostingFailed of ${invoiceId}` });
const reasonCodes = (event: postingV1Events.InvoicePostingFailed) => event.reasons.map((reason) => reason.code);

describe('blockers on the posting path', () => {
  it('fails a cash-sales-only customer’s document without a payment, and posts it with its payment', async () => {
    const company = companies.cash;
    doubles.customers.set(`${company}/C-1`, { cashSalesOnly: true });
    await request([
      invoice(company, 'no-pay'),
      invoice(company, 'paid', {}, { payment: { paymentId: 'PAY-1', amount: '120.00', paidDate: '2026-11-02', reference: 'till 1' } }),
    ]);
    const refusal = await awaitFailed(company, 'no-pay');
    expect(reasonCodes(refusal)).toEqual(['CASH_SALES_ONLY']);
    expect(refusal.reasons[0]?.message).toContain('post this document together with its payment');
    const event = await awaitPosted(company, 'paid');
    expect(event.payment).toMatchObject({ paymentId: 'PAY-1', amount: '120.00', paidDate: '2026-11-02', reference: 'till 1', homeAmount: '120.00' });
    expect(ledger.journalsOf(company).map((journal) => journal.sourceId)).toEqual(['paid', 'PAY-1']);
  });

  it('fails a cash-sales-only customer’s document in a posting run, payment or not', async () => {
    const company = companies.cash;
    await request([invoice(company, 'in-run', {}, { postingRunId: 'RUN-1' })]);
    const refusal = await awaitFailed(company, 'in-run');
    expect(refusal.reasons[0]?.message).toContain('post this document individually with its payment');
  });

  it('fails a serialized line without one serial number per unit, naming the line', async () => {
    const company = companies.serials;
    await request([
      invoice(company, 'missing', { serialized: true, serialNumbers: ['SN-1'] }),
      invoice(company, 'complete', { serialized: true, serialNumbers: ['SN-1', 'SN-2'] }),
    ]);
    const refusal = await awaitFailed(company, 'missing');
    expect(refusal.reasons.map((reason) => [reason.code, reason.fieldPath])).toEqual([['SERIAL_NUMBERS_MISSING', 'lines[0].serialNumbers']]);
    await awaitPosted(company, 'complete');
  });

  it('checks the credit limit over the batch in order, adding other unposted documents in BALANCE_ALL', async () => {
    const company = companies.credit;
    doubles.customers.set(`${company}/C-1`, { creditLimit: '500.00', postedBalance: '100.00' });
    doubles.unposted.set(`${company}/C-1`, [
      { invoiceId: 'elsewhere', totalAmount: '150.00' },
      { invoiceId: 'all-1', totalAmount: '120.00' },
    ]);
    // BALANCE: 100 + 120 = 220 and 100 + 240 = 340 pass. BALANCE_ALL: 100 + 240 + 150 + 120 = 610 > 500.
    await request([
      invoice(company, 'bal-1', {}, { creditCheckMode: CreditCheckMode.CREDIT_CHECK_MODE_BALANCE }),
      invoice(company, 'bal-2', {}, { creditCheckMode: CreditCheckMode.CREDIT_CHECK_MODE_BALANCE }),
      invoice(company, 'all-1', {}, { creditCheckMode: CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_ALL }),
    ]);
    const refusal = await awaitFailed(company, 'all-1');
    expect(reasonCodes(refusal)).toEqual(['CREDIT_LIMIT_EXCEEDED']);
    expect(refusal.reasons[0]?.message).toContain('other unposted documents 150.00 EUR');
    await awaitPosted(company, 'bal-1');
    await awaitPosted(company, 'bal-2');
    const unpostedRequest = doubles.unpostedRequests.find((candidate) => candidate.companyId === company);
    expect(unpostedRequest?.excludeInvoiceIds).toContain('all-1');
  });

  it('counts documents it posted that the customer service has not applied yet towards the limit', async () => {
    const company = companies.inFlight;
    // The customer double never applies anything: its balance stays 0.00 and its applied
    // transaction number 0, as when the customer service lags behind posting.
    doubles.customers.set(`${company}/C-1`, { creditLimit: '200.00', postedBalance: '0.00', appliedTransactionNumber: '0' });
    const checked = { creditCheckMode: CreditCheckMode.CREDIT_CHECK_MODE_BALANCE };
    await request([invoice(company, 'first', {}, checked)]);
    await awaitPosted(company, 'first');
    await request([invoice(company, 'second', {}, checked)]);
    const refusal = await awaitFailed(company, 'second');
    expect(refusal.reasons[0]?.message).toContain('posted balance 0.00 EUR + documents posted, not yet in the balance 120.00 EUR + this document 120.00 EUR');
    // Once the customer service has applied the first document, it counts in the balance only:
    // 120.00 + 120.00 = 240.00 fits a limit of 250.00, where counting it twice would not.
    doubles.customers.set(`${company}/C-1`, { creditLimit: '250.00', postedBalance: '120.00', appliedTransactionNumber: '1' });
    await request([invoice(company, 'third', {}, checked)]);
    await awaitPosted(company, 'third');
  });

  it('counts a post-and-pay document not yet applied net of the payment posted with it', async () => {
    const company = companies.paidInFlight;
    doubles.customers.set(`${company}/C-1`, { creditLimit: '200.00', postedBalance: '0.00', appliedTransactionNumber: '0', cashSalesOnly: true });
    const paidInFull = (invoiceId: string) =>
      invoice(company, invoiceId, {}, {
        creditCheckMode: CreditCheckMode.CREDIT_CHECK_MODE_BALANCE,
        payment: { paymentId: `PAY-${invoiceId}`, amount: '120.00', paidDate: '2026-11-02', reference: '' },
      });
    await request([paidInFull('cash-1')]);
    await awaitPosted(company, 'cash-1');
    // Counted at its total, the first sale would leave 80.00 of the limit: 120.00 + 120.00 > 200.00.
    await request([paidInFull('cash-2')]);
    await awaitPosted(company, 'cash-2');
  });

  it('fails a document with customer items awaiting review when the company requires confirmation', async () => {
    const company = companies.review;
    ledger.confirmationCompanies.add(company);
    doubles.drafts.set(`${company}/pending`, { itemsToCreate: 2, pendingReview: 1 });
    doubles.drafts.set(`${company}/reviewed`, { itemsToCreate: 2, pendingReview: 0 });
    await request([invoice(company, 'pending', { createsCustomerItem: true }), invoice(company, 'reviewed', { createsCustomerItem: true })]);
    const refusal = await awaitFailed(company, 'pending');
    expect(reasonCodes(refusal)).toEqual(['CUSTOMER_ITEM_REVIEW_REQUIRED']);
    expect(refusal.reasons[0]?.message).toContain('review the customer items first');
    await awaitPosted(company, 'reviewed');
  });

  it('holds a document back while the customer-item service answers UNIMPLEMENTED, then posts it once it answers', async () => {
    const company = companies.unimplemented;
    ledger.confirmationCompanies.add(company);
    doubles.drafts.set(`${company}/held`, { itemsToCreate: 2, pendingReview: 0 });
    doubles.customerItemsUnimplemented.value = true;
    await request([invoice(company, 'held', { createsCustomerItem: true })]);
    await eventually(() => (doubles.countRequests.filter((candidate) => candidate.companyId === company).length >= 2 ? true : undefined), {
      what: 'posting to retry CountCustomerItemsForSelection',
    });
    expect(posted.some((event) => event.companyId === company)).toBe(false);
    expect(failed.some((event) => event.companyId === company)).toBe(false);
    doubles.customerItemsUnimplemented.value = false;
    await awaitPosted(company, 'held');
    expect(failed.some((event) => event.companyId === company)).toBe(false);
  });
});

describe('post and pay', () => {
  it('fails, posting nothing, when the payment could not be booked: closed period, missing rate, more than the total, a credit memo', async () => {
    const company = companies.payment;
    ledger.closedPeriods.add(`${company}/2026-10`);
    const payment = (amount: string, paidDate: string) => ({ payment: { paymentId: `P-${amount}-${paidDate}`, amount, paidDate, reference: '' } });
    await request([
      invoice(company, 'closed', {}, payment('120.00', '2026-10-31')),
      invoice(company, 'too-much', {}, payment('120.01', '2026-11-02')),
      invoice(company, 'memo', {}, { ...payment('120.00', '2026-11-02'), documentType: DocumentType.DOCUMENT_TYPE_CREDIT_MEMO }),
      invoice(company, 'part', {}, payment('20.00', '2026-11-02')),
    ]);
    const closed = await awaitFailed(company, 'closed');
    expect(closed.reasons.map((reason) => [reason.code, reason.fieldPath])).toEqual([['PERIOD_CLOSED', 'payment.paidDate']]);
    expect((await awaitFailed(company, 'too-much')).reasons.map((reason) => reason.fieldPath)).toEqual(['payment.amount']);
    expect((await awaitFailed(company, 'memo')).reasons.map((reason) => reason.fieldPath)).toEqual(['payment']);
    const part = await awaitPosted(company, 'part');
    expect(part.payment?.amount).toBe('20.00');
    expect(ledger.journalsOf(company).map((journal) => journal.sourceId)).toEqual(['part', 'P-20.00-2026-11-02']);
  });
});
