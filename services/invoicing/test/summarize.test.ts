import { createPgPool, pgStore } from '@ledgerline/db';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createInvoicingDatabase } from '../src/db/client.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { summarizeForPosting, type SummarizedAmountRecord, type SummarizedSelection } from '../src/db/selection.js';

/**
 * A posting run's selection summarized set-wise on real Postgres: which documents are summed,
 * which are only named, and that the sums hold exactly the summed documents' amounts.
 */
const { postgresAdminUrl } = inject('infrastructure');
const company = 'summary';
const criteria = { currency: 'EUR', currencyDecimals: 2, knownTaxCodes: ['STD', 'RED'] };
const everything = {
  companyId: company,
  types: [],
  customerFrom: '',
  customerTo: '',
  numberFrom: '',
  numberTo: '',
  invoiceDateFrom: '',
  invoiceDateTo: '',
  dueDateFrom: '',
  dueDateTo: '',
  invoiceIds: [],
};

let database: TestDatabase;
let pool: ReturnType<typeof createPgPool>;

interface LineSpec {
  account?: string;
  net: string;
  taxCode?: string;
  distribution?: string;
  serialized?: boolean;
  createsCustomerItem?: boolean;
  incomeSchedule?: { startDate: string; periods: number };
}

/** Stores a document the way CreateInvoice does: totals are the sums of its lines and tax lines. */
async function store(
  invoiceId: string,
  lines: LineSpec[],
  taxes: [string, string][],
  options: { type?: string; currency?: string; status?: string; customerId?: string } = {},
): Promise<void> {
  const net = lines.reduce((sum, line) => sum + Number(line.net) * 100, 0) / 100;
  const tax = taxes.reduce((sum, [, amount]) => sum + Number(amount) * 100, 0) / 100;
  await pool.query(
    `WITH draft AS (
       INSERT INTO draft_number_sequence (company_id, last_value) VALUES ($1, 1)
       ON CONFLICT (company_id) DO UPDATE SET last_value = draft_number_sequence.last_value + 1 RETURNING last_value
     )
     INSERT INTO invoice (company_id, invoice_id, type, status, customer_id, draft_number, invoice_date, currency, net_amount, tax_amount, total_amount,
                          updated_at, due_date, credit_terms_id)
     SELECT $1, $2, $3, $4, $5, draft.last_value, date '2026-11-02', $6, $7, $8, $9, now(), date '2026-12-02', 'NET30' FROM draft`,
    [company, invoiceId, options.type ?? 'FREE_TEXT', options.status ?? 'IN_PROGRESS', options.customerId ?? 'C1', options.currency ?? 'EUR', net.toFixed(2), tax.toFixed(2), (net + tax).toFixed(2)],
  );
  for (const [index, line] of lines.entries()) {
    await pool.query(
      `INSERT INTO invoice_line (company_id, invoice_id, line_number, description, quantity, unit_price, line_discount, product_id, account, tax_code,
                                 distribution, serial_numbers, net_amount, tax_amount, serialized, creates_customer_item,
                                 income_schedule_start_date, income_schedule_periods)
       VALUES ($1, $2, $3, '', 1, $4, 0, '', $5, $6, $7::jsonb, '{}', $4, 0, $8, $9, $10::date, $11)`,
      [
        company,
        invoiceId,
        index + 1,
        line.net,
        line.account ?? '4000',
        line.taxCode ?? 'STD',
        line.distribution ?? '[]',
        line.serialized ?? false,
        line.createsCustomerItem ?? false,
        line.incomeSchedule?.startDate ?? null,
        line.incomeSchedule?.periods ?? null,
      ],
    );
  }
  for (const [taxCode, amount] of taxes) {
    await pool.query(`INSERT INTO tax_line (company_id, invoice_id, tax_code, rate_percent, base_amount, tax_amount) VALUES ($1, $2, $3, 20, 0, $4)`, [company, invoiceId, taxCode, amount]);
  }
}

function summarized(selection: SummarizedSelection) {
  if (selection.moreThanMax) throw new Error('expected a summary');
  return selection;
}

const amount = (kind: SummarizedAmountRecord['kind'], creditMemo: boolean, key: string, negative: boolean, value: string, count: number): SummarizedAmountRecord => ({
  kind,
  creditMemo,
  key,
  negative,
  amount: value,
  count,
});

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'invoicing_summary', MIGRATIONS_DIR);
  pool = createPgPool(database.url, 2, { jit: 'off' });
  await store('plain-1', [{ net: '100.00' }, { net: '50.00', account: '4100' }], [['STD', '30.00']]);
  await store('plain-2', [{ net: '10.00' }, { net: '-2.00' }], [['RED', '0.80'], ['STD', '0.00']], { type: 'DEBIT_MEMO', customerId: 'C2' });
  await store('plain-credit', [{ net: '40.00' }], [['STD', '8.00']], { type: 'CREDIT_MEMO' });
  await store('foreign', [{ net: '70.00' }], [['STD', '14.00']], { currency: 'USD' });
  await store('distributed', [{ net: '90.00', distribution: '[{"account":"4000","percent":"50"},{"account":"4100","percent":"50"}]' }], [['STD', '18.00']]);
  await store('serialized', [{ net: '20.00', serialized: true }], [['STD', '4.00']]);
  await store('items', [{ net: '20.00', createsCustomerItem: true }], [['STD', '4.00']]);
  await store('zero-line', [{ net: '20.00' }, { net: '0.00' }], [['STD', '4.00']]);
  await store('unknown-tax', [{ net: '20.00', taxCode: 'XXX' }], [['XXX', '4.00']]);
  // Plain in every other respect: only the schedule on its second line keeps it from the sums.
  await store('scheduled', [{ net: '30.00' }, { net: '60.00', incomeSchedule: { startDate: '2026-12-01', periods: 12 } }], [['STD', '18.00']]);
  await store('posted', [{ net: '999.00' }], [['STD', '199.80']], { status: 'COMPLETE' });
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('the bulk connections', () => {
  it('run without JIT and stop any statement after two minutes', async () => {
    const invoicingDatabase = createInvoicingDatabase(database.url, 1);
    try {
      const [settings] = await invoicingDatabase.bulk.query<{ jit: string; statement_timeout: string }>(
        "SELECT current_setting('jit') AS jit, current_setting('statement_timeout') AS statement_timeout",
        [],
      );
      expect(settings).toEqual({ jit: 'off', statement_timeout: '2min' });
    } finally {
      await invoicingDatabase.disconnect();
    }
  });
});

describe('summarizeForPosting', () => {
  it('sums plain home-currency documents and only names the others', async () => {
    const result = summarized(await summarizeForPosting(pgStore(pool).direct, everything, criteria, 100));
    expect(result.summaries.map((summary) => summary.invoiceId).sort()).toEqual(['plain-1', 'plain-2', 'plain-credit']);
    expect([...result.otherInvoiceIds].sort()).toEqual(['distributed', 'foreign', 'items', 'scheduled', 'serialized', 'unknown-tax', 'zero-line']);
  });

  it("holds exactly the summarized documents' line, tax and total amounts, by kind and sign", async () => {
    const result = summarized(await summarizeForPosting(pgStore(pool).direct, everything, criteria, 100));
    const order = (amounts: readonly SummarizedAmountRecord[]) => [...amounts].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(order(result.amounts)).toEqual(
      order([
        amount('LINE_NET', false, '4000', false, '110.00', 2),
        amount('LINE_NET', false, '4000', true, '-2.00', 1),
        amount('LINE_NET', false, '4100', false, '50.00', 1),
        amount('LINE_NET', true, '4000', false, '40.00', 1),
        amount('TAX', false, 'STD', false, '30.00', 1),
        amount('TAX', false, 'RED', false, '0.80', 1),
        amount('TAX', true, 'STD', false, '8.00', 1),
        amount('TOTAL', false, '', false, '188.80', 2),
        amount('TOTAL', true, '', false, '48.00', 1),
      ]),
    );
  });

  it('names a document with a line on an income schedule instead of summing it, and leaves its lines out of the sums', async () => {
    const result = summarized(await summarizeForPosting(pgStore(pool).direct, { ...everything, invoiceIds: ['scheduled', 'plain-credit'] }, criteria, 100));
    expect([result.summaries.map((summary) => summary.invoiceId), result.otherInvoiceIds]).toEqual([['plain-credit'], ['scheduled']]);
    expect(result.amounts.filter((summed) => !summed.creditMemo)).toEqual([]);
  });

  it('answers for a selection larger than asked only that it is too large', async () => {
    expect(await summarizeForPosting(pgStore(pool).direct, everything, criteria, 8)).toEqual({ moreThanMax: true });
  });

  it('summarizes nothing when no currency is given, naming every selected document', async () => {
    const result = summarized(await summarizeForPosting(pgStore(pool).direct, { ...everything, customerFrom: 'C2', customerTo: 'C2' }, { ...criteria, currency: '' }, 100));
    expect([result.summaries, result.otherInvoiceIds, result.amounts]).toEqual([[], ['plain-2'], []]);
  });
});
