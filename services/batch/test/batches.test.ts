import { randomUUID } from 'node:crypto';
import { batchV1, commonV1, customerV1, customerV1Events, eventRegistry, postingV1Events } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus, isServiceError, type PromiseClient } from '@ledgerline/grpc';
import { createKafka, createProducer, sealEvent, type Producer, type SealedEvent } from '@ledgerline/kafka';
import type { RunningDataService } from '@ledgerline/service-host';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadBatchConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startBatchService } from '../src/service.js';

const INVOICE_POSTED = eventRegistry['posting.v1.InvoicePosted'];
const PAYMENT_RECORDED = eventRegistry['customer.v1.PaymentRecorded'];
const CUSTOMER_CHANGED = eventRegistry['customer.v1.CustomerChanged'];
const { DocumentType } = commonV1;
const { BatchStatus } = batchV1;

const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
// Topics of this run alone: a new consumer group on the shared topics would first have to read
// every event earlier test runs left on the broker.
const topicPrefix = `${uniqueName('batch_test')}.`;
let database: TestDatabase;
let service: RunningDataService;
let client: PromiseClient<batchV1.BatchServiceClient>;
let producer: Producer;

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'batch', MIGRATIONS_DIR);
  service = await startBatchService(
    loadBatchConfig({ DATABASE_URL: database.url, KAFKA_BROKERS: kafkaBrokers.join(','), GRPC_PORT: '0', KAFKA_TOPIC_PREFIX: topicPrefix }),
    testLogger('batch'),
    { consumerGroupId: uniqueName('batch') },
  );
  client = createGrpcClient(batchV1.BatchServiceClient, { address: `127.0.0.1:${service.grpcPort}` });
  producer = await createProducer(createKafka({ clientId: uniqueName('batch_test'), brokers: kafkaBrokers, logger: testLogger('kafka') }));
});

afterAll(async () => {
  client?.close();
  await producer?.disconnect();
  await service?.stop();
  await database?.drop();
});

/** Sends to the real topic; a fixed partition lets a test order events of different keys. */
async function send(sealed: SealedEvent, partition?: number): Promise<void> {
  await producer.send({ topic: sealed.topic, messages: [{ key: sealed.key, value: sealed.value, headers: sealed.headers, partition }] });
}

function sealed(descriptor: { topic: string; eventType: string }, key: string, companyId: string, payload: Uint8Array): SealedEvent {
  return sealEvent({ topic: `${topicPrefix}${descriptor.topic}`, key, companyId, eventType: descriptor.eventType, payload });
}

/** A customer as the customer service announces it, and waits until the batch service holds it. */
async function customer(companyId: string, customerId: string, cutoffDay: number, revision = 1, partition?: number): Promise<void> {
  const state = customerV1.Customer.fromPartial({ companyId, customerId, name: `Customer ${customerId}`, currency: 'EUR', batchCutoffDay: cutoffDay, revision: String(revision) });
  await send(sealed(CUSTOMER_CHANGED, customerId, companyId, customerV1Events.CustomerChanged.encode({ customer: state }).finish()), partition);
}

interface DocumentSpec {
  customerId: string;
  invoiceDate: string;
  amount?: string;
  type?: commonV1.DocumentType;
  documentId?: string;
}

function invoicePosted(companyId: string, spec: DocumentSpec): postingV1Events.InvoicePosted {
  const amount = spec.amount ?? '100.00';
  return postingV1Events.InvoicePosted.fromPartial({
    invoiceId: spec.documentId ?? uniqueName('inv'),
    companyId,
    customerId: spec.customerId,
    documentType: spec.type ?? DocumentType.DOCUMENT_TYPE_FREE_TEXT,
    invoiceNumber: `INV-${randomUUID().slice(0, 8)}`,
    transactionNumber: '1',
    ledgerEntryId: randomUUID(),
    invoiceDate: spec.invoiceDate,
    dueDate: spec.invoiceDate,
    period: spec.invoiceDate.slice(0, 7),
    fiscalYearStart: `${spec.invoiceDate.slice(0, 4)}-01-01`,
    currency: 'EUR',
    homeCurrency: 'EUR',
    homeRate: '1',
    netAmount: amount,
    taxAmount: '0.00',
    totalAmount: amount,
    homeNetAmount: amount,
    homeTaxAmount: '0.00',
    homeTotalAmount: amount,
    postedAt: new Date(),
  });
}

/** Posts documents through Kafka and waits until the batch service holds every one; returns their ids. */
async function documents(companyId: string, specs: DocumentSpec[]): Promise<string[]> {
  const events = specs.map((spec) => invoicePosted(companyId, spec));
  for (const event of events) await send(sealed(INVOICE_POSTED, event.customerId, companyId, postingV1Events.InvoicePosted.encode(event).finish()));
  for (const event of events) await arrived(companyId, event.invoiceId);
  return events.map((event) => event.invoiceId);
}

async function payment(companyId: string, customerId: string, amount: string, paidDate: string): Promise<string> {
  const paymentId = uniqueName('pay');
  const recorded = customerV1.Payment.fromPartial({ paymentId, companyId, customerId, amount, currency: 'EUR', paidDate, reference: `REF-${paymentId}`, recordedAt: new Date() });
  await send(sealed(PAYMENT_RECORDED, customerId, companyId, customerV1Events.PaymentRecorded.encode({ payment: recorded }).finish()));
  await arrived(companyId, paymentId);
  return paymentId;
}

async function arrived(companyId: string, transactionId: string): Promise<batchV1.ArTransaction> {
  return eventually(
    async () => {
      try {
        return (await client.getArTransaction({ companyId, transactionId })).transaction;
      } catch (error) {
        if (isServiceError(error) && error.code === GrpcStatus.NOT_FOUND) return undefined;
        throw error;
      }
    },
    { what: `transaction ${transactionId} in the batch service` },
  );
}

/** Waits until the batch service knows the customer: a generation restricted to it no longer says NOT_FOUND. */
async function customerKnown(companyId: string, customerId: string): Promise<void> {
  await eventually(
    async () => {
      const probe = await generate({ companyId, closeDate: '2000-01-01', onlyCustomerIds: [customerId] });
      return rejectionCodes(probe)[0] === 'NOTHING_TO_BATCH' ? true : undefined;
    },
    { what: `customer ${customerId} in the batch service` },
  );
}

async function generate(request: Partial<batchV1.GenerateBatchRequest> & { companyId: string; closeDate: string }): Promise<batchV1.GenerateBatchResponse> {
  return client.generateBatch(batchV1.GenerateBatchRequest.fromPartial({ batchId: uniqueName('batch'), ...request }));
}

function batchOf(response: { result?: { $case: 'batch'; value: batchV1.Batch } | { $case: 'rejection'; value: commonV1.Rejection } }): batchV1.Batch {
  if (response.result?.$case !== 'batch') throw new Error(`expected a batch, got ${JSON.stringify(response.result)}`);
  return response.result.value;
}

function rejectionCodes(response: { result?: { $case: string; value: unknown } }): string[] {
  if (response.result?.$case !== 'rejection') throw new Error(`expected a rejection, got ${JSON.stringify(response.result)}`);
  return (response.result.value as commonV1.Rejection).errors.map((error) => error.code);
}

async function report(companyId: string, batchId: string): Promise<Map<string, batchV1.BatchCustomerReport>> {
  const answer = await client.getBatchReport({ companyId, batchId, customerId: '', page: { pageSize: 500, cursor: '' } });
  return new Map(answer.customers.map((entry) => [entry.customerId, entry]));
}

/** Customers 1..6 of the source: 1, 3 and 5 close on the 15th, 4 and 6 on the 30th [001]. */
async function sourceCompany(): Promise<string> {
  const companyId = uniqueName('co');
  for (const id of ['1', '3', '5']) await customer(companyId, id, 15);
  for (const id of ['4', '6']) await customer(companyId, id, 30);
  await customerKnown(companyId, '6');
  return companyId;
}

describe('generating batches by close date', () => {
  it('includes on the 15th only the customers whose cutoff day is 15, with documents up to the close date', async () => {
    const companyId = await sourceCompany();
    const [d1, d3, d5, d4, d6, late] = await documents(companyId, [
      { customerId: '1', invoiceDate: '2026-11-02' },
      { customerId: '3', invoiceDate: '2026-11-15', type: DocumentType.DOCUMENT_TYPE_CREDIT_MEMO, amount: '30.00' },
      { customerId: '5', invoiceDate: '2026-10-20', type: DocumentType.DOCUMENT_TYPE_DEBIT_MEMO },
      { customerId: '4', invoiceDate: '2026-11-03' },
      { customerId: '6', invoiceDate: '2026-11-04' },
      { customerId: '1', invoiceDate: '2026-11-16' },
    ]);
    const batch = batchOf(await generate({ companyId, closeDate: '2026-11-15' }));
    expect(batch).toMatchObject({ batchNumber: 'B-000001', status: BatchStatus.BATCH_STATUS_OPEN, customerCount: 3, documentCount: 3 });
    const customers = await report(companyId, batch.batchId);
    expect([...customers.keys()]).toEqual(['1', '3', '5']);
    expect(customers.get('1')?.documents.map((document) => document.documentId)).toEqual([d1]);
    expect(customers.get('3')?.documents.map((document) => [document.documentId, document.amount])).toEqual([[d3, '-30.00']]);
    expect(customers.get('5')?.documents.map((document) => document.documentId)).toEqual([d5]);
    for (const id of [d4, d6, late]) expect((await client.getArTransaction({ companyId, transactionId: id ?? '' })).transaction?.batchId).toBe('');
  });

  it('includes cutoff days beyond the month end on its last day', async () => {
    const companyId = uniqueName('co');
    await customer(companyId, 'c30', 30);
    await customer(companyId, 'c28', 28);
    await customer(companyId, 'c27', 27);
    await customerKnown(companyId, 'c27');
    await documents(companyId, ['c30', 'c28', 'c27'].map((customerId) => ({ customerId, invoiceDate: '2027-02-10' })));
    const batch = batchOf(await generate({ companyId, closeDate: '2027-02-28' }));
    expect([...(await report(companyId, batch.batchId)).keys()]).toEqual(['c28', 'c30']);
  });

  it('never puts a document in two batches, and numbers batches without gaps', async () => {
    const companyId = await sourceCompany();
    await documents(companyId, [{ customerId: '1', invoiceDate: '2026-11-01' }]);
    const first = batchOf(await generate({ companyId, closeDate: '2026-11-15' }));
    expect(rejectionCodes(await generate({ companyId, closeDate: '2026-11-15' }))).toEqual(['NOTHING_TO_BATCH']);
    batchOf(await client.printBatch({ companyId, batchId: first.batchId }));
    expect(rejectionCodes(await generate({ companyId, closeDate: '2026-12-15' }))).toEqual(['NOTHING_TO_BATCH']);
    const [later] = await documents(companyId, [{ customerId: '3', invoiceDate: '2026-12-01' }]);
    const second = batchOf(await generate({ companyId, closeDate: '2026-12-15' }));
    expect([first.batchNumber, second.batchNumber]).toEqual(['B-000001', 'B-000002']);
    expect((await arrived(companyId, later ?? '')).batchId).toBe(second.batchId);
  });

  it('answers a repeat with the first batch and refuses the same id with other content', async () => {
    const companyId = await sourceCompany();
    await documents(companyId, [{ customerId: '5', invoiceDate: '2026-11-01' }]);
    const batchId = uniqueName('batch');
    const first = batchOf(await generate({ companyId, batchId, closeDate: '2026-11-15' }));
    expect(batchOf(await generate({ companyId, batchId, closeDate: '2026-11-15' }))).toEqual(first);
    expect(rejectionCodes(await generate({ companyId, batchId, closeDate: '2026-11-16' }))).toEqual(['CONFLICT']);
  });

  it('lets concurrent generations share the documents without overlap', async () => {
    const companyId = await sourceCompany();
    await documents(companyId, Array.from({ length: 20 }, (_, index) => ({ customerId: ['1', '3', '5'][index % 3] ?? '1', invoiceDate: '2026-11-10' })));
    const answers = await Promise.all(Array.from({ length: 4 }, () => generate({ companyId, closeDate: '2026-11-15' })));
    const batches = answers.filter((answer) => answer.result?.$case === 'batch').map(batchOf);
    expect(batches.reduce((total, batch) => total + batch.documentCount, 0)).toBe(20);
    expect(batches.map((batch) => batch.batchNumber).sort()).toEqual(batches.map((_, index) => `B-00000${index + 1}`));
  });
});

describe('listing batches', () => {
  it('pages batches newest number first, also where the numbers gain a digit', async () => {
    const companyId = uniqueName('co');
    for (let index = 0; index < 11; index += 1) batchOf(await client.createBatch({ companyId, batchId: uniqueName('b'), closeDate: '2026-11-15', dummy: false }));
    const numbers: string[] = [];
    let cursor = '';
    do {
      const page = await client.listBatches({ companyId, status: BatchStatus.BATCH_STATUS_UNSPECIFIED, page: { pageSize: 3, cursor } });
      numbers.push(...page.batches.map((batch) => batch.batchNumber));
      cursor = page.page?.nextCursor ?? '';
    } while (cursor !== '');
    expect(numbers).toEqual(Array.from({ length: 11 }, (_, index) => `B-${String(11 - index).padStart(6, '0')}`));
  });
});

describe('overriding the rules', () => {
  it('includes chosen customers whatever their cutoff day and chosen documents whatever their date', async () => {
    const companyId = await sourceCompany();
    const [d4, d1Late] = await documents(companyId, [
      { customerId: '4', invoiceDate: '2026-11-05' },
      { customerId: '1', invoiceDate: '2026-11-20' },
      { customerId: '6', invoiceDate: '2026-11-05' },
    ]);
    const batch = batchOf(await generate({ companyId, closeDate: '2026-11-15', includeCustomerIds: ['4'], includeDocumentIds: [d1Late ?? ''] }));
    const customers = await report(companyId, batch.batchId);
    expect([...customers.keys()]).toEqual(['1', '4']);
    expect(customers.get('1')?.documents.map((document) => document.documentId)).toEqual([d1Late]);
    expect(customers.get('4')?.documents.map((document) => document.documentId)).toEqual([d4]);
  });

  it('restricts a batch to the customers named', async () => {
    const companyId = await sourceCompany();
    await documents(companyId, [
      { customerId: '1', invoiceDate: '2026-11-05' },
      { customerId: '6', invoiceDate: '2026-11-05' },
    ]);
    const batch = batchOf(await generate({ companyId, closeDate: '2026-11-15', onlyCustomerIds: ['6'] }));
    expect([...(await report(companyId, batch.batchId)).keys()]).toEqual(['6']);
  });

  it('refuses unknown customers and documents already batched, naming them', async () => {
    const companyId = await sourceCompany();
    const [d1] = await documents(companyId, [{ customerId: '1', invoiceDate: '2026-11-05' }]);
    batchOf(await generate({ companyId, closeDate: '2026-11-15' }));
    const refused = await generate({ companyId, closeDate: '2026-11-30', includeCustomerIds: ['nobody'], includeDocumentIds: [d1 ?? ''] });
    expect(rejectionCodes(refused)).toEqual(['NOT_FOUND', 'DOCUMENT_ALREADY_BATCHED']);
  });
});

describe('manual batches and batch details', () => {
  it('adds and removes customers and documents, and deleting releases the documents', async () => {
    const companyId = await sourceCompany();
    const [d1a, d1b, d3, d6] = await documents(companyId, [
      { customerId: '1', invoiceDate: '2026-11-05' },
      { customerId: '1', invoiceDate: '2026-11-25' },
      { customerId: '3', invoiceDate: '2026-11-05' },
      { customerId: '6', invoiceDate: '2026-12-05' },
    ]);
    const batchId = uniqueName('manual');
    const created = batchOf(await client.createBatch({ companyId, batchId, closeDate: '2026-11-20', dummy: false }));
    expect(created).toMatchObject({ origin: batchV1.BatchOrigin.BATCH_ORIGIN_MANUAL, customerCount: 0, documentCount: 0 });
    expect(batchOf(await client.addBatchCustomers({ companyId, batchId, customerIds: ['1', '3'] }))).toMatchObject({ customerCount: 2, documentCount: 2 });
    expect(batchOf(await client.addBatchDocuments({ companyId, batchId, documentIds: [d6 ?? ''] }))).toMatchObject({ customerCount: 3, documentCount: 3 });
    expect(batchOf(await client.removeBatchDocument({ companyId, batchId, documentId: d1a ?? '' }))).toMatchObject({ documentCount: 2 });
    expect(batchOf(await client.removeBatchCustomer({ companyId, batchId, customerId: '3' }))).toMatchObject({ customerCount: 2, documentCount: 1 });
    expect((await arrived(companyId, d1a ?? '')).batchId).toBe('');
    expect((await arrived(companyId, d1b ?? '')).batchId).toBe('');
    expect((await arrived(companyId, d3 ?? '')).batchId).toBe('');

    const other = batchOf(await client.createBatch({ companyId, batchId: uniqueName('manual'), closeDate: '2026-12-31', dummy: false }));
    expect(rejectionCodes(await client.addBatchDocuments({ companyId, batchId: other.batchId, documentIds: [d6 ?? ''] }))).toEqual(['DOCUMENT_ALREADY_BATCHED']);

    expect(batchOf(await client.deleteBatch({ companyId, batchId })).status).toBe(BatchStatus.BATCH_STATUS_DELETED);
    expect((await arrived(companyId, d6 ?? '')).batchId).toBe('');
    expect(batchOf(await client.addBatchDocuments({ companyId, batchId: other.batchId, documentIds: [d6 ?? ''] })).documentCount).toBe(1);
    expect(rejectionCodes(await client.addBatchCustomers({ companyId, batchId, customerIds: ['1'] }))).toEqual(['BATCH_DELETED']);
  });

  it('refuses every change to a printed batch and counts reprints', async () => {
    const companyId = await sourceCompany();
    const [d1, d3] = await documents(companyId, [
      { customerId: '1', invoiceDate: '2026-11-05' },
      { customerId: '3', invoiceDate: '2026-11-05' },
    ]);
    const batch = batchOf(await generate({ companyId, closeDate: '2026-11-15', onlyCustomerIds: ['1'] }));
    const key = { companyId, batchId: batch.batchId };
    const printed = batchOf(await client.printBatch(key));
    expect(printed).toMatchObject({ status: BatchStatus.BATCH_STATUS_PRINTED, printCount: 1 });
    expect(rejectionCodes(await client.addBatchDocuments({ ...key, documentIds: [d3 ?? ''] }))).toEqual(['BATCH_PRINTED']);
    expect(rejectionCodes(await client.addBatchCustomers({ ...key, customerIds: ['3'] }))).toEqual(['BATCH_PRINTED']);
    expect(rejectionCodes(await client.removeBatchDocument({ ...key, documentId: d1 ?? '' }))).toEqual(['BATCH_PRINTED']);
    expect(rejectionCodes(await client.removeBatchCustomer({ ...key, customerId: '1' }))).toEqual(['BATCH_PRINTED']);
    expect(rejectionCodes(await client.updateBatch({ ...key, closeDate: '2026-11-16' }))).toEqual(['BATCH_PRINTED']);
    expect(rejectionCodes(await client.deleteBatch(key))).toEqual(['BATCH_PRINTED']);
    const reprinted = batchOf(await client.printBatch(key));
    expect(reprinted).toMatchObject({ printCount: 2, printedAt: printed.printedAt });
    expect((await arrived(companyId, d1 ?? '')).batchId).toBe(batch.batchId);
  });
});

describe('the batch report and corrected dates', () => {
  it('carries the former balance and shows payments by paid date; a reprint follows a corrected paid date', async () => {
    const companyId = await sourceCompany();
    await documents(companyId, [
      { customerId: '1', invoiceDate: '2026-10-05', amount: '500.00' },
      { customerId: '1', invoiceDate: '2026-10-10', amount: '80.00', type: DocumentType.DOCUMENT_TYPE_CREDIT_MEMO },
    ]);
    const may = await payment(companyId, '1', '100.00', '2026-10-12');
    const october = batchOf(await generate({ companyId, closeDate: '2026-10-15' }));
    batchOf(await client.printBatch({ companyId, batchId: october.batchId }));
    expect((await report(companyId, october.batchId)).get('1')).toMatchObject({
      previousCloseDate: '',
      formerBalance: '0.00',
      paymentsReceived: '100.00',
      newDocumentsAmount: '420.00',
      newBalance: '320.00',
    });

    await documents(companyId, [{ customerId: '1', invoiceDate: '2026-11-02', amount: '60.00' }]);
    await payment(companyId, '1', '200.00', '2026-11-03');
    const november = batchOf(await generate({ companyId, closeDate: '2026-11-15' }));
    expect((await report(companyId, november.batchId)).get('1')).toMatchObject({
      previousCloseDate: '2026-10-15',
      formerBalance: '320.00',
      paymentsReceived: '200.00',
      newDocumentsAmount: '60.00',
      newBalance: '180.00',
    });

    const corrected = await client.correctArTransactionDates({
      companyId,
      transactionId: may,
      invoiceDate: '',
      dueDate: '',
      paidDate: '2026-11-12',
      reason: 'bank statement shows November',
      correctedBy: 'ar-clerk',
    });
    expect(corrected.result?.$case).toBe('transaction');
    const audit = (await arrived(companyId, may)).corrections;
    expect(audit).toEqual([expect.objectContaining({ field: 'paidDate', fromDate: '2026-10-12', toDate: '2026-11-12', correctedBy: 'ar-clerk' })]);
    expect((await report(companyId, october.batchId)).get('1')).toMatchObject({ paymentsReceived: '0.00', newBalance: '420.00' });
    expect((await report(companyId, november.batchId)).get('1')).toMatchObject({ formerBalance: '420.00', paymentsReceived: '300.00', newBalance: '180.00' });
  });

  it('skips a document whose corrected invoice date is after the close date unless overridden', async () => {
    const companyId = await sourceCompany();
    const [moved] = await documents(companyId, [{ customerId: '5', invoiceDate: '2026-10-10' }]);
    const correction = await client.correctArTransactionDates({
      companyId,
      transactionId: moved ?? '',
      invoiceDate: '2026-11-10',
      dueDate: '2026-12-10',
      paidDate: '',
      reason: 'invoice dated wrongly',
      correctedBy: 'ar-clerk',
    });
    expect(correction.result?.$case).toBe('transaction');
    expect(rejectionCodes(await generate({ companyId, closeDate: '2026-10-15' }))).toEqual(['NOTHING_TO_BATCH']);
    const overridden = batchOf(await generate({ companyId, closeDate: '2026-10-15', includeDocumentIds: [moved ?? ''] }));
    expect((await report(companyId, overridden.batchId)).get('5')?.documents[0]).toMatchObject({ invoiceDate: '2026-11-10', dueDate: '2026-12-10' });
  });

  it('refuses a paid date on a document and leaves it unchanged', async () => {
    const companyId = await sourceCompany();
    const [documentId] = await documents(companyId, [{ customerId: '5', invoiceDate: '2026-10-10' }]);
    const refused = await client.correctArTransactionDates({ companyId, transactionId: documentId ?? '', invoiceDate: '', dueDate: '', paidDate: '2026-10-11', reason: 'x', correctedBy: 'clerk' });
    expect(rejectionCodes(refused)).toEqual(['VALIDATION_FAILED']);
    expect((await arrived(companyId, documentId ?? '')).corrections).toEqual([]);
  });
});

describe('dummy batches', () => {
  it('absorb older documents so the first real batch holds only current ones, and print with no output', async () => {
    const companyId = await sourceCompany();
    await documents(companyId, [
      { customerId: '1', invoiceDate: '2026-09-20', amount: '300.00' },
      { customerId: '3', invoiceDate: '2026-10-01', amount: '50.00' },
    ]);
    const [current] = await documents(companyId, [{ customerId: '1', invoiceDate: '2026-10-20', amount: '40.00' }]);
    const dummy = batchOf(await generate({ companyId, closeDate: '2026-10-15', dummy: true }));
    expect(dummy).toMatchObject({ dummy: true, documentCount: 2 });
    const dummyReport = await client.getBatchReport({ companyId, batchId: dummy.batchId, customerId: '', page: undefined });
    expect(dummyReport.customers).toEqual([]);
    expect(batchOf(await client.printBatch({ companyId, batchId: dummy.batchId })).status).toBe(BatchStatus.BATCH_STATUS_PRINTED);

    const real = batchOf(await generate({ companyId, closeDate: '2026-11-15' }));
    const customers = await report(companyId, real.batchId);
    expect([...customers.keys()]).toEqual(['1']);
    expect(customers.get('1')).toMatchObject({ previousCloseDate: '2026-10-15', formerBalance: '300.00', newDocumentsAmount: '40.00', newBalance: '340.00' });
    expect(customers.get('1')?.documents.map((document) => document.documentId)).toEqual([current]);
  });

  it('absorb the history of one customer who joins the batch process later', async () => {
    const companyId = await sourceCompany();
    await customer(companyId, '7', 0);
    await customerKnown(companyId, '7');
    await documents(companyId, [{ customerId: '7', invoiceDate: '2026-08-01' }]);
    const dummy = batchOf(await generate({ companyId, closeDate: '2026-10-15', dummy: true, onlyCustomerIds: ['7'] }));
    expect(dummy).toMatchObject({ customerCount: 1, documentCount: 1 });
    await customer(companyId, '7', 15, 2);
    const [current] = await documents(companyId, [{ customerId: '7', invoiceDate: '2026-11-01' }]);
    await eventually(async () => {
      const answer = await generate({ companyId, closeDate: '2026-11-15' });
      return answer.result?.$case === 'batch' ? answer.result.value : undefined;
    });
    expect((await arrived(companyId, current ?? '')).batchId).not.toBe('');
  });
});

describe('events', () => {
  it('change nothing when delivered twice, and an older customer state does not replace a newer one', async () => {
    const companyId = uniqueName('co');
    await customer(companyId, 'c1', 20, 2, 0);
    await customer(companyId, 'c1', 5, 1, 0);
    // Same partition, so once c2 is known the stale state of c1 before it has been handled.
    await customer(companyId, 'c2', 1, 1, 0);
    await customerKnown(companyId, 'c2');
    const event = invoicePosted(companyId, { customerId: 'c1', invoiceDate: '2026-11-01' });
    const bytes = postingV1Events.InvoicePosted.encode(event).finish();
    await send(sealed(INVOICE_POSTED, 'c1', companyId, bytes));
    await send(sealed(INVOICE_POSTED, 'c1', companyId, bytes));
    await arrived(companyId, event.invoiceId);
    const paymentId = await payment(companyId, 'c1', '10.00', '2026-11-02');
    const repeated = customerV1.Payment.fromPartial({ paymentId, companyId, customerId: 'c1', amount: '99.00', currency: 'EUR', paidDate: '2026-01-01', reference: 'again' });
    await send(sealed(PAYMENT_RECORDED, 'c1', companyId, customerV1Events.PaymentRecorded.encode({ payment: repeated }).finish()));
    const marker = await documents(companyId, [{ customerId: 'c1', invoiceDate: '2026-11-03' }]);
    expect(marker).toHaveLength(1);
    expect(rejectionCodes(await generate({ companyId, closeDate: '2026-11-05' }))).toEqual(['NOTHING_TO_BATCH']);
    const batch = batchOf(await generate({ companyId, closeDate: '2026-11-20' }));
    expect(batch.documentCount).toBe(2);
    expect((await report(companyId, batch.batchId)).get('c1')).toMatchObject({ paymentsReceived: '10.00', newDocumentsAmount: '200.00' });
  });
});
