import type { SqlExecutor } from '@ledgerline/db';
import type { NewCustomerItem } from '../domain/customer-items.js';
import type { DocumentKey } from './locks.js';

/** A document this service has now applied InvoicePosted for, with its place in the newest-first order. */
export interface NewlyPosted extends DocumentKey {
  postingSeq: bigint;
}

/**
 * Records documents as posted and answers those that were not yet: a document posted again
 * (InvoicePosted republished under another event id) is not in the answer, so nothing is
 * created for it twice.
 */
export async function markPosted(sql: SqlExecutor, documents: readonly DocumentKey[]): Promise<NewlyPosted[]> {
  if (documents.length === 0) return [];
  const rows = await sql.query<{ company_id: string; invoice_id: string; posting_seq: string }>(
    `INSERT INTO posted_document (company_id, invoice_id)
     SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (company_id, invoice_id) DO NOTHING
     RETURNING company_id, invoice_id, posting_seq::text AS posting_seq`,
    [documents.map((document) => document.companyId), documents.map((document) => document.invoiceId)],
  );
  return rows.map((row) => ({ companyId: row.company_id, invoiceId: row.invoice_id, postingSeq: BigInt(row.posting_seq) }));
}

export async function isPosted(sql: SqlExecutor, document: DocumentKey): Promise<boolean> {
  const rows = await sql.query<{ posted: number }>(`SELECT 1 AS posted FROM posted_document WHERE company_id = $1 AND invoice_id = $2`, [
    document.companyId,
    document.invoiceId,
  ]);
  return rows.length > 0;
}

/** A customer item with what this service assigns: its id and its document's place in the order. */
export interface StoredCustomerItem extends NewCustomerItem {
  customerItemId: string;
  postingSeq: bigint;
}

/** Inserts customer items in one statement; a unit that already has its item keeps it. */
export async function insertCustomerItems(sql: SqlExecutor, items: readonly StoredCustomerItem[]): Promise<void> {
  if (items.length === 0) return;
  await sql.execute(
    `INSERT INTO customer_item (company_id, invoice_id, line_number, unit, customer_item_id, posting_seq, customer_id, product_id, serial_number,
                                description, invoice_number, invoice_date)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[],
                          $10::text[], $11::text[], $12::date[])
     ON CONFLICT (company_id, invoice_id, line_number, unit) DO NOTHING`,
    [
      items.map((item) => item.companyId),
      items.map((item) => item.invoiceId),
      items.map((item) => item.lineNumber),
      items.map((item) => item.unit),
      items.map((item) => item.customerItemId),
      items.map((item) => item.postingSeq.toString()),
      items.map((item) => item.customerId),
      items.map((item) => item.productId),
      items.map((item) => item.serialNumber),
      items.map((item) => item.description),
      items.map((item) => item.invoiceNumber),
      items.map((item) => item.invoiceDate),
    ],
  );
}

/** A stored customer item as ListCustomerItems answers it. */
export interface CustomerItemRecord extends StoredCustomerItem {
  createdAt: Date;
}

interface CustomerItemRow {
  company_id: string;
  invoice_id: string;
  line_number: number;
  unit: number;
  customer_item_id: string;
  posting_seq_digits: string;
  customer_id: string;
  product_id: string;
  serial_number: string;
  description: string;
  invoice_number: string;
  invoice_date: string;
  created_at: Date;
}

export interface CustomerItemQuery {
  companyId: string;
  /** Empty: any. */
  customerId: string;
  /** Empty: any. */
  productId: string;
  /** Empty: any. */
  invoiceId: string;
  /** Keyset position of the previous page's last item. */
  after: { postingSeq: bigint; lineNumber: number; unit: number } | undefined;
  limit: number;
}

/**
 * Customer items newest document first, each document's by line and unit, after the cursor's
 * position. The plain `posting_seq <=` bound lets the index start at the cursor's document
 * instead of filtering every newer row. The number is read out as text under a name of its own:
 * ORDER BY prefers an output column to a table column of the same name, so an output column
 * called posting_seq would sort by the text, putting document 9 before document 10, while the
 * cursor bound compares numbers, and paging would skip whole documents.
 */
export async function selectCustomerItems(sql: SqlExecutor, query: CustomerItemQuery): Promise<CustomerItemRecord[]> {
  const rows = await sql.query<CustomerItemRow>(
    `SELECT company_id, invoice_id, line_number, unit, customer_item_id, posting_seq::text AS posting_seq_digits, customer_id, product_id,
            serial_number, description, invoice_number, to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date, created_at
       FROM customer_item
      WHERE company_id = $1
        AND ($2 = '' OR customer_id = $2)
        AND ($3 = '' OR product_id = $3)
        AND ($4 = '' OR invoice_id = $4)
        AND ($5::bigint IS NULL OR (posting_seq <= $5::bigint AND (posting_seq < $5::bigint OR (line_number, unit) > ($6::int, $7::int))))
      ORDER BY posting_seq DESC, line_number, unit
      LIMIT $8`,
    [
      query.companyId,
      query.customerId,
      query.productId,
      query.invoiceId,
      query.after?.postingSeq.toString() ?? null,
      query.after?.lineNumber ?? null,
      query.after?.unit ?? null,
      query.limit,
    ],
  );
  return rows.map((row) => ({
    companyId: row.company_id,
    invoiceId: row.invoice_id,
    lineNumber: row.line_number,
    unit: row.unit,
    customerItemId: row.customer_item_id,
    postingSeq: BigInt(row.posting_seq_digits),
    customerId: row.customer_id,
    productId: row.product_id,
    serialNumber: row.serial_number,
    description: row.description,
    invoiceNumber: row.invoice_number,
    invoiceDate: row.invoice_date,
    createdAt: new Date(row.created_at),
  }));
}
