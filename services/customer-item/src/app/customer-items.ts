import { groupBy } from '@ledgerline/collections';
import type { SqlExecutor } from '@ledgerline/db';
import { insertCustomerItems, markPosted, selectCustomerItems, type CustomerItemRecord, type StoredCustomerItem } from '../db/customer-items.js';
import { convertDrafts, linesWithDrafts } from '../db/drafts.js';
import { lockDocuments } from '../db/locks.js';
import { customerItemsOf, type PostedDocument } from '../domain/customer-items.js';
import type { CustomerItemContext } from './context.js';
import { customerItemIdOf } from './ids.js';
import { decodeCursor, encodeCursor, pageSizeOf } from './paging.js';

/**
 * Creates the customer items of posted documents, in the consumer's transaction, exactly once
 * per (invoice, line, unit): a document is applied only the first time it is recorded as
 * posted (a redelivered event is already filtered by the inbox, a republished one by that
 * record), and the unit's key refuses a second item whatever happens. Statements are per
 * batch of events, not per document.
 */
export async function recordPostedDocuments(sql: SqlExecutor, documents: readonly PostedDocument[]): Promise<void> {
  const byKey = new Map<string, PostedDocument>();
  for (const document of documents) if (!byKey.has(documentKey(document))) byKey.set(documentKey(document), document);
  if (byKey.size === 0) return;
  await lockDocuments(sql, [...byKey.values()]);
  const newlyPosted = await markPosted(sql, [...byKey.values()]);
  const converted = groupBy(await convertDrafts(sql, newlyPosted), documentKey);
  const drafted = groupBy(await linesWithDrafts(sql, newlyPosted), documentKey);
  const items: StoredCustomerItem[] = newlyPosted.flatMap((posted) => {
    const key = documentKey(posted);
    const document = byKey.get(key);
    if (document === undefined) throw new Error(`document ${posted.invoiceId} was recorded as posted but is not in the batch`);
    const draftedLines = new Set((drafted.get(key) ?? []).map((line) => line.lineNumber));
    return customerItemsOf(document, converted.get(key) ?? [], draftedLines).map((item) => ({
      ...item,
      customerItemId: customerItemIdOf(item),
      postingSeq: posted.postingSeq,
    }));
  });
  await insertCustomerItems(sql, items);
}

function documentKey(document: { companyId: string; invoiceId: string }): string {
  return JSON.stringify([document.companyId, document.invoiceId]);
}


export interface CustomerItemListQuery {
  companyId: string;
  customerId: string;
  productId: string;
  invoiceId: string;
  pageSize: number;
  cursor: string;
}

/** Customer items newest first; keyset paging on (document order, line, unit). */
export async function listCustomerItems(
  context: CustomerItemContext,
  query: CustomerItemListQuery,
): Promise<{ items: CustomerItemRecord[]; nextCursor: string }> {
  const after = query.cursor === '' ? undefined : decodeCursor(query.cursor, ['digits', 'int', 'int'] as const);
  const pageSize = pageSizeOf(query.pageSize);
  const rows = await selectCustomerItems(context.database.store.direct, {
    companyId: query.companyId,
    customerId: query.customerId,
    productId: query.productId,
    invoiceId: query.invoiceId,
    after: after === undefined ? undefined : { postingSeq: BigInt(after[0]), lineNumber: after[1], unit: after[2] },
    limit: pageSize + 1,
  });
  const items = rows.slice(0, pageSize);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > pageSize && last !== undefined ? encodeCursor([last.postingSeq.toString(), last.lineNumber, last.unit]) : '' };
}
