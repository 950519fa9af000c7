import { Prisma, type Invoice, type InvoiceLine, type TaxLine } from './generated/client.js';
import { prismaSql, type PrismaRawSql, type SqlExecutor, type TransactionalStore } from '@ledgerline/db';
import type { InvoiceRecord } from '../app/invoicing.js';

/** What a posting run selects: In Progress documents matching every set criterion. */
export interface PostingSelectionQuery {
  companyId: string;
  types: readonly string[];
  customerFrom: string;
  customerTo: string;
  /** The draft number of a document is its id until it is posted. */
  numberFrom: string;
  numberTo: string;
  invoiceDateFrom: string;
  invoiceDateTo: string;
  dueDateFrom: string;
  dueDateTo: string;
  invoiceIds: readonly string[];
  /** Keyset position: documents after (customer id, invoice id). */
  after: { customerId: string; invoiceId: string } | undefined;
  limit: number;
}

const INVOICE_COLUMNS = `company_id, invoice_id, type::text AS type, status::text AS status, customer_id,
  to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date, currency, net_amount::text AS net_amount, tax_amount::text AS tax_amount,
  total_amount::text AS total_amount, created_at, updated_at, to_char(due_date, 'YYYY-MM-DD') AS due_date, credit_terms_id, reference,
  content_hash, number, transaction_number::text AS transaction_number, ledger_entry_id, errors, posting_run_id, posting_request_id,
  posting_request_hash, payment_id`;

interface InvoiceRow {
  company_id: string;
  invoice_id: string;
  type: Invoice['type'];
  status: Invoice['status'];
  customer_id: string;
  invoice_date: string;
  currency: string;
  net_amount: string;
  tax_amount: string;
  total_amount: string;
  created_at: Date;
  updated_at: Date;
  due_date: string | null;
  credit_terms_id: string;
  reference: string;
  content_hash: string;
  number: string;
  transaction_number: string | null;
  ledger_entry_id: string;
  errors: Prisma.JsonValue;
  posting_run_id: string;
  posting_request_id: string;
  posting_request_hash: string;
  payment_id: string;
}

/** The In Progress documents of a selection after the keyset position; the statement's $1..$13. */
const SELECTION_WHERE = `company_id = $1 AND status = 'IN_PROGRESS'
        AND (cardinality($2::text[]) = 0 OR type::text = ANY($2::text[]))
        AND ($3 = '' OR customer_id >= $3) AND ($4 = '' OR customer_id <= $4)
        AND ($5 = '' OR invoice_id >= $5) AND ($6 = '' OR invoice_id <= $6)
        AND ($7 = '' OR invoice_date >= $7::date) AND ($8 = '' OR invoice_date <= $8::date)
        AND ($9 = '' OR due_date >= $9::date) AND ($10 = '' OR due_date <= $10::date)
        AND (cardinality($11::text[]) = 0 OR invoice_id = ANY($11::text[]))
        AND ($12::text IS NULL OR (customer_id, invoice_id) > ($12::text, $13::text))`;

function selectionParameters(query: PostingSelectionQuery): unknown[] {
  return [
    query.companyId,
    [...query.types],
    query.customerFrom,
    query.customerTo,
    query.numberFrom,
    query.numberTo,
    query.invoiceDateFrom,
    query.invoiceDateTo,
    query.dueDateFrom,
    query.dueDateTo,
    [...query.invoiceIds],
    query.after?.customerId ?? null,
    query.after?.invoiceId ?? '',
  ];
}

/**
 * One page of a posting run's selection, in (customer, id) order, with lines and tax lines:
 * three statements per page however many documents it holds.
 */
export async function selectForPosting(db: SqlExecutor, query: PostingSelectionQuery): Promise<InvoiceRecord[]> {
  const rows = await db.query<InvoiceRow>(
    `SELECT ${INVOICE_COLUMNS} FROM invoice WHERE ${SELECTION_WHERE} ORDER BY customer_id, invoice_id LIMIT $14`,
    [...selectionParameters(query), query.limit],
  );
  return withLines(db, query.companyId, rows);
}

/** Which documents a summarized page may sum instead of sending (invoicing_service.proto). */
export interface SummaryCriteria {
  currency: string;
  currencyDecimals: number;
  knownTaxCodes: readonly string[];
}

/** A summarized document as a posting report lists it; amounts in the currency's decimals. */
export interface DocumentSummaryRecord {
  invoiceId: string;
  customerId: string;
  type: Invoice['type'];
  invoiceDate: string;
  /** Empty when the document has none. */
  dueDate: string;
  currency: string;
  netAmount: string;
  taxAmount: string;
  totalAmount: string;
  updatedAt: Date;
}

export type SummarizedAmountKind = 'LINE_NET' | 'TAX' | 'TOTAL';

/** Amounts of summarized documents that post the same way, summed. */
export interface SummarizedAmountRecord {
  kind: SummarizedAmountKind;
  creditMemo: boolean;
  /** Revenue account (LINE_NET), tax code (TAX), empty (TOTAL). */
  key: string;
  negative: boolean;
  amount: string;
  count: number;
}

export interface SummarizedPage {
  summaries: DocumentSummaryRecord[];
  amounts: SummarizedAmountRecord[];
  /** The page's documents that are not summarized, with lines and tax lines. */
  invoices: InvoiceRecord[];
  /** The page's last document in selection order when documents follow it, where the next page starts. */
  last: { customerId: string; invoiceId: string } | undefined;
}

interface SummaryRow {
  invoice_id: string;
  customer_id: string;
  type: Invoice['type'];
  invoice_date: string;
  due_date: string;
  currency: string;
  net_amount: string;
  tax_amount: string;
  total_amount: string;
  updated_at: Date;
  summarized: boolean;
}

/**
 * One page of a selection for a posting report, from one snapshot: a document whose voucher is
 * a plain sum of its lines is summarized (its amounts summed with the others' per revenue
 * account, tax code and kind), the others are read in full. Four statements per page.
 */
export async function summarizeForPosting<Tx>(
  store: TransactionalStore<Tx>,
  query: PostingSelectionQuery,
  criteria: SummaryCriteria,
): Promise<SummarizedPage> {
  return store.transaction(async (client) => {
    const db = store.sql(client);
    await db.execute('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY', []);
    const rows = await db.query<SummaryRow>(
      `SELECT i.invoice_id, i.customer_id, i.type::text AS type, to_char(i.invoice_date, 'YYYY-MM-DD') AS invoice_date,
              coalesce(to_char(i.due_date, 'YYYY-MM-DD'), '') AS due_date, i.currency,
              round(i.net_amount, $16)::text AS net_amount, round(i.tax_amount, $16)::text AS tax_amount,
              round(i.total_amount, $16)::text AS total_amount, i.updated_at,
              (i.currency = $15
               AND i.net_amount = round(i.net_amount, $16) AND i.tax_amount = round(i.tax_amount, $16)
               AND i.total_amount = round(i.total_amount, $16) AND i.net_amount + i.tax_amount = i.total_amount
               AND l.line_count > 0 AND l.irregular = 0 AND l.net_sum = i.net_amount
               AND t.irregular = 0 AND t.tax_sum = i.tax_amount) AS summarized
         FROM (SELECT * FROM invoice WHERE ${SELECTION_WHERE} ORDER BY customer_id, invoice_id LIMIT $14) AS i
         CROSS JOIN LATERAL (
           SELECT count(*) AS line_count, coalesce(sum(net_amount), 0) AS net_sum,
                  count(*) FILTER (WHERE distribution <> '[]'::jsonb OR serialized OR creates_customer_item OR account = ''
                                      OR net_amount = 0 OR net_amount <> round(net_amount, $16)) AS irregular
             FROM invoice_line WHERE company_id = i.company_id AND invoice_id = i.invoice_id) AS l
         CROSS JOIN LATERAL (
           SELECT coalesce(sum(tax_amount), 0) AS tax_sum,
                  count(*) FILTER (WHERE NOT (tax_code = ANY($17::text[])) OR tax_amount <> round(tax_amount, $16)) AS irregular
             FROM tax_line WHERE company_id = i.company_id AND invoice_id = i.invoice_id) AS t
        ORDER BY i.customer_id, i.invoice_id`,
      [...selectionParameters(query), query.limit + 1, criteria.currency, criteria.currencyDecimals, [...criteria.knownTaxCodes]],
    );
    const page = rows.slice(0, query.limit);
    const summarized = page.filter((row) => row.summarized);
    const summarizedIds = summarized.map((row) => row.invoice_id);
    const [amounts, fullRows] = await Promise.all([
      summarizedIds.length === 0 ? [] : summedAmounts(db, query.companyId, summarizedIds, criteria.currencyDecimals),
      db.query<InvoiceRow>(
        `SELECT ${INVOICE_COLUMNS} FROM invoice WHERE company_id = $1 AND invoice_id = ANY($2::text[]) ORDER BY customer_id, invoice_id`,
        [query.companyId, page.filter((row) => !row.summarized).map((row) => row.invoice_id)],
      ),
    ]);
    return {
      summaries: summarized.map((row) => ({
        invoiceId: row.invoice_id,
        customerId: row.customer_id,
        type: row.type,
        invoiceDate: row.invoice_date,
        dueDate: row.due_date,
        currency: row.currency,
        netAmount: row.net_amount,
        taxAmount: row.tax_amount,
        totalAmount: row.total_amount,
        updatedAt: new Date(row.updated_at),
      })),
      amounts,
      invoices: await withLines(db, query.companyId, fullRows),
      last: rows.length > query.limit ? lastOf(page) : undefined,
    };
  });
}

function lastOf(page: readonly SummaryRow[]): { customerId: string; invoiceId: string } | undefined {
  const row = page.at(-1);
  return row === undefined ? undefined : { customerId: row.customer_id, invoiceId: row.invoice_id };
}

/** The summarized documents' line nets per account, non-zero taxes per code and totals, each by kind and sign. */
async function summedAmounts(db: SqlExecutor, companyId: string, invoiceIds: readonly string[], decimals: number): Promise<SummarizedAmountRecord[]> {
  const rows = await db.query<{ kind: SummarizedAmountKind; credit_memo: boolean; key: string; negative: boolean; amount: string; count: number }>(
    `SELECT 'LINE_NET' AS kind, i.type = 'CREDIT_MEMO' AS credit_memo, l.account AS key, l.net_amount < 0 AS negative,
            round(sum(l.net_amount), $3)::text AS amount, count(*)::int AS count
       FROM invoice AS i JOIN invoice_line AS l ON l.company_id = i.company_id AND l.invoice_id = i.invoice_id
      WHERE i.company_id = $1 AND i.invoice_id = ANY($2::text[])
      GROUP BY 2, 3, 4
     UNION ALL
     SELECT 'TAX', i.type = 'CREDIT_MEMO', t.tax_code, t.tax_amount < 0, round(sum(t.tax_amount), $3)::text, count(*)::int
       FROM invoice AS i JOIN tax_line AS t ON t.company_id = i.company_id AND t.invoice_id = i.invoice_id
      WHERE i.company_id = $1 AND i.invoice_id = ANY($2::text[]) AND t.tax_amount <> 0
      GROUP BY 2, 3, 4
     UNION ALL
     SELECT 'TOTAL', type = 'CREDIT_MEMO', '', total_amount < 0, round(sum(total_amount), $3)::text, count(*)::int
       FROM invoice WHERE company_id = $1 AND invoice_id = ANY($2::text[])
      GROUP BY 2, 4`,
    [companyId, [...invoiceIds], decimals],
  );
  return rows.map((row) => ({ kind: row.kind, creditMemo: row.credit_memo, key: row.key, negative: row.negative, amount: row.amount, count: row.count }));
}

/**
 * The named documents with their lines and tax lines, in id order: three statements whatever
 * their size. Raw reads, because Prisma's nested read of a 10,000-line document costs seconds.
 */
export async function readInvoices(db: PrismaRawSql, companyId: string, invoiceIds: readonly string[]): Promise<InvoiceRecord[]> {
  const sql = prismaSql(db);
  const rows = await sql.query<InvoiceRow>(
    `SELECT ${INVOICE_COLUMNS} FROM invoice WHERE company_id = $1 AND invoice_id = ANY($2::text[]) ORDER BY invoice_id`,
    [companyId, [...invoiceIds]],
  );
  return withLines(sql, companyId, rows);
}

/** The named documents whatever their status, locked for the rest of the transaction, in id order. */
export async function lockInvoices(tx: SqlExecutor, companyId: string, invoiceIds: readonly string[]): Promise<InvoiceRecord[]> {
  const rows = await tx.query<InvoiceRow>(
    `SELECT ${INVOICE_COLUMNS} FROM invoice WHERE company_id = $1 AND invoice_id = ANY($2::text[]) ORDER BY invoice_id FOR UPDATE`,
    [companyId, [...invoiceIds]],
  );
  return withLines(tx, companyId, rows);
}

async function withLines(db: SqlExecutor, companyId: string, rows: readonly InvoiceRow[]): Promise<InvoiceRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.invoice_id);
  const [lines, taxLines] = await Promise.all([
    db.query<LineRow>(
      `SELECT company_id, invoice_id, line_number, description, quantity::text AS quantity, unit_price::text AS unit_price,
              line_discount::text AS line_discount, product_id, account, tax_code, distribution, serial_numbers,
              net_amount::text AS net_amount, tax_amount::text AS tax_amount, serialized, creates_customer_item
         FROM invoice_line WHERE company_id = $1 AND invoice_id = ANY($2::text[]) ORDER BY invoice_id, line_number`,
      [companyId, ids],
    ),
    db.query<TaxLineRow>(
      `SELECT company_id, invoice_id, tax_code, rate_percent::text AS rate_percent, base_amount::text AS base_amount, tax_amount::text AS tax_amount
         FROM tax_line WHERE company_id = $1 AND invoice_id = ANY($2::text[]) ORDER BY invoice_id, tax_code`,
      [companyId, ids],
    ),
  ]);
  const linesOf = groupBy(lines.map(toLine), (line) => line.invoiceId);
  const taxLinesOf = groupBy(taxLines.map(toTaxLine), (taxLine) => taxLine.invoiceId);
  return rows.map((row) => ({ ...toInvoice(row), lines: linesOf.get(row.invoice_id) ?? [], taxLines: taxLinesOf.get(row.invoice_id) ?? [] }));
}

interface LineRow {
  company_id: string;
  invoice_id: string;
  line_number: number;
  description: string;
  quantity: string;
  unit_price: string;
  line_discount: string;
  product_id: string;
  account: string;
  tax_code: string;
  distribution: Prisma.JsonValue;
  /** NULL in rows written without serial numbers. */
  serial_numbers: string[] | null;
  net_amount: string;
  tax_amount: string;
  serialized: boolean;
  creates_customer_item: boolean;
}

interface TaxLineRow {
  company_id: string;
  invoice_id: string;
  tax_code: string;
  rate_percent: string;
  base_amount: string;
  tax_amount: string;
}

const decimal = (text: string) => new Prisma.Decimal(text);
const day = (text: string) => new Date(`${text}T00:00:00Z`);

function toInvoice(row: InvoiceRow): Invoice {
  return {
    companyId: row.company_id,
    invoiceId: row.invoice_id,
    type: row.type,
    status: row.status,
    customerId: row.customer_id,
    invoiceDate: day(row.invoice_date),
    currency: row.currency,
    netAmount: decimal(row.net_amount),
    taxAmount: decimal(row.tax_amount),
    totalAmount: decimal(row.total_amount),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    dueDate: row.due_date === null ? null : day(row.due_date),
    creditTermsId: row.credit_terms_id,
    reference: row.reference,
    contentHash: row.content_hash,
    number: row.number,
    transactionNumber: row.transaction_number === null ? null : BigInt(row.transaction_number),
    ledgerEntryId: row.ledger_entry_id,
    errors: row.errors,
    postingRunId: row.posting_run_id,
    postingRequestId: row.posting_request_id,
    postingRequestHash: row.posting_request_hash,
    paymentId: row.payment_id,
  };
}

function toLine(row: LineRow): InvoiceLine {
  return {
    companyId: row.company_id,
    invoiceId: row.invoice_id,
    lineNumber: row.line_number,
    description: row.description,
    quantity: decimal(row.quantity),
    unitPrice: decimal(row.unit_price),
    lineDiscount: decimal(row.line_discount),
    productId: row.product_id,
    account: row.account,
    taxCode: row.tax_code,
    distribution: row.distribution,
    serialNumbers: row.serial_numbers ?? [],
    netAmount: decimal(row.net_amount),
    taxAmount: decimal(row.tax_amount),
    serialized: row.serialized,
    createsCustomerItem: row.creates_customer_item,
  };
}

function toTaxLine(row: TaxLineRow): TaxLine {
  return {
    companyId: row.company_id,
    invoiceId: row.invoice_id,
    taxCode: row.tax_code,
    ratePercent: decimal(row.rate_percent),
    baseAmount: decimal(row.base_amount),
    taxAmount: decimal(row.tax_amount),
  };
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return groups;
}
