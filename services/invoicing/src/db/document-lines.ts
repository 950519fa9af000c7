import type { SqlExecutor } from '@ledgerline/db';

/** A document line as stored, amounts as decimal text. */
export interface LineRow {
  lineNumber: number;
  description: string;
  quantity: string;
  unitPrice: string;
  lineDiscount: string;
  productId: string;
  account: string;
  taxCode: string;
  distribution: { account: string; percent: string; amount: string }[];
  serialNumbers: string[];
  netAmount: string;
  taxAmount: string;
  serialized: boolean;
  createsCustomerItem: boolean;
  /** "YYYY-MM-DD", or null when the line has no income schedule (then periods is null too). */
  incomeScheduleStartDate: string | null;
  incomeSchedulePeriods: number | null;
}

export interface TaxLineRow {
  taxCode: string;
  ratePercent: string;
  baseAmount: string;
  taxAmount: string;
}

/** A new document's own row; amounts as decimal text, dates "YYYY-MM-DD". */
export interface NewInvoiceRow {
  companyId: string;
  invoiceId: string;
  type: string;
  customerId: string;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  creditTermsId: string;
  reference: string;
  contentHash: string;
  netAmount: string;
  taxAmount: string;
  totalAmount: string;
}

const LINE_COLUMNS = `company_id, invoice_id, line_number, description, quantity, unit_price, line_discount, product_id, account,
  tax_code, distribution, serial_numbers, net_amount, tax_amount, serialized, creates_customer_item, income_schedule_start_date,
  income_schedule_periods`;
const TAX_LINE_COLUMNS = 'company_id, invoice_id, tax_code, rate_percent, base_amount, tax_amount';

/** How many parameters lineRows reads (one array per column), so that those after them can be numbered. */
const LINE_PARAMETER_COUNT = 16;

/**
 * The rows of invoice_line from the line arrays at parameters $first to $first+15, for the
 * document whose company and id the SQL expressions `document` names, after FROM `source`.
 * Serial numbers travel as one JSON array per line, since Postgres arrays of arrays must be
 * rectangular.
 */
function lineRows(first: number, document: string, source: string): string {
  const p = (offset: number) => `$${first + offset}`;
  return `SELECT ${document}, l.line_number, l.description, l.quantity, l.unit_price, l.line_discount, l.product_id, l.account,
         l.tax_code, l.distribution::jsonb, ARRAY(SELECT jsonb_array_elements_text(l.serial_numbers::jsonb)), l.net_amount,
         l.tax_amount, l.serialized, l.creates_customer_item, l.income_schedule_start_date, l.income_schedule_periods
    FROM ${source} unnest(${p(0)}::int[], ${p(1)}::text[], ${p(2)}::numeric[], ${p(3)}::numeric[], ${p(4)}::numeric[], ${p(5)}::text[],
                ${p(6)}::text[], ${p(7)}::text[], ${p(8)}::text[], ${p(9)}::text[], ${p(10)}::numeric[], ${p(11)}::numeric[],
                ${p(12)}::boolean[], ${p(13)}::boolean[], ${p(14)}::date[], ${p(15)}::int[])
      AS l(line_number, description, quantity, unit_price, line_discount, product_id, account, tax_code, distribution,
           serial_numbers, net_amount, tax_amount, serialized, creates_customer_item, income_schedule_start_date, income_schedule_periods)`;
}

function lineParameters(lines: readonly LineRow[]): unknown[] {
  return [
    lines.map((line) => line.lineNumber),
    lines.map((line) => line.description),
    lines.map((line) => line.quantity),
    lines.map((line) => line.unitPrice),
    lines.map((line) => line.lineDiscount),
    lines.map((line) => line.productId),
    lines.map((line) => line.account),
    lines.map((line) => line.taxCode),
    lines.map((line) => JSON.stringify(line.distribution)),
    lines.map((line) => JSON.stringify(line.serialNumbers)),
    lines.map((line) => line.netAmount),
    lines.map((line) => line.taxAmount),
    lines.map((line) => line.serialized),
    lines.map((line) => line.createsCustomerItem),
    lines.map((line) => line.incomeScheduleStartDate),
    lines.map((line) => line.incomeSchedulePeriods),
  ];
}

/** The rows of tax_line from the arrays at parameters $first to $first+3, as lineRows. */
function taxLineRows(first: number, document: string, source: string): string {
  const p = (offset: number) => `$${first + offset}`;
  return `SELECT ${document}, t.tax_code, t.rate_percent, t.base_amount, t.tax_amount
    FROM ${source} unnest(${p(0)}::text[], ${p(1)}::numeric[], ${p(2)}::numeric[], ${p(3)}::numeric[])
      AS t(tax_code, rate_percent, base_amount, tax_amount)`;
}

function taxLineParameters(taxLines: readonly TaxLineRow[]): unknown[] {
  return [
    taxLines.map((taxLine) => taxLine.taxCode),
    taxLines.map((taxLine) => taxLine.ratePercent),
    taxLines.map((taxLine) => taxLine.baseAmount),
    taxLines.map((taxLine) => taxLine.taxAmount),
  ];
}

/**
 * Writes a new document, In Progress, with its lines and tax lines in a single statement: one
 * round trip and atomic without a transaction, however many lines it has. A document that
 * already exists is left as it is, lines included: the caller reads what is stored.
 */
export async function insertDocument(
  sql: SqlExecutor,
  invoice: NewInvoiceRow,
  lines: readonly LineRow[],
  taxLines: readonly TaxLineRow[],
): Promise<void> {
  await sql.execute(
    `WITH draft AS (
       INSERT INTO draft_number_sequence (company_id, last_value) VALUES ($1, 1)
       ON CONFLICT (company_id) DO UPDATE SET last_value = draft_number_sequence.last_value + 1
       RETURNING last_value
     ), header AS (
       INSERT INTO invoice (company_id, invoice_id, type, status, customer_id, draft_number, invoice_date, due_date, currency,
         credit_terms_id, reference, content_hash, net_amount, tax_amount, total_amount, updated_at)
       SELECT $1, $2, $3::document_type, 'IN_PROGRESS', $4, draft.last_value, $5::date, $6::date, $7, $8, $9, $10, $11::numeric,
         $12::numeric, $13::numeric, now()
         FROM draft
       ON CONFLICT (company_id, invoice_id) DO NOTHING
       RETURNING company_id, invoice_id
     ), written_lines AS (
       INSERT INTO invoice_line (${LINE_COLUMNS}) ${lineRows(14, 'h.company_id, h.invoice_id', 'header h CROSS JOIN')}
     ), written_tax_lines AS (
       INSERT INTO tax_line (${TAX_LINE_COLUMNS}) ${taxLineRows(14 + LINE_PARAMETER_COUNT, 'h.company_id, h.invoice_id', 'header h CROSS JOIN')}
     )
     SELECT 1`,
    [
      invoice.companyId,
      invoice.invoiceId,
      invoice.type,
      invoice.customerId,
      invoice.invoiceDate,
      invoice.dueDate,
      invoice.currency,
      invoice.creditTermsId,
      invoice.reference,
      invoice.contentHash,
      invoice.netAmount,
      invoice.taxAmount,
      invoice.totalAmount,
      ...lineParameters(lines),
      ...taxLineParameters(taxLines),
    ],
  );
}

/**
 * Writes a document's lines and tax lines in one statement each, however many there are: arrays
 * through unnest, so a 10,000-line document is two round trips and no per-row work in Prisma.
 */
export async function insertDocumentLines(
  sql: SqlExecutor,
  key: { companyId: string; invoiceId: string },
  lines: readonly LineRow[],
  taxLines: readonly TaxLineRow[],
): Promise<void> {
  if (lines.length > 0) {
    await sql.execute(`INSERT INTO invoice_line (${LINE_COLUMNS}) ${lineRows(3, '$1, $2', '')}`, [key.companyId, key.invoiceId, ...lineParameters(lines)]);
  }
  if (taxLines.length > 0) {
    await sql.execute(`INSERT INTO tax_line (${TAX_LINE_COLUMNS}) ${taxLineRows(3, '$1, $2', '')}`, [
      key.companyId,
      key.invoiceId,
      ...taxLineParameters(taxLines),
    ]);
  }
}
