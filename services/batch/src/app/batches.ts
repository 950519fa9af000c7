import type { SqlExecutor } from '@ledgerline/db';
import {
  addCustomers,
  addDocuments,
  adjustCounts,
  findBatch,
  insertBatch,
  knownCustomers,
  listBatches as selectBatches,
  lockBatchNumbers,
  lockDocuments,
  markDeleted,
  markPrinted,
  nextBatchNumber,
  removeCustomer,
  removeDocument,
  setCloseDate,
  takeDocumentsForGeneration,
  type BatchRecord,
} from '../db/batches.js';
import {
  changeRefusal,
  checkCloseDate,
  checkGenerationSelection,
  checkIds,
  printRefusal,
  requestFingerprint,
  type BatchOrigin,
  type BatchStatus,
  type GenerationSelection,
} from '../domain/batch.js';
import { cutoffDaysSelectedBy } from '../domain/cutoff.js';
import { accepted, ErrorCode, rejected, type BusinessError, type Outcome } from '../domain/errors.js';
import { inTransaction, RollbackWith, type BatchContext } from './context.js';

/** Page size when the caller asks for none (common/v1 PageRequest). */
export const PAGE_SIZE_DEFAULT = 50;
/** Largest page served, whatever the caller asks (common/v1 PageRequest). */
export const PAGE_SIZE_MAX = 500;

export interface BatchKey {
  companyId: string;
  batchId: string;
}

function batchNotFound(batchId: string): BusinessError {
  return { code: ErrorCode.NOT_FOUND, message: `batch ${batchId} does not exist`, fieldPath: '' };
}

/**
 * Generates a batch by close date [001] in one transaction: every selected document moved into
 * it, then a number and the batch. The number comes last, so generations for different cutoff
 * days do their heavy work side by side and queue only for the number. A repeat with the same
 * id and content answers the batch generated first; the same id with other content is a
 * CONFLICT. A generation that finds no document creates nothing and uses no number.
 */
export async function generateBatch(context: BatchContext, key: BatchKey, selection: GenerationSelection): Promise<Outcome<BatchRecord>> {
  const errors = checkGenerationSelection(selection);
  if (errors.length > 0) return rejected(errors);
  const fingerprint = requestFingerprint('GENERATED', selection);
  return inTransaction(context, async (sql) => {
    const existing = await findBatch(sql, key.companyId, key.batchId);
    if (existing !== undefined) return repeatOf(existing, fingerprint);
    const refusals = [
      ...(await unknownCustomerErrors(sql, key.companyId, 'includeCustomerIds', selection.includeCustomerIds)),
      ...(await unknownCustomerErrors(sql, key.companyId, 'onlyCustomerIds', selection.onlyCustomerIds)),
      ...(await unavailableDocumentErrors(sql, key, 'includeDocumentIds', selection.includeDocumentIds)),
    ];
    if (refusals.length > 0) return rejected(refusals);
    const taken = await takeDocumentsForGeneration(sql, {
      ...key,
      closeDate: selection.closeDate,
      cutoffDays: cutoffDaysSelectedBy(selection.closeDate),
      includeCustomerIds: selection.includeCustomerIds,
      includeDocumentIds: selection.includeDocumentIds,
      onlyCustomerIds: selection.onlyCustomerIds,
    });
    if (taken.documentCount === 0) {
      return rejected([
        {
          code: ErrorCode.NOTHING_TO_BATCH,
          message: `no unbatched document dated up to ${selection.closeDate} belongs to a customer with a matching cutoff day or to the overrides`,
          fieldPath: '',
        },
      ]);
    }
    const created = await createNumbered(sql, key, { closeDate: selection.closeDate, dummy: selection.dummy, origin: 'GENERATED', fingerprint });
    // A concurrent request with this id committed while this one gathered documents: this one
    // is its repeat, and the documents it gathered go back.
    if (!created.ok || created.value !== undefined) throw new RollbackWith(created);
    await adjustCounts(sql, key, { customers: taken.customerCount, documents: taken.documentCount });
    return accepted(await requireBatch(sql, key));
  });
}

/** Creates an empty batch by hand [001]; idempotent by id like generation. */
export async function createBatch(
  context: BatchContext,
  key: BatchKey,
  request: { closeDate: string; dummy: boolean },
): Promise<Outcome<BatchRecord>> {
  const errors = checkCloseDate(request.closeDate);
  if (errors.length > 0) return rejected(errors);
  return inTransaction(context, async (sql) => {
    const fingerprint = requestFingerprint('MANUAL', { ...request, includeCustomerIds: [], includeDocumentIds: [], onlyCustomerIds: [] });
    const created = await createNumbered(sql, key, { ...request, origin: 'MANUAL', fingerprint });
    if (!created.ok) return rejected(created.errors);
    return accepted(created.value ?? (await requireBatch(sql, key)));
  });
}

/**
 * Takes the next number and inserts the batch. Answers the existing batch when the id is taken
 * by the same request (a retry), a CONFLICT when by another, and undefined when the batch is new.
 */
async function createNumbered(
  sql: SqlExecutor,
  key: BatchKey,
  batch: { closeDate: string; dummy: boolean; origin: BatchOrigin; fingerprint: string },
): Promise<Outcome<BatchRecord | undefined>> {
  await lockBatchNumbers(sql, key.companyId);
  const existing = await findBatch(sql, key.companyId, key.batchId);
  if (existing !== undefined) return repeatOf(existing, batch.fingerprint);
  const batchNumber = await nextBatchNumber(sql, key.companyId);
  await insertBatch(sql, { ...key, batchNumber, closeDate: batch.closeDate, dummy: batch.dummy, origin: batch.origin, requestFingerprint: batch.fingerprint });
  return accepted(undefined);
}

function repeatOf(existing: BatchRecord, fingerprint: string): Outcome<BatchRecord> {
  if (existing.requestFingerprint === fingerprint) return accepted(existing);
  return rejected([
    { code: ErrorCode.CONFLICT, message: `batch ${existing.batchId} exists with other content; a repeat must carry the same content`, fieldPath: 'id' },
  ]);
}

async function requireBatch(sql: SqlExecutor, key: BatchKey): Promise<BatchRecord> {
  const batch = await findBatch(sql, key.companyId, key.batchId);
  if (batch === undefined) throw new Error(`batch ${key.batchId} vanished inside its own transaction`);
  return batch;
}

async function unknownCustomerErrors(sql: SqlExecutor, companyId: string, fieldPath: string, customerIds: readonly string[]): Promise<BusinessError[]> {
  if (customerIds.length === 0) return [];
  const known = await knownCustomers(sql, companyId, customerIds);
  return customerIds.flatMap((customerId, index) =>
    known.has(customerId) ? [] : [{ code: ErrorCode.NOT_FOUND, message: `customer ${customerId} does not exist`, fieldPath: `${fieldPath}[${index}]` }],
  );
}

/** Named documents must exist and be in no other batch; they stay locked until the transaction ends. */
async function unavailableDocumentErrors(sql: SqlExecutor, key: BatchKey, fieldPath: string, documentIds: readonly string[]): Promise<BusinessError[]> {
  if (documentIds.length === 0) return [];
  const found = await lockDocuments(sql, key.companyId, documentIds);
  return documentIds.flatMap((documentId, index): BusinessError[] => {
    const document = found.get(documentId);
    const path = `${fieldPath}[${index}]`;
    if (document === undefined) return [{ code: ErrorCode.NOT_FOUND, message: `no posted document ${documentId}`, fieldPath: path }];
    if (document.batchId !== undefined && document.batchId !== key.batchId) {
      return [{ code: ErrorCode.DOCUMENT_ALREADY_BATCHED, message: `document ${documentId} is already in batch ${document.batchId}`, fieldPath: path }];
    }
    return [];
  });
}

/** Locks an existing batch that may still change, or says why it cannot. */
async function changeableBatch(sql: SqlExecutor, key: BatchKey): Promise<Outcome<BatchRecord>> {
  const batch = await findBatch(sql, key.companyId, key.batchId, true);
  if (batch === undefined) return rejected([batchNotFound(key.batchId)]);
  const refusal = changeRefusal(batch);
  return refusal === undefined ? accepted(batch) : rejected([refusal]);
}

/** A change to an open batch's details, run under the batch's lock; answers the batch after it. */
async function changeBatch(
  context: BatchContext,
  key: BatchKey,
  change: (sql: SqlExecutor, batch: BatchRecord) => Promise<BusinessError[]>,
): Promise<Outcome<BatchRecord>> {
  return inTransaction(context, async (sql) => {
    const batch = await changeableBatch(sql, key);
    if (!batch.ok) return batch;
    const errors = await change(sql, batch.value);
    return errors.length > 0 ? rejected(errors) : accepted(await requireBatch(sql, key));
  });
}

export function updateBatch(context: BatchContext, key: BatchKey, closeDate: string): Promise<Outcome<BatchRecord>> {
  const errors = checkCloseDate(closeDate);
  if (errors.length > 0) return Promise.resolve(rejected(errors));
  return changeBatch(context, key, async (sql) => {
    await setCloseDate(sql, key, closeDate);
    return [];
  });
}

/** Deletes an unprinted batch [001]: its documents become available to later batches. */
export function deleteBatch(context: BatchContext, key: BatchKey): Promise<Outcome<BatchRecord>> {
  return changeBatch(context, key, async (sql) => {
    await markDeleted(sql, key);
    return [];
  });
}

export function addBatchCustomers(context: BatchContext, key: BatchKey, customerIds: readonly string[]): Promise<Outcome<BatchRecord>> {
  const errors = [...checkIds('customerIds', customerIds), ...(customerIds.length === 0 ? [{ code: ErrorCode.VALIDATION_FAILED, message: 'name at least one customer', fieldPath: 'customerIds' }] : [])];
  if (errors.length > 0) return Promise.resolve(rejected(errors));
  return changeBatch(context, key, async (sql, batch) => {
    const unknown = await unknownCustomerErrors(sql, key.companyId, 'customerIds', customerIds);
    if (unknown.length > 0) return unknown;
    const added = await addCustomers(sql, { ...key, closeDate: batch.closeDate }, customerIds);
    await adjustCounts(sql, key, { customers: added.customersAdded, documents: added.documentsAdded });
    return [];
  });
}

export function removeBatchCustomer(context: BatchContext, key: BatchKey, customerId: string): Promise<Outcome<BatchRecord>> {
  return changeBatch(context, key, async (sql) => {
    const removed = await removeCustomer(sql, key, customerId);
    if (removed.customersRemoved === 0) {
      return [{ code: ErrorCode.NOT_FOUND, message: `customer ${customerId} is not in batch ${key.batchId}`, fieldPath: '' }];
    }
    await adjustCounts(sql, key, { customers: -removed.customersRemoved, documents: -removed.documentsRemoved });
    return [];
  });
}

export function addBatchDocuments(context: BatchContext, key: BatchKey, documentIds: readonly string[]): Promise<Outcome<BatchRecord>> {
  const errors = [...checkIds('documentIds', documentIds), ...(documentIds.length === 0 ? [{ code: ErrorCode.VALIDATION_FAILED, message: 'name at least one document', fieldPath: 'documentIds' }] : [])];
  if (errors.length > 0) return Promise.resolve(rejected(errors));
  return changeBatch(context, key, async (sql) => {
    const unavailable = await unavailableDocumentErrors(sql, key, 'documentIds', documentIds);
    if (unavailable.length > 0) return unavailable;
    const added = await addDocuments(sql, key, documentIds);
    await adjustCounts(sql, key, { customers: added.customerCount, documents: added.documentCount });
    return [];
  });
}

/**
 * Takes one document out of an open batch; it becomes available again. Removing a document
 * that is in no batch is a no-op, so a retried removal answers like the first.
 */
export function removeBatchDocument(context: BatchContext, key: BatchKey, documentId: string): Promise<Outcome<BatchRecord>> {
  return changeBatch(context, key, async (sql) => {
    const document = (await lockDocuments(sql, key.companyId, [documentId])).get(documentId);
    if (document === undefined || (document.batchId !== undefined && document.batchId !== key.batchId)) {
      return [{ code: ErrorCode.NOT_FOUND, message: `document ${documentId} is not in batch ${key.batchId}`, fieldPath: '' }];
    }
    const removed = await removeDocument(sql, key, documentId);
    await adjustCounts(sql, key, { customers: 0, documents: -removed });
    return [];
  });
}

/** Marks the batch printed; a printed one is reprinted. After this it can neither change nor be deleted [001]. */
export function printBatch(context: BatchContext, key: BatchKey): Promise<Outcome<BatchRecord>> {
  return inTransaction(context, async (sql) => {
    const batch = await findBatch(sql, key.companyId, key.batchId, true);
    if (batch === undefined) return rejected([batchNotFound(key.batchId)]);
    const refusal = printRefusal(batch);
    if (refusal !== undefined) return rejected([refusal]);
    await markPrinted(sql, key);
    return accepted(await requireBatch(sql, key));
  });
}

export function getBatch(context: BatchContext, key: BatchKey): Promise<BatchRecord | undefined> {
  return findBatch(context.database.store.direct, key.companyId, key.batchId);
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this service handed out');
    this.name = 'InvalidCursorError';
  }
}

/** Batches newest number first; keyset paging on the number. Without a status, open and printed ones. */
export async function listBatches(
  context: BatchContext,
  query: { companyId: string; status: BatchStatus | undefined; pageSize: number; cursor: string },
): Promise<{ batches: BatchRecord[]; nextCursor: string }> {
  if (query.cursor !== '' && !/^\d{1,19}$/.test(query.cursor)) throw new InvalidCursorError();
  const pageSize = pageSizeOf(query.pageSize);
  const rows = await selectBatches(context.database.store.direct, {
    companyId: query.companyId,
    statuses: query.status === undefined ? ['OPEN', 'PRINTED'] : [query.status],
    beforeNumber: query.cursor === '' ? undefined : BigInt(query.cursor),
    limit: pageSize + 1,
  });
  const batches = rows.slice(0, pageSize);
  const last = batches[batches.length - 1];
  return { batches, nextCursor: rows.length > pageSize && last !== undefined ? last.batchNumber.toString() : '' };
}

export function pageSizeOf(requested: number): number {
  return requested === 0 ? PAGE_SIZE_DEFAULT : Math.min(requested, PAGE_SIZE_MAX);
}

