import type { SqlExecutor } from '@ledgerline/db';
import type { Decimal } from 'decimal.js';
import type { DebitBalance } from '../domain/application.js';
import type { DocumentEffect, DocumentType } from '../domain/posted-document.js';
import type { CustomerDatabase } from './client.js';
import { dateText, dateValue, decimalOf } from './rows.js';

export interface OpenItemRecord {
  documentId: string;
  documentNumber: string;
  documentType: DocumentType;
  documentDate: string;
  currency: string;
  amount: Decimal;
  remaining: Decimal;
  dueDate: string;
  discountDate: string | undefined;
  discountAmount: Decimal | undefined;
  /** Undefined for items opened before the home discount was kept. */
  homeCurrency: string | undefined;
  homeDiscountAmount: Decimal | undefined;
}

/**
 * Inserts one open item per document in one statement. A document that already has one (a
 * replay under another event id) is left alone; the keys returned are the documents inserted now,
 * and only they may move balances and sales.
 */
export async function insertOpenItems(sql: SqlExecutor, effects: readonly DocumentEffect[]): Promise<Set<string>> {
  if (effects.length === 0) return new Set();
  const column = <T>(pick: (effect: DocumentEffect) => T) => effects.map(pick);
  const rows = await sql.query<{ company_id: string; document_id: string }>(
    `INSERT INTO open_item (company_id, document_id, customer_id, document_number, document_type, document_date,
                            currency, amount, remaining, due_date, discount_date, discount_amount, home_currency,
                            home_discount_amount, ledger_entry_id)
     SELECT o.company_id, o.document_id, o.customer_id, o.document_number, o.document_type::document_type,
            o.document_date::date, o.currency, o.amount::numeric, o.amount::numeric, o.due_date::date,
            NULLIF(o.discount_date, '')::date, NULLIF(o.discount_amount, '')::numeric, o.home_currency,
            NULLIF(o.home_discount_amount, '')::numeric, o.ledger_entry_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
            AS o(company_id, document_id, customer_id, document_number, document_type, document_date, currency,
                 amount, due_date, discount_date, discount_amount, home_currency, home_discount_amount, ledger_entry_id)
     ON CONFLICT (company_id, document_id) DO NOTHING
     RETURNING company_id, document_id`,
    [
      column((effect) => effect.companyId),
      column((effect) => effect.documentId),
      column((effect) => effect.customerId),
      column((effect) => effect.documentNumber),
      column((effect) => effect.documentType),
      column((effect) => effect.documentDate),
      column((effect) => effect.currency),
      column((effect) => effect.amount.toFixed()),
      column((effect) => effect.dueDate),
      column((effect) => effect.discountDate ?? ''),
      column((effect) => effect.discountAmount?.toFixed() ?? ''),
      column((effect) => effect.homeCurrency),
      column((effect) => effect.homeDiscountAmount?.toFixed() ?? ''),
      column((effect) => effect.ledgerEntryId),
    ],
  );
  return new Set(rows.map((row) => documentKey(row.company_id, row.document_id)));
}

export function documentKey(companyId: string, documentId: string): string {
  return `${companyId}\u0000${documentId}`;
}

/** Sets the remaining amount of many open items in one statement. */
export async function setRemaining(
  sql: SqlExecutor,
  changes: readonly { companyId: string; documentId: string; remaining: Decimal }[],
): Promise<void> {
  if (changes.length === 0) return;
  await sql.execute(
    `UPDATE open_item o SET remaining = c.remaining::numeric
       FROM unnest($1::text[], $2::text[], $3::text[]) AS c(company_id, document_id, remaining)
      WHERE o.company_id = c.company_id AND o.document_id = c.document_id`,
    [changes.map((change) => change.companyId), changes.map((change) => change.documentId), changes.map((change) => change.remaining.toFixed())],
  );
}

/** What one customer still owes per document (remaining > 0). */
export async function openDebits(sql: SqlExecutor, companyId: string, customerId: string): Promise<DebitBalance[]> {
  const rows = await sql.query<{ document_id: string; due_date: string; remaining: string }>(
    `SELECT document_id, due_date::text AS due_date, remaining::text AS remaining
       FROM open_item
      WHERE company_id = $1 AND customer_id = $2 AND remaining <> 0 AND remaining > 0`,
    [companyId, customerId],
  );
  return rows.map((row) => ({ documentId: row.document_id, dueDate: row.due_date, remaining: decimalOf(row.remaining) }));
}

/** One page of a customer's open items, by due date then document id, after the cursor position. */
export async function listOpenItems(
  prisma: CustomerDatabase['prisma'],
  query: {
    companyId: string;
    customerId: string;
    includeSettled: boolean;
    after: { dueDate: string; documentId: string } | undefined;
    limit: number;
  },
): Promise<OpenItemRecord[]> {
  const after = query.after;
  const rows = await prisma.openItem.findMany({
    where: {
      companyId: query.companyId,
      customerId: query.customerId,
      ...(query.includeSettled ? {} : { remaining: { not: 0 } }),
      ...(after === undefined
        ? {}
        : {
            OR: [
              { dueDate: { gt: dateValue(after.dueDate) } },
              { dueDate: dateValue(after.dueDate), documentId: { gt: after.documentId } },
            ],
          }),
    },
    orderBy: [{ dueDate: 'asc' }, { documentId: 'asc' }],
    take: query.limit,
  });
  return rows.map((row) => ({
    documentId: row.documentId,
    documentNumber: row.documentNumber,
    documentType: row.documentType,
    documentDate: dateText(row.documentDate),
    currency: row.currency,
    amount: decimalOf(row.amount),
    remaining: decimalOf(row.remaining),
    dueDate: dateText(row.dueDate),
    discountDate: row.discountDate === null ? undefined : dateText(row.discountDate),
    discountAmount: row.discountAmount === null ? undefined : decimalOf(row.discountAmount),
    homeCurrency: row.homeCurrency ?? undefined,
    homeDiscountAmount: row.homeDiscountAmount === null ? undefined : decimalOf(row.homeDiscountAmount),
  }));
}
