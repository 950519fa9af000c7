import { randomUUID } from 'node:crypto';
import { commonV1, commonV1Envelope, customerV1, customerV1Events, eventRegistry, ledgerV1, postingV1Events } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus, isServiceError, type PromiseClient } from '@ledgerline/grpc';
import { createKafka, createProducer, headersToStrings, sealEvent, type Producer, type SealedEvent } from '@ledgerline/kafka';
import type { RunningDataService } from '@ledgerline/service-host';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { customerBalanceDiscrepancies, createCustomerDatabase, loadCustomerConfig, MIGRATIONS_DIR, startCustomerService, type CustomerDatabase } from '../src/index.js';
import { LedgerDouble, UNKNOWN_COMPANY_PREFIX } from './ledger-double.js';

const INVOICE_POSTED = eventRegistry['posting.v1.InvoicePosted'];
const PAYMENT_RECORDED = eventRegistry['customer.v1.PaymentRecorded'];
const { DocumentType } = commonV1;

const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const ledger = new LedgerDouble();
let database: TestDatabase;
let service: RunningDataService;
let client: PromiseClient<customerV1.CustomerServiceClient>;
let producer: Producer;
let inspection: CustomerDatabase;
/** Companies the current test touched; the balance invariant is checked for each after the test. */
const touchedCompanies = new Set<string>();

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'customer', MIGRATIONS_DIR);
  await ledger.start();
  service = await startCustomerService(
    loadCustomerConfig({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      GRPC_PORT: '0',
      LEDGER_GRPC_ADDRESS: ledger.address,
    }),
    testLogger('customer'),
    { consumerGroupId: uniqueName('customer') },
  );
  client = createGrpcClient(customerV1.CustomerServiceClient, { address: `127.0.0.1:${service.grpcPort}` });
  producer = await createProducer(createKafka({ clientId: uniqueName('customer_test'), brokers: kafkaBrokers, logger: testLogger('kafka') }));
  inspection = createCustomerDatabase(database.url, 2);
});

afterAll(async () => {
  client?.close();
  await producer?.disconnect();
  await service?.stop();
  await ledger.stop();
  await inspection?.prisma.$disconnect();
  await database?.drop();
});

afterEach(async () => {
  for (const companyId of touchedCompanies) {
    expect(await customerBalanceDiscrepancies(inspection.prisma, { companyId })).toEqual([]);
  }
  touchedCompanies.clear();
});

function newCompany(): string {
  const companyId = uniqueName('co');
  touchedCompanies.add(companyId);
  return companyId;
}

async function newCustomer(companyId: string, overrides: Partial<customerV1.CreateCustomerRequest> = {}): Promise<string> {
  const customerId = overrides.customerId ?? uniqueName('c');
  const response = await client.createCustomer(
    customerV1.CreateCustomerRequest.fromPartial({ companyId, customerId, name: 'Contoso AG', currency: 'EUR', ...overrides }),
  );
  expect(response.result?.$case).toBe('customer');
  return customerId;
}

function invoicePosted(overrides: Partial<postingV1Events.InvoicePosted>): postingV1Events.InvoicePosted {
  return postingV1Events.InvoicePosted.fromPartial({
    invoiceId: uniqueName('inv'),
    documentType: DocumentType.DOCUMENT_TYPE_FREE_TEXT,
    invoiceNumber: `INV-${randomUUID().slice(0, 8)}`,
    transactionNumber: '1',
    ledgerEntryId: randomUUID(),
    invoiceDate: '2026-05-10',
    dueDate: '2026-06-09',
    period: '2026-05',
    fiscalYearStart: '2026-01-01',
    currency: 'EUR',
    homeCurrency: 'EUR',
    homeRate: '1',
    netAmount: '100.00',
    taxAmount: '20.00',
    totalAmount: '120.00',
    homeNetAmount: '100.00',
    homeTaxAmount: '20.00',
    homeTotalAmount: '120.00',
    postedAt: new Date(),
    ...overrides,
  });
}

/** Produces InvoicePosted to the real topic, enveloped as posting's outbox does; returns what was sent. */
async function publish(event: postingV1Events.InvoicePosted, eventId?: string): Promise<SealedEvent> {
  const sealed = sealEvent({
    topic: INVOICE_POSTED.topic,
    key: event.customerId,
    companyId: event.companyId,
    eventType: INVOICE_POSTED.eventType,
    payload: postingV1Events.InvoicePosted.encode(event).finish(),
    ...(eventId === undefined ? {} : { eventId }),
  });
  await resend(sealed);
  return sealed;
}

async function resend(sealed: SealedEvent): Promise<void> {
  await producer.send({ topic: sealed.topic, messages: [{ key: sealed.key, value: sealed.value, headers: sealed.headers }] });
}

async function getCustomer(companyId: string, customerId: string, asOf = '2026-05-20'): Promise<customerV1.Customer> {
  const { customer } = await client.getCustomer({ companyId, customerId, asOf, masterDataOnly: false });
  if (customer === undefined) throw new Error('no customer in the answer');
  return customer;
}

/** Waits until the customer's consumer has applied a document dated `lastInvoiceDate`. */
async function waitForInvoiceDate(companyId: string, customerId: string, lastInvoiceDate: string): Promise<customerV1.Customer> {
  return eventually(
    async () => {
      const customer = await getCustomer(companyId, customerId);
      return customer.lastInvoiceDate === lastInvoiceDate ? customer : undefined;
    },
    { what: `last invoice date ${lastInvoiceDate}`, timeoutMs: 45_000 },
  );
}

async function openItems(companyId: string, customerId: string, includeSettled = true): Promise<customerV1.OpenItem[]> {
  return (await client.listOpenItems({ companyId, customerId, includeSettled })).items;
}

async function recordPayment(request: Partial<customerV1.RecordPaymentRequest>): Promise<customerV1.RecordPaymentResponse> {
  return client.recordPayment(
    customerV1.RecordPaymentRequest.fromPartial({ paymentId: uniqueName('pay'), paidDate: '2026-05-15', ...request }),
  );
}

function paymentOf(response: customerV1.RecordPaymentResponse): customerV1.Payment {
  if (response.result?.$case !== 'payment') throw new Error(`payment refused: ${JSON.stringify(response.result)}`);
  return response.result.value;
}

describe('customers', () => {
  it('creates a customer without own terms (the company default applies) and reads it back', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId, { creditLimit: '5000', batchCutoffDay: 15 });
    const customer = await getCustomer(companyId, customerId);
    expect(customer).toMatchObject({
      customerId,
      companyId,
      currency: 'EUR',
      creditTermsId: '',
      paymentTerms: customerV1.PaymentTerms.PAYMENT_TERMS_STANDARD,
      creditLimit: '5000.00',
      batchCutoffDay: 15,
      postingGroup: 'DEFAULT',
      postedBalance: '0.00',
      salesYtd: '0.00',
      salesPtd: '0.00',
      lastInvoiceDate: '',
      unappliedAmount: '0.00',
    });
  });

  it('answers a repeated create with the same content with the customer, and other content with CONFLICT', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId, { creditTermsId: '2/10NET30' });
    const same = await client.createCustomer(
      customerV1.CreateCustomerRequest.fromPartial({ companyId, customerId, name: 'Contoso AG', currency: 'EUR', creditTermsId: '2/10NET30' }),
    );
    const other = await client.createCustomer(
      customerV1.CreateCustomerRequest.fromPartial({ companyId, customerId, name: 'Contoso AG', currency: 'CHF', creditTermsId: '2/10NET30' }),
    );
    expect(same.result?.$case === 'customer' && same.result.value.creditTermsId).toBe('2/10NET30');
    expect(other.result?.$case === 'rejection' && other.result.value.errors.map((error) => error.code)).toEqual(['CONFLICT']);
  });

  it('refuses credit terms the company does not have, naming the field as REST does', async () => {
    const response = await client.createCustomer(
      customerV1.CreateCustomerRequest.fromPartial({ companyId: newCompany(), customerId: 'c-1', name: 'X', currency: 'EUR', creditTermsId: 'NET90' }),
    );
    expect(response.result?.$case === 'rejection' && response.result.value.errors).toMatchObject([
      { code: 'VALIDATION_FAILED', fieldPath: 'creditTermsId' },
    ]);
  });

  it('refuses every invalid field at once', async () => {
    const response = await client.createCustomer(
      customerV1.CreateCustomerRequest.fromPartial({ companyId: newCompany(), customerId: 'c-1', name: ' ', currency: 'EURO', creditLimit: '-1', batchCutoffDay: 32 }),
    );
    expect(response.result?.$case === 'rejection' && response.result.value.errors.map((error) => error.fieldPath)).toEqual([
      'name',
      'currency',
      'creditLimit',
      'batchCutoffDay',
    ]);
  });

  it('refuses a customer of a company the ledger does not know with NOT_FOUND on companyId', async () => {
    const response = await client.createCustomer(
      customerV1.CreateCustomerRequest.fromPartial({ companyId: `${UNKNOWN_COMPANY_PREFIX}-co`, customerId: 'c-1', name: 'X', currency: 'EUR' }),
    );
    expect(response.result?.$case === 'rejection' && response.result.value.errors).toMatchObject([{ code: 'NOT_FOUND', fieldPath: 'companyId' }]);
  });

  it('answers NOT_FOUND for a customer that does not exist', async () => {
    const error = await client.getCustomer({ companyId: newCompany(), customerId: 'nobody', asOf: '', masterDataOnly: false }).catch((caught: unknown) => caught);
    expect(isServiceError(error) && error.code).toBe(GrpcStatus.NOT_FOUND);
  });

  it('reads only the master data when asked: the running figures stay empty even once the customer has sales', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId, { creditTermsId: '2/10NET30' });
    await publish(invoicePosted({ companyId, customerId, invoiceDate: '2026-03-05', period: '2026-03', dueDate: '2026-04-04' }));
    const full = await waitForInvoiceDate(companyId, customerId, '2026-03-05');
    expect(full.salesYtd).not.toBe('');
    const { customer } = await client.getCustomer({ companyId, customerId, asOf: 'not a date', masterDataOnly: true });
    expect(customer).toMatchObject({
      customerId,
      currency: full.currency,
      creditTermsId: '2/10NET30',
      lastInvoiceDate: '2026-03-05',
      revision: full.revision,
      postedBalance: '',
      salesYtd: '',
      salesPtd: '',
      unappliedAmount: '',
    });
    const error = await client.getCustomer({ companyId, customerId: 'nobody', asOf: '', masterDataOnly: true }).catch((caught: unknown) => caught);
    expect(isServiceError(error) && error.code).toBe(GrpcStatus.NOT_FOUND);
  });

  it('reports credit exposure of many customers in request order, listing unknown ones apart', async () => {
    const companyId = newCompany();
    const first = await newCustomer(companyId, { creditLimit: '1000', paymentTerms: customerV1.PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY });
    const second = await newCustomer(companyId, { postingGroup: 'EXPORT' });
    const response = await client.getCreditExposure({ companyId, customerIds: [second, 'ghost', first] });
    expect(
      response.exposures.map((exposure) => [exposure.customerId, exposure.creditLimit, exposure.postedBalance, exposure.paymentTerms, exposure.postingGroup]),
    ).toEqual([
      [second, '', '0.00', customerV1.PaymentTerms.PAYMENT_TERMS_STANDARD, 'EXPORT'],
      [first, '1000.00', '0.00', customerV1.PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY, 'DEFAULT'],
    ]);
    expect(response.missingCustomerIds).toEqual(['ghost']);
  });

  it('tells the highest transaction number among the documents in the balance, never lowering it', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const applied = async () => (await client.getCreditExposure({ companyId, customerIds: [customerId] })).exposures[0]?.appliedTransactionNumber;
    expect(await applied()).toBe('0');
    await publish(invoicePosted({ companyId, customerId, transactionNumber: '7', invoiceDate: '2026-05-10' }));
    await waitForInvoiceDate(companyId, customerId, '2026-05-10');
    expect(await applied()).toBe('7');
    await publish(invoicePosted({ companyId, customerId, transactionNumber: '5', invoiceDate: '2026-05-11' }));
    await waitForInvoiceDate(companyId, customerId, '2026-05-11');
    expect(await applied()).toBe('7');
  });
});

describe('posted documents (invoice.posted.v1)', () => {
  it('moves balance, sales net of tax, last invoice date, and opens an item with its settlement discount', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId, { creditTermsId: '2/10NET30' });
    const march = invoicePosted({ companyId, customerId, invoiceDate: '2026-03-05', period: '2026-03', dueDate: '2026-04-04' });
    const lastYear = invoicePosted({ companyId, customerId, invoiceDate: '2025-12-20', period: '2025-12', fiscalYearStart: '2025-01-01', dueDate: '2026-01-19' });
    const may = invoicePosted({
      companyId,
      customerId,
      invoiceDate: '2026-05-10',
      netAmount: '200.00',
      taxAmount: '40.00',
      totalAmount: '240.00',
      homeNetAmount: '200.00',
      homeTaxAmount: '40.00',
      homeTotalAmount: '240.00',
      settlementDiscountDate: '2026-05-20',
      settlementDiscountAmount: '4.80',
      homeSettlementDiscountAmount: '4.80',
    });
    await publish(march);
    await publish(lastYear);
    await publish(may);
    const customer = await waitForInvoiceDate(companyId, customerId, '2026-05-10');
    expect([customer.postedBalance, customer.salesYtd, customer.salesPtd]).toEqual(['480.00', '300.00', '200.00']);
    const item = (await openItems(companyId, customerId)).find((candidate) => candidate.documentId === may.invoiceId);
    expect(item).toMatchObject({
      documentNumber: may.invoiceNumber,
      documentType: DocumentType.DOCUMENT_TYPE_FREE_TEXT,
      documentDate: '2026-05-10',
      amount: '240.00',
      remaining: '240.00',
      dueDate: '2026-06-09',
      discountDate: '2026-05-20',
      discountAmount: '4.80',
    });
  });

  it("keeps the settlement discount on the open item in the document's and in home currency", async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId, { currency: 'USD' });
    const document = invoicePosted({
      companyId,
      customerId,
      currency: 'USD',
      homeRate: '0.92',
      homeNetAmount: '92.00',
      homeTaxAmount: '18.40',
      homeTotalAmount: '110.40',
      settlementDiscountDate: '2026-05-20',
      settlementDiscountAmount: '2.40',
      homeSettlementDiscountAmount: '2.21',
    });
    await publish(document);
    const item = await eventually(async () => (await openItems(companyId, customerId)).find((candidate) => candidate.documentId === document.invoiceId), {
      what: 'the open item',
    });
    expect(item).toMatchObject({ currency: 'USD', discountAmount: '2.40', homeCurrency: 'EUR', homeDiscountAmount: '2.21' });
  });

  it('changes nothing more when the same event is delivered twice', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const sealed = await publish(invoicePosted({ companyId, customerId, invoiceDate: '2026-05-01' }));
    await resend(sealed);
    // Same key, same partition: once this later document shows, the repeat before it has been handled.
    await publish(invoicePosted({ companyId, customerId, invoiceDate: '2026-05-02' }));
    const customer = await waitForInvoiceDate(companyId, customerId, '2026-05-02');
    expect([customer.postedBalance, customer.salesPtd]).toEqual(['240.00', '200.00']);
    expect(await openItems(companyId, customerId)).toHaveLength(2);
  });

  it('changes nothing more when the same document is published again under a new event id', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const document = invoicePosted({ companyId, customerId, invoiceDate: '2026-05-01' });
    await publish(document);
    await publish(document, randomUUID());
    await publish(invoicePosted({ companyId, customerId, invoiceDate: '2026-05-02' }));
    const customer = await waitForInvoiceDate(companyId, customerId, '2026-05-02');
    expect([customer.postedBalance, customer.salesPtd]).toEqual(['240.00', '200.00']);
  });

  it('lowers balance and sales for a credit memo and settles the open invoice with it', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const invoice = invoicePosted({ companyId, customerId, invoiceDate: '2026-05-01' });
    const creditMemo = invoicePosted({
      companyId,
      customerId,
      documentType: DocumentType.DOCUMENT_TYPE_CREDIT_MEMO,
      invoiceDate: '2026-05-03',
      netAmount: '50.00',
      taxAmount: '10.00',
      totalAmount: '60.00',
      homeNetAmount: '50.00',
      homeTaxAmount: '10.00',
      homeTotalAmount: '60.00',
    });
    await publish(invoice);
    await publish(creditMemo);
    const customer = await waitForInvoiceDate(companyId, customerId, '2026-05-03');
    expect([customer.postedBalance, customer.salesYtd, customer.salesPtd, customer.unappliedAmount]).toEqual(['60.00', '50.00', '50.00', '0.00']);
    const items = await openItems(companyId, customerId);
    expect(items.map((item) => [item.documentId, item.amount, item.remaining])).toEqual(
      [
        [invoice.invoiceId, '120.00', '60.00'],
        [creditMemo.invoiceId, '-60.00', '0.00'],
      ].sort(),
    );
  });

  it('records a post-and-pay payment with the entry posting posted it in, and applies it to its document', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId, { paymentTerms: customerV1.PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY });
    const paymentId = uniqueName('pay');
    const paymentEntryId = randomUUID();
    const document = invoicePosted({
      companyId,
      customerId,
      invoiceDate: '2026-05-04',
      payment: { paymentId, amount: '120.00', paidDate: '2026-05-04', reference: 'till 3', ledgerEntryId: paymentEntryId, homeAmount: '120.00' },
      receivableAccount: '1210',
    });
    const recorded: customerV1Events.PaymentRecorded[] = [];
    const reader = createKafka({ clientId: uniqueName('payments'), brokers: kafkaBrokers, logger: testLogger('kafka') }).consumer({ groupId: uniqueName('payment-reader') });
    await reader.connect();
    await reader.subscribe({ topic: PAYMENT_RECORDED.topic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        if (headersToStrings(message.headers)['company-id'] !== companyId || message.value === null) return;
        recorded.push(customerV1Events.PaymentRecorded.decode(commonV1Envelope.EventEnvelope.decode(message.value).payload));
      },
    });
    try {
      await publish(document);
      const customer = await waitForInvoiceDate(companyId, customerId, '2026-05-04');
      expect([customer.postedBalance, customer.unappliedAmount]).toEqual(['0.00', '0.00']);
      expect((await openItems(companyId, customerId)).map((item) => item.remaining)).toEqual(['0.00']);
      // Posting posted it with the document; the customer service posts nothing more.
      expect(ledger.journalsFor(paymentId)).toEqual([]);
      // Other services (invoice batches) learn of the payment, applied in full to its document.
      const event = await eventually(() => recorded.find((candidate) => candidate.payment?.paymentId === paymentId), { what: 'PaymentRecorded' });
      expect(event.payment).toMatchObject({
        amount: '120.00',
        paidDate: '2026-05-04',
        unappliedAmount: '0.00',
        applications: [{ documentId: document.invoiceId, amount: '120.00' }],
        ledgerEntryId: paymentEntryId,
      });
    } finally {
      await reader.disconnect();
    }
  });
});

describe('post-and-pay in a foreign currency', () => {
  it('records the payment of a home-currency customer at the home amount its entry posted', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const paymentId = uniqueName('pay');
    // 120.00 USD at 0.90 on the invoice date; paid a week later, when the ledger converted at 0.92.
    await publish(
      invoicePosted({
        companyId,
        customerId,
        invoiceDate: '2026-05-04',
        currency: 'USD',
        homeRate: '0.9',
        homeNetAmount: '90.00',
        homeTaxAmount: '18.00',
        homeTotalAmount: '108.00',
        payment: { paymentId, amount: '120.00', paidDate: '2026-05-11', reference: '', ledgerEntryId: randomUUID(), homeAmount: '110.40' },
      }),
    );
    const customer = await waitForInvoiceDate(companyId, customerId, '2026-05-04');
    // The exchange difference is not booked: it stays with the customer as an unapplied credit.
    expect([customer.postedBalance, customer.unappliedAmount]).toEqual(['-2.40', '2.40']);
    expect((await openItems(companyId, customerId)).map((item) => item.remaining)).toEqual(['0.00']);
  });
});

describe('payments', () => {
  it('applies a payment recorded before the invoice when the invoice posts', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const payment = paymentOf(await recordPayment({ companyId, customerId, amount: '100.00' }));
    expect([payment.unappliedAmount, payment.applications]).toEqual(['100.00', []]);
    expect((await getCustomer(companyId, customerId)).postedBalance).toBe('-100.00');
    const invoice = invoicePosted({ companyId, customerId, invoiceDate: '2026-05-16' });
    await publish(invoice);
    const customer = await waitForInvoiceDate(companyId, customerId, '2026-05-16');
    expect([customer.postedBalance, customer.unappliedAmount]).toEqual(['20.00', '0.00']);
    expect((await openItems(companyId, customerId)).map((item) => item.remaining)).toEqual(['20.00']);
  });

  it('applies a payment to open items oldest due date first and keeps the rest unapplied', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const later = invoicePosted({ companyId, customerId, invoiceDate: '2026-05-02', dueDate: '2026-06-01' });
    const older = invoicePosted({ companyId, customerId, invoiceDate: '2026-05-03', dueDate: '2026-05-20' });
    await publish(later);
    await publish(older);
    await waitForInvoiceDate(companyId, customerId, '2026-05-03');
    const payment = paymentOf(await recordPayment({ companyId, customerId, amount: '300.00' }));
    expect(payment.applications).toEqual([
      { documentId: older.invoiceId, amount: '120.00' },
      { documentId: later.invoiceId, amount: '120.00' },
    ]);
    expect(payment.unappliedAmount).toBe('60.00');
    const customer = await getCustomer(companyId, customerId);
    expect([customer.postedBalance, customer.unappliedAmount]).toEqual(['-60.00', '60.00']);
  });

  it('applies a payment to the documents named, keeping the rest unapplied', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const first = invoicePosted({ companyId, customerId, invoiceDate: '2026-05-02', dueDate: '2026-05-10' });
    const second = invoicePosted({ companyId, customerId, invoiceDate: '2026-05-03', dueDate: '2026-06-10' });
    await publish(first);
    await publish(second);
    await waitForInvoiceDate(companyId, customerId, '2026-05-03');
    const payment = paymentOf(
      await recordPayment({ companyId, customerId, amount: '100.00', applications: [{ documentId: second.invoiceId, amount: '70.00' }] }),
    );
    expect([payment.applications, payment.unappliedAmount]).toEqual([[{ documentId: second.invoiceId, amount: '70.00' }], '30.00']);
  });

  it('posts a balanced cash-receipts journal with the customer on the A/R line, leaving its conversion to the ledger', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const payment = paymentOf(await recordPayment({ companyId, customerId, amount: '75.50', reference: 'stmt 12' }));
    const [journal] = ledger.journalsFor(payment.paymentId);
    expect(journal).toMatchObject({
      sourceType: ledgerV1.SourceType.SOURCE_TYPE_PAYMENT,
      journal: ledgerV1.JournalType.JOURNAL_TYPE_CASH_RECEIPTS,
      date: '2026-05-15',
      currency: 'EUR',
    });
    expect(journal?.lines.map((line) => [line.account, line.amount, line.homeAmount, line.reportingAmount, line.customerId])).toEqual([
      ['1000', '75.50', '', '', ''],
      ['1200', '-75.50', '', '', customerId],
    ]);
    expect(payment.ledgerEntryId).not.toBe('');
  });

  it("credits the A/R account of the customer's posting group", async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId, { postingGroup: 'EXPORT' });
    const payment = paymentOf(await recordPayment({ companyId, customerId, amount: '10.00', reference: 'stmt 13' }));
    const [journal] = ledger.journalsFor(payment.paymentId);
    expect(journal?.lines.map((line) => [line.account, line.amount, line.customerId])).toEqual([
      ['1000', '10.00', ''],
      ['1210', '-10.00', customerId],
    ]);
  });

  it('stores nothing when the ledger refuses the payment, and answers the ledger refusal', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const paymentId = uniqueName('pay');
    ledger.refuse(paymentId, { code: 'PERIOD_CLOSED', message: 'period 2026-05 is closed', fieldPath: 'date' });
    const response = await recordPayment({ companyId, customerId, paymentId, amount: '10.00' });
    expect(response.result?.$case === 'rejection' && response.result.value.errors.map((error) => error.code)).toEqual(['PERIOD_CLOSED']);
    const customer = await getCustomer(companyId, customerId);
    expect([customer.postedBalance, customer.unappliedAmount]).toEqual(['0.00', '0.00']);
    expect(await inspection.prisma.payment.count({ where: { companyId } })).toBe(0);
  });

  it('answers a repeated payment with its first answer, and other content with CONFLICT', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const paymentId = uniqueName('pay');
    const first = paymentOf(await recordPayment({ companyId, customerId, paymentId, amount: '50.00' }));
    await publish(invoicePosted({ companyId, customerId, invoiceDate: '2026-05-16' }));
    await waitForInvoiceDate(companyId, customerId, '2026-05-16');
    const repeat = paymentOf(await recordPayment({ companyId, customerId, paymentId, amount: '50.00' }));
    const other = await recordPayment({ companyId, customerId, paymentId, amount: '51.00' });
    expect(repeat).toEqual(first);
    expect(other.result?.$case === 'rejection' && other.result.value.errors.map((error) => error.code)).toEqual(['CONFLICT']);
    expect((await getCustomer(companyId, customerId)).postedBalance).toBe('70.00');
  });
});

describe('open items', () => {
  it('pages by due date with a cursor and hides settled items unless asked', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const dueDates = ['2026-06-03', '2026-06-01', '2026-06-02'];
    for (const [index, dueDate] of dueDates.entries()) {
      await publish(invoicePosted({ companyId, customerId, invoiceDate: `2026-05-0${index + 1}`, dueDate }));
    }
    await waitForInvoiceDate(companyId, customerId, '2026-05-03');
    paymentOf(await recordPayment({ companyId, customerId, amount: '120.00' }));
    const firstPage = await client.listOpenItems({ companyId, customerId, includeSettled: false, page: { pageSize: 1, cursor: '' } });
    const secondPage = await client.listOpenItems({
      companyId,
      customerId,
      includeSettled: false,
      page: { pageSize: 1, cursor: firstPage.page?.nextCursor ?? '' },
    });
    expect([...firstPage.items, ...secondPage.items].map((item) => item.dueDate)).toEqual(['2026-06-02', '2026-06-03']);
    expect(secondPage.page?.nextCursor).toBe('');
    expect((await openItems(companyId, customerId, true)).map((item) => item.dueDate)).toEqual(['2026-06-01', '2026-06-02', '2026-06-03']);
  });
});
