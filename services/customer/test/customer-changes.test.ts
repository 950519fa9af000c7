import { commonV1Envelope, customerV1, customerV1Events, eventRegistry } from '@ledgerline/contracts';
import { createGrpcClient, type PromiseClient } from '@ledgerline/grpc';
import { createKafka, HEADER_COMPANY_ID, headersToStrings, type Kafka } from '@ledgerline/kafka';
import type { RunningDataService } from '@ledgerline/service-host';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCustomerConfig, MIGRATIONS_DIR, startCustomerService } from '../src/index.js';
import { LedgerDouble } from './ledger-double.js';

/**
 * UpdateCustomer and the CustomerChanged events of creation and updates, against a real
 * database and broker. The events are read from the real topic, as the batch service will read
 * them; each test has companies of its own, and only their events are kept.
 */
const CUSTOMER_CHANGED = eventRegistry['customer.v1.CustomerChanged'];
const { PaymentTerms } = customerV1;
/** Concurrent updates of one customer in the locking test. */
const CONCURRENT_UPDATES = 5;
/** Publishing goes through the outbox relay and a fresh consumer group's first join. */
const EVENT_TIMEOUT_MS = 45_000;

const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const ledger = new LedgerDouble();
const ourCompanies = new Set<string>();
/** CustomerChanged events of our companies as consumed, in topic order, by customer id. */
const received = new Map<string, { key: string; eventType: string; customer: customerV1.Customer }[]>();
let database: TestDatabase;
let service: RunningDataService;
let client: PromiseClient<customerV1.CustomerServiceClient>;
let reader: ReturnType<Kafka['consumer']>;

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
  reader = createKafka({ clientId: uniqueName('customer_changes_test'), brokers: kafkaBrokers, logger: testLogger('kafka') }).consumer({
    groupId: uniqueName('customer-changed-reader'),
  });
  await reader.connect();
  await reader.subscribe({ topic: CUSTOMER_CHANGED.topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      if (!ourCompanies.has(headersToStrings(message.headers)[HEADER_COMPANY_ID] ?? '') || message.value === null) return;
      const envelope = commonV1Envelope.EventEnvelope.decode(message.value);
      const { customer } = customerV1Events.CustomerChanged.decode(envelope.payload);
      if (customer === undefined) throw new Error('CustomerChanged without a customer');
      const list = received.get(customer.customerId) ?? [];
      list.push({ key: message.key?.toString() ?? '', eventType: envelope.eventType, customer });
      received.set(customer.customerId, list);
    },
  });
});

afterAll(async () => {
  await reader?.disconnect();
  client?.close();
  await service?.stop();
  await ledger.stop();
  await database?.drop();
});

function newCompany(): string {
  const companyId = uniqueName('co');
  ourCompanies.add(companyId);
  return companyId;
}

const CREATED = {
  name: 'Contoso AG',
  currency: 'EUR',
  creditTermsId: 'NET30',
  paymentTerms: PaymentTerms.PAYMENT_TERMS_STANDARD,
  creditLimit: '5000',
  batchCutoffDay: 15,
};

async function newCustomer(companyId: string): Promise<string> {
  const customerId = uniqueName('c');
  const response = await client.createCustomer(customerV1.CreateCustomerRequest.fromPartial({ companyId, customerId, ...CREATED }));
  expect(response.result?.$case).toBe('customer');
  return customerId;
}

async function update(companyId: string, customerId: string, fields: Partial<customerV1.UpdateCustomerRequest>) {
  return client.updateCustomer(customerV1.UpdateCustomerRequest.fromPartial({ companyId, customerId, ...fields }));
}

function updated(response: customerV1.UpdateCustomerResponse): customerV1.Customer {
  if (response.result?.$case !== 'customer') throw new Error(`update refused: ${JSON.stringify(response.result)}`);
  return response.result.value;
}

async function stored(companyId: string, customerId: string): Promise<customerV1.Customer> {
  const { customer } = await client.getCustomer({ companyId, customerId, asOf: '', masterDataOnly: false });
  if (customer === undefined) throw new Error('no customer in the answer');
  return customer;
}

/** The customer's CustomerChanged events once the one with `revision` has arrived. */
async function eventsUpTo(customerId: string, revision: string) {
  return eventually(
    () => {
      const events = received.get(customerId) ?? [];
      return events.some((event) => event.customer.revision === revision) ? events : undefined;
    },
    { what: `CustomerChanged revision ${revision} of ${customerId}`, timeoutMs: EVENT_TIMEOUT_MS },
  );
}

/** The master data both the answers and the events carry. */
const masterData = (customer: customerV1.Customer) => ({
  customerId: customer.customerId,
  companyId: customer.companyId,
  name: customer.name,
  currency: customer.currency,
  creditTermsId: customer.creditTermsId,
  paymentTerms: customer.paymentTerms,
  creditLimit: customer.creditLimit,
  batchCutoffDay: customer.batchCutoffDay,
  postingGroup: customer.postingGroup,
  revision: customer.revision,
});

describe('updating a customer', () => {
  it('changes every field sent and counts the revision up by one', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const customer = updated(
      await update(companyId, customerId, {
        name: 'Contoso GmbH',
        creditTermsId: '2/10NET30',
        paymentTerms: PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY,
        creditLimit: '7500.50',
        batchCutoffDay: 28,
      }),
    );
    const expected = {
      name: 'Contoso GmbH',
      currency: 'EUR',
      creditTermsId: '2/10NET30',
      paymentTerms: PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY,
      creditLimit: '7500.50',
      batchCutoffDay: 28,
      postingGroup: 'DEFAULT',
      revision: '2',
    };
    expect(customer).toMatchObject({ ...expected, postedBalance: '0.00' });
    expect(await stored(companyId, customerId)).toMatchObject(expected);
  });

  it('leaves the fields a partial update does not send as they were', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    updated(await update(companyId, customerId, { creditLimit: '100' }));
    expect(await stored(companyId, customerId)).toMatchObject({
      name: 'Contoso AG',
      creditTermsId: 'NET30',
      paymentTerms: PaymentTerms.PAYMENT_TERMS_STANDARD,
      creditLimit: '100.00',
      batchCutoffDay: 15,
      revision: '2',
    });
  });

  it('clears credit terms, credit limit and cutoff day sent as "" and 0', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    updated(await update(companyId, customerId, { creditTermsId: '', creditLimit: '', batchCutoffDay: 0 }));
    expect(await stored(companyId, customerId)).toMatchObject({ name: 'Contoso AG', creditTermsId: '', creditLimit: '', batchCutoffDay: 0, revision: '2' });
  });

  it('answers NOT_FOUND without a field path for a customer that does not exist', async () => {
    const response = await update(newCompany(), 'nobody', { name: 'Ghost' });
    expect(response.result?.$case === 'rejection' && response.result.value.errors).toMatchObject([{ code: 'NOT_FOUND', fieldPath: '' }]);
  });

  it('refuses every invalid value at once with its field path, and stores nothing', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const response = await update(companyId, customerId, {
      name: '  ',
      paymentTerms: PaymentTerms.PAYMENT_TERMS_UNSPECIFIED,
      creditLimit: '-5.00',
      batchCutoffDay: 32,
    });
    expect(response.result?.$case === 'rejection' && response.result.value.errors.map((error) => [error.code, error.fieldPath])).toEqual([
      ['VALIDATION_FAILED', 'name'],
      ['VALIDATION_FAILED', 'paymentTerms'],
      ['VALIDATION_FAILED', 'creditLimit'],
      ['VALIDATION_FAILED', 'batchCutoffDay'],
    ]);
    expect(await stored(companyId, customerId)).toMatchObject({ name: 'Contoso AG', creditLimit: '5000.00', batchCutoffDay: 15, revision: '1' });
  });

  it('refuses credit terms the company does not have, and stores nothing', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const response = await update(companyId, customerId, { name: 'Contoso GmbH', creditTermsId: 'NET90' });
    expect(response.result?.$case === 'rejection' && response.result.value.errors).toMatchObject([
      { code: 'VALIDATION_FAILED', fieldPath: 'creditTermsId' },
    ]);
    expect(await stored(companyId, customerId)).toMatchObject({ name: 'Contoso AG', creditTermsId: 'NET30', revision: '1' });
  });

  it('gives concurrent updates of one customer a revision each', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT_UPDATES }, (_, index) => update(companyId, customerId, { name: `Contoso ${index}` })),
    );
    const revisions = answers.map((answer) => Number(updated(answer).revision)).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: CONCURRENT_UPDATES }, (_, index) => index + 2));
    expect((await stored(companyId, customerId)).revision).toBe(String(CONCURRENT_UPDATES + 1));
  });
});

describe('CustomerChanged', () => {
  it('is published once on creation and once per update, carrying the new state in revision order', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    // A repeated create answers the customer and changes nothing, so it publishes nothing.
    await client.createCustomer(customerV1.CreateCustomerRequest.fromPartial({ companyId, customerId, ...CREATED }));
    const answer = updated(await update(companyId, customerId, { name: 'Contoso GmbH', batchCutoffDay: 0 }));
    const events = await eventsUpTo(customerId, '2');
    expect(events.map((event) => [event.key, event.eventType])).toEqual([
      [customerId, CUSTOMER_CHANGED.eventType],
      [customerId, CUSTOMER_CHANGED.eventType],
    ]);
    const [created, changed] = events.map((event) => event.customer);
    expect(created).toMatchObject({
      customerId,
      companyId,
      name: 'Contoso AG',
      currency: 'EUR',
      creditTermsId: 'NET30',
      paymentTerms: PaymentTerms.PAYMENT_TERMS_STANDARD,
      creditLimit: '5000.00',
      batchCutoffDay: 15,
      revision: '1',
    });
    expect(changed && masterData(changed)).toEqual(masterData(answer));
    expect(changed).toMatchObject({ name: 'Contoso GmbH', batchCutoffDay: 0, revision: '2' });
    // The event carries master data; the running figures are the customer's to read.
    expect([changed?.postedBalance, changed?.salesYtd, changed?.salesPtd, changed?.unappliedAmount]).toEqual(['', '', '', '']);
  });

  it('is not published for an update that changes nothing, which keeps the revision', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    const unchanged = updated(
      await update(companyId, customerId, { name: 'Contoso AG', creditTermsId: 'NET30', creditLimit: '5000.00', batchCutoffDay: 15 }),
    );
    expect(unchanged.revision).toBe('1');
    // Same key, same partition: once this later change has arrived, anything the no-op published would have too.
    updated(await update(companyId, customerId, { name: 'Contoso GmbH' }));
    const events = await eventsUpTo(customerId, '2');
    expect(events.map((event) => [event.customer.revision, event.customer.name])).toEqual([
      ['1', 'Contoso AG'],
      ['2', 'Contoso GmbH'],
    ]);
  });

  it('is not published for a refused update', async () => {
    const companyId = newCompany();
    const customerId = await newCustomer(companyId);
    expect((await update(companyId, customerId, { creditLimit: 'lots' })).result?.$case).toBe('rejection');
    updated(await update(companyId, customerId, { creditLimit: '6000' }));
    const events = await eventsUpTo(customerId, '2');
    expect(events.map((event) => [event.customer.revision, event.customer.creditLimit])).toEqual([
      ['1', '5000.00'],
      ['2', '6000.00'],
    ]);
  });
});
