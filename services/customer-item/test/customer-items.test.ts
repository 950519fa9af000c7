import { randomUUID } from 'node:crypto';
import { commonV1, customerItemV1, eventRegistry, postingV1Events } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus, isServiceError, type PromiseClient } from '@ledgerline/grpc';
import { createKafka, createProducer, sealEvent, type Producer } from '@ledgerline/kafka';
import type { RunningDataService } from '@ledgerline/service-host';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SELECTION_DOCUMENTS_MAX } from '../src/app/drafts.js';
import { customerItemIdOf } from '../src/app/ids.js';
import { loadCustomerItemConfig } from '../src/config.js';
import { createCustomerItemDatabase, type CustomerItemDatabase } from '../src/db/client.js';
import { insertCustomerItems } from '../src/db/customer-items.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startCustomerItemService } from '../src/service.js';

const INVOICE_POSTED = eventRegistry['posting.v1.InvoicePosted'];
const { DraftStatus, ReviewDecision } = customerItemV1;
const { DocumentType } = commonV1;

/** How long the consumer may take to join its group and apply a first event at start. */
const CATCH_UP_TIMEOUT_MS = 30_000;
/** Connections of the test's own handle on the service's database, which only sets up rows. */
const INSPECTION_POOL_SIZE_MAX = 1;

const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
// Topics of this run alone: a new consumer group on the shared topics would first have to read
// every event earlier test runs left on the broker.
const topicPrefix = `${uniqueName('customer_item_test')}.`;
let database: TestDatabase;
let service: RunningDataService;
let client: PromiseClient<customerItemV1.CustomerItemServiceClient>;
let producer: Producer;
let inspection: CustomerItemDatabase;

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'customer_item', MIGRATIONS_DIR);
  service = await startCustomerItemService(
    loadCustomerItemConfig({ DATABASE_URL: database.url, KAFKA_BROKERS: kafkaBrokers.join(','), GRPC_PORT: '0', KAFKA_TOPIC_PREFIX: topicPrefix }),
    testLogger('customer-item'),
    { consumerGroupId: uniqueName('customer_item') },
  );
  client = createGrpcClient(customerItemV1.CustomerItemServiceClient, { address: `127.0.0.1:${service.grpcPort}` });
  producer = await createProducer(createKafka({ clientId: uniqueName('customer_item_test'), brokers: kafkaBrokers, logger: testLogger('kafka') }));
  inspection = createCustomerItemDatabase(database.url, INSPECTION_POOL_SIZE_MAX);
  // Once a first document has its item, the consumer has joined its group and reads the topic.
  const companyId = uniqueName('co');
  await publishPosted(companyId, { invoiceId: 'caught-up', lines: [{ lineNumber: 1, productId: 'PUMP', quantity: '1', createsCustomerItem: true }] });
  await eventually(async () => ((await items(companyId)).length === 1 ? true : undefined), { timeoutMs: CATCH_UP_TIMEOUT_MS, what: 'the consumer to catch up' });
}, CATCH_UP_TIMEOUT_MS + 30_000);

afterAll(async () => {
  client?.close();
  await producer?.disconnect();
  await service?.stop();
  await inspection?.disconnect();
  await database?.drop();
});

const pumpLine = (overrides: Partial<customerItemV1.DraftLine> = {}): customerItemV1.DraftLine => ({
  lineNumber: 1,
  productId: 'PUMP',
  quantity: '2',
  serialNumbers: ['SN-1', 'SN-2'],
  description: 'Heat pump',
  ...overrides,
});

async function propose(companyId: string, invoiceId: string, lines: customerItemV1.DraftLine[], customerId = 'C1'): Promise<customerItemV1.Draft[]> {
  return (await client.proposeDrafts({ companyId, invoiceId, customerId, lines })).drafts;
}

async function review(companyId: string, draftId: string, decision: customerItemV1.ReviewDecision, description = ''): Promise<customerItemV1.ReviewDraftResponse> {
  return client.reviewDraft({ companyId, draftId, decision, reviewedBy: 'clerk@acme', description });
}

function draftOf(response: customerItemV1.ReviewDraftResponse): customerItemV1.Draft {
  if (response.result?.$case !== 'draft') throw new Error(`expected a draft, got ${JSON.stringify(response.result)}`);
  return response.result.value;
}

function rejectionCodes(response: customerItemV1.ReviewDraftResponse): string[] {
  if (response.result?.$case !== 'rejection') throw new Error(`expected a rejection, got ${JSON.stringify(response.result)}`);
  return response.result.value.errors.map((error) => error.code);
}

async function grpcCode(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    if (isServiceError(error)) return error.code;
    throw error;
  }
  throw new Error('the call succeeded');
}

interface PostedSpec {
  invoiceId: string;
  customerId?: string;
  type?: commonV1.DocumentType;
  lines: Array<Partial<postingV1Events.PostedLine> & { lineNumber: number }>;
}

function invoicePosted(companyId: string, spec: PostedSpec): postingV1Events.InvoicePosted {
  return postingV1Events.InvoicePosted.fromPartial({
    invoiceId: spec.invoiceId,
    companyId,
    customerId: spec.customerId ?? 'C1',
    documentType: spec.type ?? DocumentType.DOCUMENT_TYPE_SALES_ORDER,
    invoiceNumber: `INV-${spec.invoiceId}`,
    transactionNumber: '1',
    ledgerEntryId: randomUUID(),
    invoiceDate: '2026-11-02',
    dueDate: '2026-12-02',
    period: '2026-11',
    fiscalYearStart: '2026-01-01',
    currency: 'EUR',
    homeCurrency: 'EUR',
    homeRate: '1',
    netAmount: '100.00',
    taxAmount: '20.00',
    totalAmount: '120.00',
    lines: spec.lines.map((line) => postingV1Events.PostedLine.fromPartial({ description: `Line ${line.lineNumber}`, netAmount: '10.00', ...line })),
    postedAt: new Date(),
  });
}

/** Produces InvoicePosted to the real topic, keyed by customer like posting does; the same event id is a redelivery. */
async function publishPosted(companyId: string, spec: PostedSpec, eventId?: string): Promise<void> {
  const event = invoicePosted(companyId, spec);
  const sealed = sealEvent({
    topic: `${topicPrefix}${INVOICE_POSTED.topic}`,
    key: event.customerId,
    companyId,
    eventType: INVOICE_POSTED.eventType,
    payload: postingV1Events.InvoicePosted.encode(event).finish(),
    eventId,
  });
  await producer.send({ topic: sealed.topic, messages: [{ key: sealed.key, value: sealed.value, headers: sealed.headers }] });
}

async function items(companyId: string, filter: Partial<customerItemV1.ListCustomerItemsRequest> = {}): Promise<customerItemV1.CustomerItem[]> {
  return (await client.listCustomerItems(customerItemV1.ListCustomerItemsRequest.fromPartial({ companyId, page: { pageSize: 500 }, ...filter }))).items;
}

async function itemsOfInvoice(companyId: string, invoiceId: string, count: number): Promise<customerItemV1.CustomerItem[]> {
  return eventually(
    async () => {
      const found = await items(companyId, { invoiceId });
      return found.length === count ? found : undefined;
    },
    { what: `${count} customer items of ${invoiceId}` },
  );
}

async function drafts(companyId: string, invoiceId: string): Promise<customerItemV1.Draft[]> {
  return (await client.listDrafts(customerItemV1.ListDraftsRequest.fromPartial({ companyId, invoiceId, page: { pageSize: 500 } }))).drafts;
}

describe('proposing drafts', () => {
  it('proposes one draft per whole unit with its serial number, ids stable per unit', async () => {
    const companyId = uniqueName('co');
    const proposed = await propose(companyId, 'inv-1', [pumpLine(), pumpLine({ lineNumber: 3, productId: 'VALVE', quantity: '1', serialNumbers: [] })]);
    expect(proposed.map((draft) => [draft.lineNumber, draft.unit, draft.productId, draft.serialNumber, draft.status])).toEqual([
      [1, 1, 'PUMP', 'SN-1', DraftStatus.DRAFT_STATUS_PENDING_REVIEW],
      [1, 2, 'PUMP', 'SN-2', DraftStatus.DRAFT_STATUS_PENDING_REVIEW],
      [3, 1, 'VALVE', '', DraftStatus.DRAFT_STATUS_PENDING_REVIEW],
    ]);
    expect(proposed[0]).toMatchObject({ companyId, invoiceId: 'inv-1', customerId: 'C1', description: 'Heat pump', reviewedBy: '' });
    expect(proposed[0]?.reviewedAt).toBeUndefined();
    const again = await propose(companyId, 'inv-1', [pumpLine(), pumpLine({ lineNumber: 3, productId: 'VALVE', quantity: '1', serialNumbers: [] })]);
    expect(again).toEqual(proposed);
    expect(new Set(proposed.map((draft) => draft.draftId)).size).toBe(3);
  });

  it('keeps the review of unchanged units and starts changed ones over', async () => {
    const companyId = uniqueName('co');
    const [first, second] = await propose(companyId, 'inv-1', [pumpLine()]);
    draftOf(await review(companyId, first?.draftId ?? '', ReviewDecision.REVIEW_DECISION_CONFIRM, 'Pump in the basement'));
    draftOf(await review(companyId, second?.draftId ?? '', ReviewDecision.REVIEW_DECISION_EXCLUDE));
    const again = await propose(companyId, 'inv-1', [pumpLine({ quantity: '3', serialNumbers: ['SN-1', 'SN-7', 'SN-3'], description: 'Heat pump XL' })]);
    expect(again.map((draft) => [draft.unit, draft.serialNumber, draft.status, draft.description])).toEqual([
      [1, 'SN-1', DraftStatus.DRAFT_STATUS_CONFIRMED, 'Pump in the basement'],
      [2, 'SN-7', DraftStatus.DRAFT_STATUS_PENDING_REVIEW, 'Heat pump XL'],
      [3, 'SN-3', DraftStatus.DRAFT_STATUS_PENDING_REVIEW, 'Heat pump XL'],
    ]);
    expect(again[0]?.draftId).toBe(first?.draftId);
    expect(again[0]?.reviewedBy).toBe('clerk@acme');
  });

  it('removes every draft of a document proposed without lines', async () => {
    const companyId = uniqueName('co');
    await propose(companyId, 'inv-1', [pumpLine()]);
    expect(await propose(companyId, 'inv-1', [])).toEqual([]);
    expect(await drafts(companyId, 'inv-1')).toEqual([]);
  });

  it('refuses lines it cannot interpret, and missing ids, as INVALID_ARGUMENT', async () => {
    const companyId = uniqueName('co');
    expect(await grpcCode(propose(companyId, 'inv-1', [pumpLine({ quantity: 'two' })]))).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(await grpcCode(propose(companyId, 'inv-1', [pumpLine(), pumpLine()]))).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(await grpcCode(client.proposeDrafts({ companyId, invoiceId: 'inv-1', customerId: '', lines: [] }))).toBe(GrpcStatus.INVALID_ARGUMENT);
  });
});

describe('reviewing drafts', () => {
  it('confirms, excludes and confirms again, recording who and when', async () => {
    const companyId = uniqueName('co');
    const [draft] = await propose(companyId, 'inv-1', [pumpLine({ quantity: '1' })]);
    const excluded = draftOf(await review(companyId, draft?.draftId ?? '', ReviewDecision.REVIEW_DECISION_EXCLUDE));
    expect(excluded).toMatchObject({ status: DraftStatus.DRAFT_STATUS_EXCLUDED, reviewedBy: 'clerk@acme', description: 'Heat pump' });
    expect(excluded.reviewedAt).toBeInstanceOf(Date);
    const confirmed = draftOf(await review(companyId, draft?.draftId ?? '', ReviewDecision.REVIEW_DECISION_CONFIRM));
    expect(confirmed.status).toBe(DraftStatus.DRAFT_STATUS_CONFIRMED);
  });

  it('answers NOT_FOUND for an unknown draft and VALIDATION_FAILED without a decision', async () => {
    const companyId = uniqueName('co');
    expect(rejectionCodes(await review(companyId, randomUUID(), ReviewDecision.REVIEW_DECISION_CONFIRM))).toEqual(['NOT_FOUND']);
    const [draft] = await propose(companyId, 'inv-1', [pumpLine({ quantity: '1' })]);
    expect(rejectionCodes(await review(companyId, draft?.draftId ?? '', ReviewDecision.REVIEW_DECISION_UNSPECIFIED))).toEqual(['VALIDATION_FAILED']);
  });
});

describe('counting customer items for a selection', () => {
  it('counts per document in request order, with totals, in one call', async () => {
    const companyId = uniqueName('co');
    const [first] = await propose(companyId, 'inv-a', [pumpLine({ quantity: '3', serialNumbers: [] })]);
    await propose(companyId, 'inv-b', [pumpLine({ quantity: '1', serialNumbers: [] })]);
    draftOf(await review(companyId, first?.draftId ?? '', ReviewDecision.REVIEW_DECISION_EXCLUDE));
    const [, second] = await drafts(companyId, 'inv-a');
    draftOf(await review(companyId, second?.draftId ?? '', ReviewDecision.REVIEW_DECISION_CONFIRM));
    const answer = await client.countCustomerItemsForSelection({ companyId, invoiceIds: ['inv-b', 'inv-none', 'inv-a', 'inv-b'] });
    expect(answer).toEqual({
      totalItemsToCreate: 3,
      totalPendingReview: 2,
      documents: [
        { invoiceId: 'inv-b', itemsToCreate: 1, pendingReview: 1 },
        { invoiceId: 'inv-a', itemsToCreate: 2, pendingReview: 1 },
      ],
    });
  });

  it(`takes ${SELECTION_DOCUMENTS_MAX} documents per call and refuses more`, async () => {
    const companyId = uniqueName('co');
    await propose(companyId, 'inv-9999', [pumpLine({ quantity: '1', serialNumbers: [] })]);
    const invoiceIds = Array.from({ length: SELECTION_DOCUMENTS_MAX }, (_, index) => `inv-${index}`);
    const answer = await client.countCustomerItemsForSelection({ companyId, invoiceIds });
    expect(answer.documents).toEqual([{ invoiceId: 'inv-9999', itemsToCreate: 1, pendingReview: 1 }]);
    expect(await grpcCode(client.countCustomerItemsForSelection({ companyId, invoiceIds: [...invoiceIds, 'one-more'] }))).toBe(GrpcStatus.INVALID_ARGUMENT);
  });
});

describe('creating customer items when a document is posted', () => {
  it('creates them from the drafts not excluded and from undrafted lines, and converts the drafts', async () => {
    const companyId = uniqueName('co');
    const [excluded] = await propose(companyId, 'inv-1', [pumpLine()]);
    draftOf(await review(companyId, excluded?.draftId ?? '', ReviewDecision.REVIEW_DECISION_EXCLUDE));
    await publishPosted(companyId, {
      invoiceId: 'inv-1',
      lines: [
        { lineNumber: 1, productId: 'PUMP', quantity: '2', serialNumbers: ['SN-1', 'SN-2'], serialized: true, createsCustomerItem: true },
        { lineNumber: 2, productId: 'OIL', quantity: '4', createsCustomerItem: false },
        { lineNumber: 3, productId: 'VALVE', quantity: '2', serialNumbers: ['V-1', 'V-2'], description: 'Valve', createsCustomerItem: true },
      ],
    });
    const created = await itemsOfInvoice(companyId, 'inv-1', 3);
    expect(created.map((item) => [item.lineNumber, item.productId, item.serialNumber, item.description])).toEqual([
      [1, 'PUMP', 'SN-2', 'Heat pump'],
      [3, 'VALVE', 'V-1', 'Valve'],
      [3, 'VALVE', 'V-2', 'Valve'],
    ]);
    expect(created[0]).toMatchObject({ companyId, customerId: 'C1', invoiceId: 'inv-1', invoiceNumber: 'INV-inv-1', invoiceDate: '2026-11-02' });
    expect((await drafts(companyId, 'inv-1')).map((draft) => draft.status)).toEqual([DraftStatus.DRAFT_STATUS_EXCLUDED, DraftStatus.DRAFT_STATUS_CONVERTED]);
    const counted = await client.countCustomerItemsForSelection({ companyId, invoiceIds: ['inv-1'] });
    expect(counted.totalItemsToCreate).toBe(0);
  });

  it('creates nothing more for a redelivered or republished InvoicePosted', async () => {
    const companyId = uniqueName('co');
    const spec: PostedSpec = { invoiceId: 'inv-1', lines: [{ lineNumber: 1, productId: 'PUMP', quantity: '2', createsCustomerItem: true }] };
    const eventId = randomUUID();
    await publishPosted(companyId, spec, eventId);
    const first = await itemsOfInvoice(companyId, 'inv-1', 2);
    await publishPosted(companyId, spec, eventId);
    await publishPosted(companyId, { ...spec, lines: [{ lineNumber: 1, productId: 'PUMP', quantity: '5', createsCustomerItem: true }] });
    // Same key, same partition: once the marker document has its item, both repeats were handled before it.
    await publishPosted(companyId, { invoiceId: 'marker', lines: [{ lineNumber: 1, productId: 'PUMP', quantity: '1', createsCustomerItem: true }] });
    await itemsOfInvoice(companyId, 'marker', 1);
    expect(await items(companyId, { invoiceId: 'inv-1' })).toEqual(first);
  });

  it('creates none for a credit memo', async () => {
    const companyId = uniqueName('co');
    await publishPosted(companyId, {
      invoiceId: 'memo',
      type: DocumentType.DOCUMENT_TYPE_CREDIT_MEMO,
      lines: [{ lineNumber: 1, productId: 'PUMP', quantity: '1', createsCustomerItem: true }],
    });
    await publishPosted(companyId, { invoiceId: 'marker', lines: [{ lineNumber: 1, productId: 'PUMP', quantity: '1', createsCustomerItem: true }] });
    await itemsOfInvoice(companyId, 'marker', 1);
    expect(await items(companyId, { invoiceId: 'memo' })).toEqual([]);
  });

  it('freezes the drafts of a posted document: no review, no new proposal', async () => {
    const companyId = uniqueName('co');
    const [converted, excluded] = await propose(companyId, 'inv-1', [pumpLine()]);
    draftOf(await review(companyId, excluded?.draftId ?? '', ReviewDecision.REVIEW_DECISION_EXCLUDE));
    await publishPosted(companyId, { invoiceId: 'inv-1', lines: [{ lineNumber: 1, productId: 'PUMP', quantity: '2', createsCustomerItem: true }] });
    await itemsOfInvoice(companyId, 'inv-1', 1);
    expect(rejectionCodes(await review(companyId, converted?.draftId ?? '', ReviewDecision.REVIEW_DECISION_EXCLUDE))).toEqual(['INVALID_STATE']);
    expect(rejectionCodes(await review(companyId, excluded?.draftId ?? '', ReviewDecision.REVIEW_DECISION_CONFIRM))).toEqual(['INVALID_STATE']);
    expect(await grpcCode(propose(companyId, 'inv-1', []))).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect((await drafts(companyId, 'inv-1')).map((draft) => draft.status)).toEqual([DraftStatus.DRAFT_STATUS_CONVERTED, DraftStatus.DRAFT_STATUS_EXCLUDED]);
  });
});

describe('listing', () => {
  it('pages drafts by invoice, line and unit, filtered by customer and status', async () => {
    const companyId = uniqueName('co');
    await propose(companyId, 'inv-b', [pumpLine({ quantity: '2', serialNumbers: [] })], 'C1');
    await propose(companyId, 'inv-a', [pumpLine({ quantity: '3', serialNumbers: [] })], 'C1');
    await propose(companyId, 'inv-c', [pumpLine({ quantity: '1', serialNumbers: [] })], 'C2');
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await client.listDrafts(customerItemV1.ListDraftsRequest.fromPartial({ companyId, customerId: 'C1', page: { pageSize: 2, cursor } }));
      seen.push(...page.drafts.map((draft) => `${draft.invoiceId}/${draft.lineNumber}/${draft.unit}`));
      cursor = page.page?.nextCursor ?? '';
    } while (cursor !== '');
    expect(seen).toEqual(['inv-a/1/1', 'inv-a/1/2', 'inv-a/1/3', 'inv-b/1/1', 'inv-b/1/2']);
    const pending = await client.listDrafts(
      customerItemV1.ListDraftsRequest.fromPartial({ companyId, statuses: [DraftStatus.DRAFT_STATUS_CONFIRMED], page: { pageSize: 10 } }),
    );
    expect(pending.drafts).toEqual([]);
    expect(await grpcCode(client.listDrafts(customerItemV1.ListDraftsRequest.fromPartial({ companyId, page: { cursor: 'nonsense' } })))).toBe(
      GrpcStatus.INVALID_ARGUMENT,
    );
  });

  it('pages customer items newest document first, filtered by customer and product', async () => {
    const companyId = uniqueName('co');
    await publishPosted(companyId, { invoiceId: 'older', lines: [{ lineNumber: 1, productId: 'PUMP', quantity: '3', createsCustomerItem: true }] });
    await itemsOfInvoice(companyId, 'older', 3);
    await publishPosted(companyId, {
      invoiceId: 'newer',
      lines: [
        { lineNumber: 1, productId: 'PUMP', quantity: '1', createsCustomerItem: true },
        { lineNumber: 2, productId: 'VALVE', quantity: '1', createsCustomerItem: true },
      ],
    });
    await itemsOfInvoice(companyId, 'newer', 2);
    await publishPosted(companyId, { invoiceId: 'other', customerId: 'C2', lines: [{ lineNumber: 1, productId: 'PUMP', quantity: '1', createsCustomerItem: true }] });
    await itemsOfInvoice(companyId, 'other', 1);
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await client.listCustomerItems(customerItemV1.ListCustomerItemsRequest.fromPartial({ companyId, customerId: 'C1', page: { pageSize: 2, cursor } }));
      seen.push(...page.items.map((item) => `${item.invoiceId}/${item.lineNumber}/${item.productId}`));
      cursor = page.page?.nextCursor ?? '';
    } while (cursor !== '');
    expect(seen).toEqual(['newer/1/PUMP', 'newer/2/VALVE', 'older/1/PUMP', 'older/1/PUMP', 'older/1/PUMP']);
    expect((await items(companyId, { productId: 'VALVE' })).map((item) => item.invoiceId)).toEqual(['newer']);
    expect(new Set((await items(companyId)).map((item) => item.customerItemId)).size).toBe(6);
  });

  it('orders documents by posting number, not by its digits, across pages', async () => {
    // Posting numbers 9 and 10 sort the other way round as text; whichever numbers the documents
    // posted above happened to get, these two make the listing tell the orders apart.
    const companyId = uniqueName('co');
    const stored = (invoiceId: string, postingSeq: bigint, unit: number) => ({
      companyId,
      invoiceId,
      lineNumber: 1,
      unit,
      customerItemId: customerItemIdOf({ invoiceId, lineNumber: 1, unit }),
      postingSeq,
      customerId: 'C1',
      productId: 'PUMP',
      serialNumber: `SN-${unit}`,
      description: 'Heat pump',
      invoiceNumber: `INV-${invoiceId}`,
      invoiceDate: '2026-11-02',
    });
    await insertCustomerItems(inspection.store.direct, [stored('ninth', 9n, 1), stored('ninth', 9n, 2), stored('tenth', 10n, 1), stored('tenth', 10n, 2)]);
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await client.listCustomerItems(customerItemV1.ListCustomerItemsRequest.fromPartial({ companyId, page: { pageSize: 1, cursor } }));
      seen.push(...page.items.map((item) => `${item.invoiceId}/${item.serialNumber}`));
      cursor = page.page?.nextCursor ?? '';
    } while (cursor !== '');
    expect(seen).toEqual(['tenth/SN-1', 'tenth/SN-2', 'ninth/SN-1', 'ninth/SN-2']);
  });
});
