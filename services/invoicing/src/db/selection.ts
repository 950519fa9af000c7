import { groupBy } from '@ledgerline/collections';
import { Prisma, type Invoice, type InvoiceLine, type TaxLine } from './generated/client.js';
import { prismaSql, type PrismaRawSql, type SqlExecutor } from '@ledgerline/db';
import type { InvoiceRecord } from '../app/invoicing.js';
import { parseDraftNumber } from '@ledgerline/contracts';

/** What a posting run selects: In Progress documents matching every set criterion. */
export interface PostingSelectionQuery {
  companyId: string;
  types: readonly string[];
  customerFrom: string;
  customerTo: string;
  /** Draft number range ("D-000123"), ends included; empty = open. */
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

const INVOICE_COLUMNS = `company_id, invoice_id, type::text AS type, status::text AS status, customer_id, draft_number::text AS draft_number,
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
  draft_number: string;
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
        AND ($5::bigint IS NULL OR draft_number >= $5::bigint) AND ($6::bigint IS NULL OR draft_number <= $6::bigint)
        AND ($7::date IS NULL OR invoice_date >= $7::date) AND ($8::date IS NULL OR invoice_date <= $8::date)
        AND ($9::date IS NULL OR due_date >= $9::date) AND ($10::date IS NULL OR due_date <= $10::date)
        AND (cardinality($11::text[]) = 0 OR invoice_id = ANY($11::text[]))
        AND ($12::text IS NULL OR (customer_id, invoice_id) > ($12::text, $13::text))`;

/** A range end as a statement parameter: null when open. The caller has checked it is a draft number. */
function draftNumberBound(text: string): string | null {
  if (text === '') return null;
  const value = parseDraftNumber(text);
  if (value === undefined) throw new Error(`"${text}" is not a draft number`);
  return value.toString();
}

function selectionParameters(query: Omit<PostingSelectionQuery, 'limit'>): unknown[] {
  return [
    query.companyId,
    [...query.types],
    query.customerFrom,
    query.customerTo,
    draftNumberBound(query.numberFrom),
    draftNumberBound(query.numberTo),
    // Dates travel as date parameters (null: no bound): a text parameter cast to date in the
    // statement is cast again on every row, since that cast depends on the session's DateStyle.
    query.invoiceDateFrom || null,
    query.invoiceDateTo || null,
    query.dueDateFrom || null,
    query.dueDateTo || null,
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

/** Which documents a summary may sum instead of naming (invoicing_service.proto). */
export interface SummaryCriteria {
  currency: string;
  currencyDecimals: number;
  knownTaxCodes: readonly string[];
}

/** A summarized document as a posting report lists it; amounts in the currency's decimals. */
export interface DocumentSummaryRecord {
  invoiceId: string;
  customerId: string;
  draftNumber: bigint;
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

export type SummarizedSelection =
  | { moreThanMax: false; summaries: DocumentSummaryRecord[]; amounts: SummarizedAmountRecord[]; otherInvoiceIds: string[] }
  | { moreThanMax: true };

/**
 * One row per summarized document, and one more (with a null invoice id) holding every summed
 * amount and the ids of the documents that are only named, as JSON: one statement answers all
 * from one snapshot, and the 100,000 document rows carry nothing but what a summary lists (each
 * column of each row costs parsing time).
 */
interface SummaryRow {
  invoice_id: string | null;
  customer_id: string;
  draft_number: string;
  type: Invoice['type'];
  invoice_date: string;
  due_date: string;
  net_amount: string;
  tax_amount: string;
  total_amount: string;
  updated_at: Date;
  named: { amounts: { kind: SummarizedAmountKind; credit_memo: boolean; key: string; negative: boolean; amount: string; count: number }[]; other_ids: string[] } | null;
}

/**
 * A posting run's whole selection for its report, in one statement: a document whose voucher is
 * a plain sum of its lines is summarized and its amounts summed with the others' per revenue
 * account, tax code and kind; the others are only named. A document with a line on an income
 * schedule is one of the others: its voucher credits that line to the deferred revenue account
 * rather than to the line's revenue account, and the ledger adds an entry per period. The lines
 * of all selected documents are summed in one pass (joined set-wise, so the planner can read
 * them in one scan instead of one index probe per document), and the few documents that cannot
 * be summarized are found in the same pass and their lines taken out of the sums again. The sums
 * join the lines to a read of the selection of their own rather than to the materialized
 * `selected`, so the planner hashes the 100,000 documents instead of the 500,000 lines (0.3-0.4 s
 * less). Both reads stop after `documentsMax + 1` documents, so they hold the same documents
 * whenever the selection is within the maximum; a larger one is refused whatever its sums.
 */
export async function summarizeForPosting(
  db: SqlExecutor,
  query: Omit<PostingSelectionQuery, 'after' | 'limit'>,
  criteria: SummaryCriteria,
  documentsMax: number,
): Promise<SummarizedSelection> {
  const rows = await db.query<SummaryRow>(
    `WITH selected AS MATERIALIZED (
       SELECT invoice_id, customer_id, draft_number, type, invoice_date, due_date, currency, net_amount, tax_amount, total_amount, updated_at,
              NOT (currency = $15 AND net_amount = round(net_amount, $16) AND tax_amount = round(tax_amount, $16)
                   AND total_amount = round(total_amount, $16) AND net_amount + tax_amount = total_amount) AS irregular
         FROM invoice WHERE ${SELECTION_WHERE} LIMIT $14),
     line_sums AS MATERIALIZED (
       SELECT s.type = 'CREDIT_MEMO' AS credit_memo, l.account AS key, l.net_amount < 0 AS negative, sum(l.net_amount) AS amount,
              count(*) AS count,
              array_agg(l.invoice_id) FILTER (WHERE l.distribution <> '[]'::jsonb OR l.serialized OR l.creates_customer_item
                                                 OR l.account = '' OR l.net_amount = 0 OR l.net_amount <> round(l.net_amount, $16)
                                                 OR l.income_schedule_periods IS NOT NULL) AS irregular_ids
         FROM invoice_line AS l JOIN (SELECT invoice_id, type FROM invoice WHERE ${SELECTION_WHERE} LIMIT $14) AS s ON l.company_id = $1 AND l.invoice_id = s.invoice_id
        GROUP BY 1, 2, 3),
     tax_sums AS MATERIALIZED (
       SELECT s.type = 'CREDIT_MEMO' AS credit_memo, t.tax_code AS key, t.tax_amount < 0 AS negative, sum(t.tax_amount) AS amount,
              count(*) FILTER (WHERE t.tax_amount <> 0) AS count,
              array_agg(t.invoice_id) FILTER (WHERE NOT (t.tax_code = ANY($17::text[])) OR t.tax_amount <> round(t.tax_amount, $16)) AS irregular_ids
         FROM tax_line AS t JOIN (SELECT invoice_id, type FROM invoice WHERE ${SELECTION_WHERE} LIMIT $14) AS s ON t.company_id = $1 AND t.invoice_id = s.invoice_id
        GROUP BY 1, 2, 3),
     irregular AS MATERIALIZED (
       SELECT unnest(irregular_ids) AS invoice_id FROM line_sums
       UNION SELECT unnest(irregular_ids) FROM tax_sums
       UNION SELECT invoice_id FROM selected WHERE irregular),
     irregular_documents AS MATERIALIZED (
       SELECT s.invoice_id, s.type = 'CREDIT_MEMO' AS credit_memo FROM selected AS s JOIN irregular AS i ON i.invoice_id = s.invoice_id),
     amounts AS (
       SELECT 'LINE_NET' AS kind, credit_memo, key, negative, sum(amount) AS amount, sum(count) AS count
         FROM (SELECT credit_memo, key, negative, amount, count FROM line_sums
               UNION ALL
               SELECT d.credit_memo, l.account, l.net_amount < 0, -l.net_amount, -1
                 FROM irregular_documents AS d JOIN invoice_line AS l ON l.company_id = $1 AND l.invoice_id = d.invoice_id) AS summed
        GROUP BY 2, 3, 4 HAVING sum(count) > 0
       UNION ALL
       SELECT 'TAX', credit_memo, key, negative, sum(amount), sum(count)
         FROM (SELECT credit_memo, key, negative, amount, count FROM tax_sums
               UNION ALL
               SELECT d.credit_memo, t.tax_code, t.tax_amount < 0, -t.tax_amount, CASE WHEN t.tax_amount <> 0 THEN -1 ELSE 0 END
                 FROM irregular_documents AS d JOIN tax_line AS t ON t.company_id = $1 AND t.invoice_id = d.invoice_id) AS summed
        GROUP BY 2, 3, 4 HAVING sum(count) > 0
       UNION ALL
       SELECT 'TOTAL', type = 'CREDIT_MEMO', '', total_amount < 0, sum(total_amount), count(*)
         FROM selected WHERE invoice_id NOT IN (SELECT invoice_id FROM irregular)
        GROUP BY 2, 4)
     SELECT invoice_id, customer_id, draft_number::text AS draft_number, type::text AS type, invoice_date::text AS invoice_date,
            coalesce(due_date::text, '') AS due_date, round(net_amount, $16)::text AS net_amount,
            round(tax_amount, $16)::text AS tax_amount, round(total_amount, $16)::text AS total_amount, updated_at, NULL::jsonb AS named
       FROM selected WHERE invoice_id NOT IN (SELECT invoice_id FROM irregular)
     UNION ALL
     SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            jsonb_build_object(
              'amounts', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', kind, 'credit_memo', credit_memo, 'key', key, 'negative', negative,
                                                                       'amount', round(amount, $16)::text, 'count', count)), '[]'::jsonb)
                            FROM amounts),
              'other_ids', (SELECT coalesce(jsonb_agg(invoice_id), '[]'::jsonb) FROM irregular_documents))`,
    [...selectionParameters({ ...query, after: undefined }), documentsMax + 1, criteria.currency, criteria.currencyDecimals, [...criteria.knownTaxCodes]],
  );
  const summarized = rows.filter((row): row is SummaryRow & { invoice_id: string } => row.invoice_id !== null);
  const named = rows.find((row) => row.invoice_id === null)?.named;
  if (named === undefined || named === null) throw new Error('the selection summary lacks its row of summed amounts');
  if (summarized.length + named.other_ids.length > documentsMax) return { moreThanMax: true };
  return {
    moreThanMax: false,
    summaries: summarized.map((row) => ({
      invoiceId: row.invoice_id,
      customerId: row.customer_id,
      draftNumber: BigInt(row.draft_number),
      type: row.type,
      invoiceDate: row.invoice_date,
      dueDate: row.due_date,
      currency: criteria.currency,
      netAmount: row.net_amount,
      taxAmount: row.tax_amount,
      totalAmount: row.total_amount,
      updatedAt: new Date(row.updated_at),
    })),
    amounts: named.amounts.map((summed) => ({ kind: summed.kind, creditMemo: summed.credit_memo, key: summed.key, negative: summed.negative, amount: summed.amount, count: summed.count })),
    otherInvoiceIds: named.other_ids,
  };
}

/**
 * How each field of a line and a tax line is read, numerics as text so that no amount passes
 * through a float: the separate reads of withLines and the JSON arrays of readInvoices are built
 * from these, so both give the same rows.
 */
const LINE_FIELDS: Readonly<Record<keyof LineRow, string>> = {
  company_id: 'l.company_id',
  invoice_id: 'l.invoice_id',
  line_number: 'l.line_number',
  description: 'l.description',
  quantity: 'l.quantity::text',
  unit_price: 'l.unit_price::text',
  line_discount: 'l.line_discount::text',
  product_id: 'l.product_id',
  account: 'l.account',
  tax_code: 'l.tax_code',
  distribution: 'l.distribution',
  serial_numbers: 'l.serial_numbers',
  net_amount: 'l.net_amount::text',
  tax_amount: 'l.tax_amount::text',
  serialized: 'l.serialized',
  creates_customer_item: 'l.creates_customer_item',
  income_schedule_start_date: "to_char(l.income_schedule_start_date, 'YYYY-MM-DD')",
  income_schedule_periods: 'l.income_schedule_periods',
};
const TAX_LINE_FIELDS: Readonly<Record<keyof TaxLineRow, string>> = {
  company_id: 't.company_id',
  invoice_id: 't.invoice_id',
  tax_code: 't.tax_code',
  rate_percent: 't.rate_percent::text',
  base_amount: 't.base_amount::text',
  tax_amount: 't.tax_amount::text',
};

function selectList(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([name, expression]) => `${expression} AS ${name}`)
    .join(', ');
}

function jsonObject(fields: Readonly<Record<string, string>>): string {
  return `json_build_object(${Object.entries(fields)
    .map(([name, expression]) => `'${name}', ${expression}`)
    .join(', ')})`;
}

/** The lines and tax lines of each invoice row, as JSON arrays in the row itself. */
const LINES_AS_JSON = `(SELECT coalesce(json_agg(${jsonObject(LINE_FIELDS)} ORDER BY l.line_number), '[]')
    FROM invoice_line l WHERE l.company_id = invoice.company_id AND l.invoice_id = invoice.invoice_id) AS lines_json,
  (SELECT coalesce(json_agg(${jsonObject(TAX_LINE_FIELDS)} ORDER BY t.tax_code), '[]')
    FROM tax_line t WHERE t.company_id = invoice.company_id AND t.invoice_id = invoice.invoice_id) AS tax_lines_json`;

/**
 * The named documents with their lines and tax lines, in id order, in one statement: every
 * document created, queued or read by id is read this way, and three statements cost Postgres
 * and Prisma each their fixed share. Raw, because Prisma's nested read of a 10,000-line
 * document costs seconds.
 */
export async function readInvoices(db: PrismaRawSql, companyId: string, invoiceIds: readonly string[]): Promise<InvoiceRecord[]> {
  const rows = await prismaSql(db).query<InvoiceRow & { lines_json: LineRow[]; tax_lines_json: TaxLineRow[] }>(
    `SELECT ${INVOICE_COLUMNS}, ${LINES_AS_JSON} FROM invoice WHERE company_id = $1 AND invoice_id = ANY($2::text[]) ORDER BY invoice_id`,
    [companyId, [...invoiceIds]],
  );
  return rows.map((row) => ({ ...toInvoice(row), lines: row.lines_json.map(toLine), taxLines: row.tax_lines_json.map(toTaxLine) }));
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
      `SELECT ${selectList(LINE_FIELDS)} FROM invoice_line l
        WHERE l.company_id = $1 AND l.invoice_id = ANY($2::text[]) ORDER BY l.invoice_id, l.line_number`,
      [companyId, ids],
    ),
    db.query<TaxLineRow>(
      `SELECT ${selectList(TAX_LINE_FIELDS)} FROM tax_line t
        WHERE t.company_id = $1 AND t.invoice_id = ANY($2::text[]) ORDER BY t.invoice_id, t.tax_code`,
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
  /** "YYYY-MM-DD"; both null when the line has no income schedule. */
  income_schedule_start_date: string | null;
  income_schedule_periods: number | null;
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
    draftNumber: BigInt(row.draft_number),
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
    incomeScheduleStartDate: row.income_schedule_start_date === null ? null : day(row.income_schedule_start_date),
    incomeSchedulePeriods: row.income_schedule_periods,
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

