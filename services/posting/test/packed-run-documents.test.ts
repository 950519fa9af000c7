import { MoneyDecimal } from '@ledgerline/money';
import { createTestDatabase, uniqueName, type TestDatabase } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPostingDatabase, type PostingDatabase } from '../src/db/client.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { completeIfDone, findRun, insertRun, markCommitting, resultCounts, runDocuments, unpackRunDocuments, type RunKey } from '../src/db/posting-runs.js';
import { postingError } from '../src/domain/posting-document.js';
import type { AssessedDocument } from '../src/domain/posting-run.js';

const { postgresAdminUrl } = inject('infrastructure');
const POOL_SIZE_MAX = 4;

let testDatabase: TestDatabase;
let database: PostingDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase(postgresAdminUrl, 'posting_packed', MIGRATIONS_DIR);
  database = createPostingDatabase(testDatabase.url, POOL_SIZE_MAX);
});

afterAll(async () => {
  await database.disconnect();
  await testDatabase.drop();
});

function assessed(invoiceId: string, customerId: string, overrides: Partial<AssessedDocument> = {}): AssessedDocument {
  return {
    invoiceId,
    customerId,
    draftNumber: invoiceId,
    documentType: 'FREE_TEXT',
    invoiceDate: '2026-11-02',
    dueDate: '2026-12-02',
    currency: 'EUR',
    netAmount: new MoneyDecimal('100'),
    taxAmount: new MoneyDecimal('20'),
    totalAmount: new MoneyDecimal('120.55'),
    customerItemsToCreate: 0,
    blockers: [],
    homeLines: [],
    ...overrides,
  };
}

/** Stores a reported run of three documents, one blocked and one without a due date, in report order. */
async function storeRun(): Promise<RunKey> {
  const key = { companyId: uniqueName('packed'), postingRunId: uniqueName('run') };
  const documents = [
    assessed('D-2', 'C-1', { dueDate: '' }),
    assessed('D-1', 'C-2', { blockers: [postingError('CASH_SALES_ONLY', 'post it individually with its payment', 'customerId')] }),
    assessed('D-3', 'C-2', { documentType: 'CREDIT_MEMO', customerItemsToCreate: 2 }),
  ];
  const report = { documentCount: 3, postableCount: 2, blockedCount: 1, customerItemsToCreate: 2, customerTotals: [], accountTotals: [] };
  const { bulkStore } = database;
  const inserted = await bulkStore.transaction((client) =>
    insertRun(
      bulkStore.sql(client),
      { ...key, selection: {}, creditCheckMode: 'NONE', creditCorrection: false, description: '', requestFingerprint: 'f', report, reportedAt: new Date() },
      documents,
    ),
  );
  expect(inserted).toBe(true);
  return key;
}

describe('a posting run stored with its documents packed', () => {
  it('has no document rows until they are unpacked, in report order with every field kept', async () => {
    const key = await storeRun();
    expect(await runDocuments(database.prisma, key, 'ALL')).toEqual([]);

    expect(await unpackRunDocuments(database.store.direct, key)).toBe(3);

    const documents = await runDocuments(database.prisma, key, 'ALL');
    expect(documents.map((document) => [document.invoiceId, document.customerId, document.documentType, document.dueDate, document.customerItemsToCreate])).toEqual([
      ['D-2', 'C-1', 'FREE_TEXT', '', 0],
      ['D-1', 'C-2', 'FREE_TEXT', '2026-12-02', 0],
      ['D-3', 'C-2', 'CREDIT_MEMO', '2026-12-02', 2],
    ]);
    expect(documents.map((document) => document.totalAmount.toFixed(2))).toEqual(['120.55', '120.55', '120.55']);
    expect((await runDocuments(database.prisma, key, 'BLOCKED')).map((document) => [document.invoiceId, document.blockers.map((blocker) => blocker.code)])).toEqual([
      ['D-1', ['CASH_SALES_ONLY']],
    ]);
    expect(await resultCounts(database.prisma, key)).toEqual({ posted: 0, failed: 0, pending: 0, unprocessed: 3 });
  });

  it('unpacks once however many readers ask at the same time', async () => {
    const key = await storeRun();
    const written = await Promise.all(Array.from({ length: POOL_SIZE_MAX }, () => unpackRunDocuments(database.store.direct, key)));
    expect(written.reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(await unpackRunDocuments(database.store.direct, key)).toBe(0);
    expect(await runDocuments(database.prisma, key, 'ALL')).toHaveLength(3);
  });

  it('never completes a committing run whose documents are still packed', async () => {
    const key = await storeRun();
    await markCommitting(database.store.direct, key, new Date());
    await completeIfDone(database.store.direct, key);
    expect((await findRun(database.prisma, key))?.status).toBe('COMMITTING');
  });
});
