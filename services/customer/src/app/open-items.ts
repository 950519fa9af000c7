import { isIsoDate } from '@ledgerline/calendar';
import { findCustomer } from '../db/customers.js';
import { listOpenItems as selectOpenItems, type OpenItemRecord } from '../db/open-items.js';
import type { CustomerContext } from './context.js';

/** Page size when the caller asks for none (common/v1 PageRequest). */
export const OPEN_ITEMS_PAGE_SIZE_DEFAULT = 50;
/** Largest page served, whatever the caller asks (common/v1 PageRequest). */
export const OPEN_ITEMS_PAGE_SIZE_MAX = 500;

export interface OpenItemsPage {
  items: OpenItemRecord[];
  /** Empty when this page is the last. */
  nextCursor: string;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this service handed out');
    this.name = 'InvalidCursorError';
  }
}

/**
 * A customer's open items by due date, then document id; keyset paging, so a page costs the
 * same wherever it starts. Undefined when the customer does not exist.
 */
export async function listOpenItems(
  context: CustomerContext,
  query: { companyId: string; customerId: string; includeSettled: boolean; pageSize: number; cursor: string },
): Promise<OpenItemsPage | undefined> {
  const after = query.cursor === '' ? undefined : decodeCursor(query.cursor);
  const customer = await findCustomer(context.database.prisma, query.companyId, query.customerId);
  if (customer === undefined) return undefined;
  const pageSize = query.pageSize === 0 ? OPEN_ITEMS_PAGE_SIZE_DEFAULT : Math.min(query.pageSize, OPEN_ITEMS_PAGE_SIZE_MAX);
  const rows = await selectOpenItems(context.database.prisma, {
    companyId: query.companyId,
    customerId: query.customerId,
    includeSettled: query.includeSettled,
    after,
    limit: pageSize + 1,
  });
  const items = rows.slice(0, pageSize);
  const last = items[items.length - 1];
  const nextCursor = rows.length > pageSize && last !== undefined ? encodeCursor(last) : '';
  return { items, nextCursor };
}

function encodeCursor(item: { dueDate: string; documentId: string }): string {
  return Buffer.from(JSON.stringify([item.dueDate, item.documentId]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { dueDate: string; documentId: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && isIsoDate(value[0])) {
      return { dueDate: value[0], documentId: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidCursorError();
}
