import { DATA_SERVICES, databaseName } from '@ledgerline/local-runtime';
import { inParallel } from '@ledgerline/collections';
import { dropDatabase } from '@ledgerline/db';
import { eventually, uniqueName } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { restClient, type RestClient } from './rest.js';
import { checkInvariants, startSystemCommand, stopSystemCommand, type StartedSystem } from './system.js';

/**
 * Issue 3 end to end: documents go from In Progress to Complete through the real path (gateway,
 * invoicing, Kafka, posting, ledger over gRPC, Kafka, invoicing and customer), driven only
 * through the REST API, and the books are exactly right afterwards.
 */
const { postgresAdminUrl } = inject('infrastructure');
const SCOPED_KEY = `scoped-${uniqueName('key')}`;
const CONCURRENT_DOCUMENTS = 500;
/** Retries of a post request that timed out, as a client with an Idempotency-Key would make. */
const POST_RETRIES_MAX = 3;

let system: StartedSystem;
let api: RestClient;
const company = uniqueName('co').replace(/_/g, '-');
const settingsCompany = uniqueName('cs').replace(/_/g, '-');
const numberingCompany = uniqueName('cn').replace(/_/g, '-');
const roundingCompany = uniqueName('cr').replace(/_/g, '-');

interface EntryLine {
  account: string;
  currency: string;
  amount: string;
  homeAmount: string;
  reportingAmount: string;
  customerId?: string;
  correction?: boolean;
}
interface Entry {
  id: string;
  transactionNumber: string | number;
  period: string;
  lines: EntryLine[];
}
interface Invoice {
  id: string;
  status: string;
  totalAmount: string;
  netAmount: string;
  taxAmount: string;
  dueDate: string;
  number?: string;
  transactionNumber?: string | number;
  errors?: { code: string; message: string }[];
}

beforeAll(async () => {
  system = await startSystemCommand({
    LEDGERLINE_API_KEYS: JSON.stringify([{ name: 'scoped clerk', key: SCOPED_KEY, companies: [company], roles: ['clerk'] }]),
  });
  api = restClient(system.gatewayUrl, system.apiKey);
  for (const id of [company, settingsCompany, numberingCompany]) {
    const created = await api.post(`/v1/companies`, { id, name: `Company ${id}`, homeCurrency: 'EUR', reportingCurrency: 'USD', fiscalYearStart: '2026-01-01', template: 'standard' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const [from, rate] of [['EUR', '1.0812'], ['GBP', '1.3101'], ['JPY', '0.0066'], ['BHD', '2.6522']] as const) {
      expect((await api.post(`/v1/companies/${id}/exchange-rates`, { from, to: 'USD', date: '2026-01-01', rate })).status).toBeLessThan(300);
    }
    for (const [from, rate] of [['GBP', '1.1634'], ['JPY', '0.0061'], ['BHD', '2.4567']] as const) {
      expect((await api.post(`/v1/companies/${id}/exchange-rates`, { from, to: 'EUR', date: '2026-01-01', rate })).status).toBeLessThan(300);
    }
  }
  const customers: [string, string, string?][] = [
    ['C-EUR', 'EUR'],
    ['C-DISC', 'EUR', '2/10NET30'],
    ['C-PAY', 'EUR'],
    ['C-MEMO', 'EUR'],
    ['C-GBP', 'GBP'],
    ['C-JPY', 'JPY'],
    ['C-BHD', 'BHD'],
    ['C-CHF', 'CHF'],
  ];
  for (const [id, currency, creditTermsId] of customers) {
    const created = await api.post(`/v1/companies/${company}/customers`, { id, name: id, currency, paymentTerms: 'STANDARD', ...(creditTermsId ? { creditTermsId } : {}) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  for (const id of [settingsCompany, numberingCompany]) {
    expect((await api.post(`/v1/companies/${id}/customers`, { id: 'C-EUR', name: 'C-EUR', currency: 'EUR', paymentTerms: 'STANDARD' })).status).toBe(201);
  }
});

afterAll(async () => {
  if (system !== undefined) {
    await stopSystemCommand(system);
    await Promise.all(DATA_SERVICES.map((service) => dropDatabase(postgresAdminUrl, databaseName(system.databasePrefix, service))));
  }
});

/** A path under the main company of these tests. */
const inCompany = (rest: string) => `/v1/companies/${company}${rest}`;

function line(description: string, quantity: string, unitPrice: string, taxCode = 'STD', account = '4000', extra: object = {}) {
  return { description, quantity, unitPrice, taxCode, account, ...extra };
}

async function createInvoice(companyId: string, body: object, idempotencyKey?: string): Promise<Invoice> {
  const created = await api.post<Invoice>(`/v1/companies/${companyId}/invoices`, { type: 'FREE_TEXT', invoiceDate: '2026-11-02', ...body }, idempotencyKey === undefined ? {} : { idempotencyKey });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function postAndWait(companyId: string, invoiceId: string, body: object = {}): Promise<Invoice> {
  const posted = await api.post<Invoice>(`/v1/companies/${companyId}/invoices/${invoiceId}/post?wait=true`, body);
  expect(posted.status, JSON.stringify(posted.body)).toBe(200);
  return posted.body;
}

async function entriesOf(companyId: string, sourceId: string): Promise<Entry[]> {
  const answer = await api.get<{ entries: Entry[] }>(`/v1/companies/${companyId}/ledger/entries?sourceId=${encodeURIComponent(sourceId)}`);
  expect(answer.status).toBe(200);
  return answer.body.entries;
}

/** The entry's lines as sorted "account amount" pairs, the form a voucher is checked in. */
function voucher(entry: Entry | undefined, amount: 'amount' | 'homeAmount' | 'reportingAmount' = 'amount'): string[] {
  return (entry?.lines ?? []).map((entryLine) => `${entryLine.account} ${entryLine[amount]}`).sort();
}

/** The entry without rounding lines that carry no document amount (reporting-currency rounding only). */
function withoutRounding(entry: Entry | undefined): Entry | undefined {
  return entry === undefined ? undefined : { ...entry, lines: entry.lines.filter((entryLine) => !(entryLine.account === '8900' && Number(entryLine.amount) === 0)) };
}

function expectBalancedInEveryCurrency(entry: Entry | undefined): void {
  expect(entry).toBeDefined();
  for (const amount of ['amount', 'homeAmount', 'reportingAmount'] as const) {
    const total = (entry?.lines ?? []).reduce((sum, entryLine) => sum + Number(entryLine[amount]) * 1000, 0);
    expect(Math.round(total), `${amount} sums to zero`).toBe(0);
  }
}

async function customer(companyId: string, id: string) {
  return (await api.get<{ postedBalance: string; salesYtd: string; salesPtd: string; lastInvoiceDate: string }>(`/v1/companies/${companyId}/customers/${id}`)).body;
}

async function openItems(companyId: string, id: string) {
  return (await api.get<{ items: { documentId: string; amount: string; remaining: string; dueDate: string; discountDate: string; discountAmount: string; homeDiscountAmount: string }[] }>(`/v1/companies/${companyId}/customers/${id}/open-items`)).body.items;
}

/**
 * The customer's open items once the document's is among them: the customer service applies
 * InvoicePosted on its own, so a document can show Complete a moment before its item exists.
 */
async function openItemsWith(companyId: string, customerId: string, documentId: string) {
  return eventually(
    async () => {
      const items = await openItems(companyId, customerId);
      return items.some((item) => item.documentId === documentId) ? items : undefined;
    },
    { what: `the open item of ${documentId}` },
  );
}

describe('posting an invoice end to end', () => {
  it('posts a free-text invoice with two tax codes and a line distributed 33.33/33.33/33.34 % exactly', async () => {
    const invoice = await createInvoice(company, {
      customerId: 'C-EUR',
      lines: [
        line('Consulting', '1', '1000.00', 'STD', '', { distribution: [{ account: '4000', percent: '33.33' }, { account: '4100', percent: '33.33' }, { account: '2500', percent: '33.34' }] }),
        line('Books', '2', '15.00', 'RED'),
      ],
    });
    expect(invoice).toMatchObject({ status: 'IN_PROGRESS', netAmount: '1030.00', taxAmount: '201.50', totalAmount: '1231.50' });
    const posted = await postAndWait(company, invoice.id);
    expect(posted.status).toBe('COMPLETE');
    expect(posted.number).toMatch(/\S/);
    const [entry, ...others] = await entriesOf(company, invoice.id);
    expect(others).toEqual([]);
    expect(voucher(withoutRounding(entry))).toEqual(['1200 1231.50', '2200 -1.50', '2200 -200.00', '2500 -333.40', '4000 -30.00', '4000 -333.30', '4100 -333.30'].sort());
    expect(voucher(entry, 'homeAmount')).toEqual(voucher(entry));
    // The document is in the home currency: a rounding line, if any, carries only a reporting difference.
    expect(entry?.lines.filter((entryLine) => entryLine.account === '8900').every((entryLine) => entryLine.amount === '0.00' && entryLine.homeAmount === '0.00')).toBe(true);
    expectBalancedInEveryCurrency(entry);
  });

  it('posts a document in a foreign currency balanced in document, home and reporting currency, rounding to the rounding account', async () => {
    const invoice = await createInvoice(company, { customerId: 'C-GBP', lines: [line('a', '1', '0.05', 'ZERO'), line('b', '1', '0.05', 'ZERO'), line('c', '1', '0.05', 'ZERO')] });
    await postAndWait(company, invoice.id);
    const [entry] = await entriesOf(company, invoice.id);
    expectBalancedInEveryCurrency(entry);
    expect(entry?.lines.every((entryLine) => entryLine.currency === 'GBP')).toBe(true);
    // Each 0.05 GBP is 0.06 EUR after rounding while the 0.15 total is 0.17 EUR: 0.01 goes to rounding.
    expect(entry?.lines.find((entryLine) => entryLine.account === '8900')?.homeAmount).toBe('0.01');
    expect(entry?.lines.find((entryLine) => entryLine.account === '1200')?.homeAmount).toBe('0.17');
  });

  it('posts currencies with no decimals and with three', async () => {
    const jpy = await createInvoice(company, { customerId: 'C-JPY', lines: [line('Yen work', '3', '333.5')] });
    const bhd = await createInvoice(company, { customerId: 'C-BHD', lines: [line('Dinar work', '3', '1.2345')] });
    expect([jpy.netAmount, jpy.taxAmount, jpy.totalAmount]).toEqual(['1001', '200', '1201']);
    expect([bhd.netAmount, bhd.taxAmount, bhd.totalAmount]).toEqual(['3.704', '0.741', '4.445']);
    await postAndWait(company, jpy.id);
    await postAndWait(company, bhd.id);
    const [jpyEntry] = await entriesOf(company, jpy.id);
    const [bhdEntry] = await entriesOf(company, bhd.id);
    expect(voucher(jpyEntry)).toEqual(['1200 1201', '2200 -200', '4000 -1001'].sort());
    expect(voucher(bhdEntry)).toEqual(['1200 4.445', '2200 -0.741', '4000 -3.704'].sort());
    expectBalancedInEveryCurrency(jpyEntry);
    expectBalancedInEveryCurrency(bhdEntry);
  });

  it('posts a credit memo with reversed signs, or as negative debits with credit correction', async () => {
    const plain = await createInvoice(company, { type: 'CREDIT_MEMO', customerId: 'C-MEMO', lines: [line('Return', '1', '100.00')] });
    const corrected = await createInvoice(company, { type: 'CREDIT_MEMO', customerId: 'C-MEMO', lines: [line('Return', '1', '100.00')] });
    await postAndWait(company, plain.id);
    await postAndWait(company, corrected.id, { creditCorrection: true });
    const [plainEntry] = await entriesOf(company, plain.id);
    const [correctedEntry] = await entriesOf(company, corrected.id);
    expect(voucher(withoutRounding(plainEntry))).toEqual(['1200 -120.00', '2200 20.00', '4000 100.00'].sort());
    expect(voucher(withoutRounding(correctedEntry))).toEqual(voucher(withoutRounding(plainEntry)));
    expect(plainEntry?.lines.some((entryLine) => entryLine.correction === true)).toBe(false);
    expect(withoutRounding(correctedEntry)?.lines.every((entryLine) => entryLine.correction === true)).toBe(true);
    expect((await customer(company, 'C-MEMO')).postedBalance).toBe('-240.00');
    expect((await customer(company, 'C-MEMO')).salesYtd).toBe('-200.00');
  });

  it('posts a zero-price line to revenue only when the company says so, keeping the customer-balance line', async () => {
    const off = await createInvoice(settingsCompany, { customerId: 'C-EUR', lines: [line('Paid', '1', '100.00'), line('Free', '1', '0.00')] });
    await postAndWait(settingsCompany, off.id);
    expect(voucher(withoutRounding((await entriesOf(settingsCompany, off.id))[0]))).toEqual(['1200 120.00', '2200 -20.00', '4000 -100.00'].sort());
    expect((await api.patch(`/v1/companies/${settingsCompany}/settings`, { postZeroPriceLinesToRevenue: true })).status).toBe(200);
    const on = await createInvoice(settingsCompany, { customerId: 'C-EUR', lines: [line('Paid', '1', '100.00'), line('Free', '1', '0.00')] });
    await postAndWait(settingsCompany, on.id);
    expect(voucher(withoutRounding((await entriesOf(settingsCompany, on.id))[0]))).toEqual(['1200 120.00', '2200 -20.00', '4000 -100.00', '4000 0.00'].sort());
    const allFree = await createInvoice(settingsCompany, { customerId: 'C-EUR', lines: [line('Free', '1', '0.00')] });
    expect((await api.patch(`/v1/companies/${settingsCompany}/settings`, { postZeroPriceLinesToRevenue: false })).status).toBe(200);
    await postAndWait(settingsCompany, allFree.id);
    const freeVoucher = voucher((await entriesOf(settingsCompany, allFree.id))[0]);
    expect(freeVoucher).toContain('1200 0.00');
    expect(freeVoucher.length).toBeGreaterThanOrEqual(2);
  });

  it("stores the settlement discount from the customer's terms, or the company's when the customer has none", async () => {
    const own = await createInvoice(company, { customerId: 'C-DISC', lines: [line('Service', '1', '100.00')] });
    await postAndWait(company, own.id);
    expect((await openItemsWith(company, 'C-DISC', own.id)).find((item) => item.documentId === own.id)).toMatchObject({
      amount: '120.00',
      discountDate: '2026-11-12',
      discountAmount: '2.40',
      homeCurrency: 'EUR',
      homeDiscountAmount: '2.40',
      dueDate: '2026-12-02',
    });
    expect((await api.patch(`/v1/companies/${settingsCompany}/settings`, { defaultCreditTermsId: '2/10NET30' })).status).toBe(200);
    const companyTerms = await createInvoice(settingsCompany, { customerId: 'C-EUR', lines: [line('Service', '1', '50.00')] });
    await postAndWait(settingsCompany, companyTerms.id);
    expect((await openItemsWith(settingsCompany, 'C-EUR', companyTerms.id)).find((item) => item.documentId === companyTerms.id)).toMatchObject({
      discountDate: '2026-11-12',
      discountAmount: '1.20',
    });
  });

  it("rounds in the company's rounding mode: line amounts, tax, conversion, settlement discount and payments", async () => {
    const id = roundingCompany;
    const created = await api.post(`/v1/companies`, { id, name: `Company ${id}`, homeCurrency: 'EUR', reportingCurrency: 'EUR', fiscalYearStart: '2026-01-01', template: 'standard' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await api.post(`/v1/companies/${id}/exchange-rates`, { from: 'GBP', to: 'EUR', date: '2026-01-01', rate: '1.25' })).status).toBeLessThan(300);
    expect((await api.post(`/v1/companies/${id}/customers`, { id: 'C-GBP', name: 'C-GBP', currency: 'GBP', paymentTerms: 'STANDARD' })).status).toBe(201);
    const evenMode = await api.patch<{ settings: { roundingMode: string } }>(`/v1/companies/${id}/settings`, { roundingMode: 'HALF_EVEN' });
    expect(evenMode.status, JSON.stringify(evenMode.body)).toBe(200);
    expect(evenMode.body.settings.roundingMode).toBe('HALF_EVEN');

    // 1 × 10.005 is a tie at the line (10.00, not 10.01), 5 % of 0.50 a tie at the tax (0.02, not 0.03).
    const even = await createInvoice(id, { customerId: 'C-GBP', lines: [line('Tie at the line', '1', '10.005', 'STD'), line('Tie at the tax', '1', '0.50', 'RED')] });
    expect([even.netAmount, even.taxAmount, even.totalAmount]).toEqual(['10.50', '2.02', '12.52']);
    await postAndWait(id, even.id);
    const [evenEntry] = await entriesOf(id, even.id);
    expectBalancedInEveryCurrency(evenEntry);
    // At 1.25: 12.52 → 15.65, 10.00 → 12.50, 2.00 → 2.50 exactly; 0.50 → 0.625 and 0.02 → 0.025 are ties,
    // which go to the even 0.62 and 0.02; the 0.01 they leave goes to the rounding account.
    expect(voucher(evenEntry, 'homeAmount')).toEqual(['1200 15.65', '4000 -12.50', '4000 -0.62', '2200 -2.50', '2200 -0.02', '8900 -0.01'].sort());

    const downMode = await api.patch(`/v1/companies/${id}/settings`, { roundingMode: 'DOWN', defaultCreditTermsId: '2/10NET30' });
    expect(downMode.status, JSON.stringify(downMode.body)).toBe(200);
    // The line and the discount tell DOWN from HALF_EVEN, the mode before: 1 × 1.4999 is cut to
    // 1.49 (not 1.50), its 2 % discount, 0.0298, to 0.02 (not 0.03); that is 0.025 EUR, cut to
    // 0.02 (as HALF_EVEN would, but not the default, 0.03).
    const down = await createInvoice(id, { customerId: 'C-GBP', lines: [line('Cut at the line', '1', '1.4999', 'ZERO')] });
    expect(down.totalAmount).toBe('1.49');
    await postAndWait(id, down.id);
    expect((await openItemsWith(id, 'C-GBP', down.id)).find((item) => item.documentId === down.id)).toMatchObject({
      discountAmount: '0.02',
      homeDiscountAmount: '0.02',
    });
    // A payment of 0.07 GBP is 0.0875 EUR, cut to 0.08 (HALF_EVEN: 0.09); the ledger converts it.
    const payment = await api.post<{ id: string }>(`/v1/companies/${id}/payments`, { customerId: 'C-GBP', amount: '0.07', paidDate: '2026-11-20', reference: 'cut' });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    const [paymentEntry] = await entriesOf(id, payment.body.id);
    expect(voucher(paymentEntry, 'homeAmount')).toEqual(['1000 0.08', '1200 -0.08']);

    const unknown = await api.patch<{ errors: { path: string }[] }>(`/v1/companies/${id}/settings`, { roundingMode: 'CEILING' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((problem) => problem.path)).toEqual(['roundingMode']);
    expect((await api.get<{ settings: { roundingMode: string } }>(`/v1/companies/${id}`)).body.settings.roundingMode).toBe('DOWN');
  });

  it('keeps the customer side: balance, sales net of tax, last invoice date, open items and payments before and after', async () => {
    const early = await api.post<{ id: string }>(`/v1/companies/${company}/payments`, { customerId: 'C-PAY', amount: '50.00', paidDate: '2026-11-01', reference: 'early' });
    expect(early.status, JSON.stringify(early.body)).toBe(201);
    expect((await customer(company, 'C-PAY')).postedBalance).toBe('-50.00');
    const first = await createInvoice(company, { customerId: 'C-PAY', invoiceDate: '2026-11-02', lines: [line('One', '1', '100.00')] });
    await postAndWait(company, first.id);
    const second = await createInvoice(company, { customerId: 'C-PAY', invoiceDate: '2026-11-05', lines: [line('Two', '1', '100.00')] });
    await postAndWait(company, second.id);
    let items = await openItemsWith(company, 'C-PAY', second.id);
    expect(items.map((item) => [item.documentId, item.remaining])).toEqual([
      [first.id, '70.00'],
      [second.id, '120.00'],
    ]);
    const late = await api.post<{ id: string }>(`/v1/companies/${company}/payments`, { customerId: 'C-PAY', amount: '100.00', paidDate: '2026-11-20', reference: 'late' });
    expect(late.status).toBe(201);
    items = await openItems(company, 'C-PAY');
    expect(items.map((item) => [item.documentId, item.remaining])).toEqual([[second.id, '90.00']]);
    expect(await customer(company, 'C-PAY')).toMatchObject({ postedBalance: '90.00', salesYtd: '200.00', salesPtd: '200.00', lastInvoiceDate: '2026-11-05' });
    const [paymentEntry] = await entriesOf(company, late.body.id);
    expect(voucher(paymentEntry)).toEqual(['1000 100.00', '1200 -100.00']);

    // A payment that names the document it settles skips the older one.
    const third = await createInvoice(company, { customerId: 'C-PAY', invoiceDate: '2026-11-06', lines: [line('Three', '1', '100.00')] });
    await postAndWait(company, third.id);
    await openItemsWith(company, 'C-PAY', third.id);
    const named = await api.post(`/v1/companies/${company}/payments`, {
      customerId: 'C-PAY',
      amount: '30.00',
      paidDate: '2026-11-21',
      applications: [{ documentId: third.id, amount: '30.00' }],
    });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    items = await openItems(company, 'C-PAY');
    expect(items.map((item) => [item.documentId, item.remaining])).toEqual([
      [second.id, '90.00'],
      [third.id, '90.00'],
    ]);
  });

  it('posts a document once although 50 post requests arrive together, and answers a repeated write with its first answer', async () => {
    const body = { customerId: 'C-EUR', lines: [line('Once', '1', '10.00')] };
    const invoice = await createInvoice(company, body, 'create-once-key');
    const repeat = await api.post<Invoice>(`/v1/companies/${company}/invoices`, { type: 'FREE_TEXT', invoiceDate: '2026-11-02', ...body }, { idempotencyKey: 'create-once-key' });
    expect(repeat.body.id).toBe(invoice.id);
    const clash = await api.post(`/v1/companies/${company}/invoices`, { type: 'FREE_TEXT', invoiceDate: '2026-11-03', ...body }, { idempotencyKey: 'create-once-key' });
    expect([409, 422]).toContain(clash.status);
    const before = await customer(company, 'C-EUR');
    const answers = await Promise.all(Array.from({ length: 50 }, () => api.post(`/v1/companies/${company}/invoices/${invoice.id}/post`)));
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(1);
    await eventually(async () => ((await api.get<Invoice>(`/v1/companies/${company}/invoices/${invoice.id}`)).body.status === 'COMPLETE' ? true : undefined), { what: 'the document to post' });
    expect(await entriesOf(company, invoice.id)).toHaveLength(1);
    await eventually(async () => ((await openItems(company, 'C-EUR')).some((item) => item.documentId === invoice.id) ? true : undefined), { what: 'the open item' });
    expect((await openItems(company, 'C-EUR')).filter((item) => item.documentId === invoice.id)).toHaveLength(1);
    const after = await customer(company, 'C-EUR');
    expect(Number(after.postedBalance) - Number(before.postedBalance)).toBeCloseTo(12, 6);
  });

  it(`numbers ${CONCURRENT_DOCUMENTS} documents posted at once without a gap or a duplicate`, async () => {
    const invoices = await inParallel(CONCURRENT_DOCUMENTS, 20, (index) => createInvoice(numberingCompany, { customerId: 'C-EUR', lines: [line(`Doc ${index}`, '1', '1.00')] }));
    // As an ERP client does: a request that timed out is retried with the same Idempotency-Key,
    // which answers as the first request did instead of refusing a second posting.
    const answers = await inParallel(invoices.length, 50, async (index) => {
      const path = `/v1/companies/${numberingCompany}/invoices/${invoices[index]?.id}/post`;
      let answer = await api.post(path, {}, { idempotencyKey: `post-${index}` });
      for (let retry = 0; retry < POST_RETRIES_MAX && answer.status >= 500; retry += 1) {
        answer = await api.post(path, {}, { idempotencyKey: `post-${index}` });
      }
      return answer.status;
    });
    const statuses = answers.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});
    // 202 while queued; a retried request may find its document already Complete (200).
    expect(Object.keys(statuses).filter((status) => status !== '202' && status !== '200'), JSON.stringify(statuses)).toEqual([]);
    const complete = await eventually(
      async () => {
        const listed: Invoice[] = [];
        let cursor = '';
        do {
          const page = await api.get<{ items: Invoice[]; nextCursor?: string }>(`/v1/companies/${numberingCompany}/invoices?status=COMPLETE&limit=1000${cursor === '' ? '' : `&cursor=${cursor}`}`);
          listed.push(...page.body.items);
          cursor = page.body.nextCursor ?? '';
        } while (cursor !== '');
        return listed.length === CONCURRENT_DOCUMENTS ? listed : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: `${CONCURRENT_DOCUMENTS} documents to complete` },
    );
    const numbers = complete.map((invoice) => Number(invoice.transactionNumber)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: CONCURRENT_DOCUMENTS }, (_, index) => index + 1));
  });

  it('posts many documents named in one request once each, answers a repeat of it with no second posting, and refuses its key with other documents', async () => {
    interface Batch {
      requestId: string;
      queuedCount: number;
      refusedCount: number;
      results: { invoiceId: string; status: string | null; errors: { code: string }[] }[];
    }
    const invoices = await inParallel(40, 20, (index) => createInvoice(company, { customerId: 'C-EUR', lines: [line(`Many ${index}`, '1', '5.00')] }));
    const alreadyPosted = await createInvoice(company, { customerId: 'C-EUR', lines: [line('Posted alone', '1', '5.00')] });
    await postAndWait(company, alreadyPosted.id);
    const before = await customer(company, 'C-EUR');
    const names = [...invoices.map((invoice) => invoice.id), alreadyPosted.id, 'no-such-document'];
    const first = await api.post<Batch>(inCompany('/invoices/post'), { invoiceIds: names }, { idempotencyKey: 'post-many-key' });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect([first.body.queuedCount, first.body.refusedCount]).toEqual([40, 2]);
    expect(first.body.results.slice(-2).map((result) => [result.status, result.errors.map((error) => error.code)])).toEqual([
      ['COMPLETE', ['ALREADY_POSTED']],
      [null, ['NOT_FOUND']],
    ]);
    const repeat = await api.post<Batch>(inCompany('/invoices/post'), { invoiceIds: names }, { idempotencyKey: 'post-many-key' });
    expect([repeat.status, repeat.body.requestId, repeat.body.queuedCount]).toEqual([202, first.body.requestId, 40]);
    const clash = await api.post(inCompany('/invoices/post'), { invoiceIds: names.slice(1) }, { idempotencyKey: 'post-many-key' });
    expect(clash.status, JSON.stringify(clash.body)).toBe(409);
    const malformed = await api.post<{ errors: { path: string }[] }>(inCompany('/invoices/post'), { invoiceIds: [invoices[0]?.id, invoices[0]?.id] });
    expect([malformed.status, malformed.body.errors.map((error) => error.path)]).toEqual([422, ['invoiceIds']]);

    await eventually(
      async () => {
        const states = await Promise.all(invoices.map(async (invoice) => (await api.get<Invoice>(inCompany(`/invoices/${invoice.id}`))).body.status));
        return states.every((state) => state === 'COMPLETE') ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the documents of one request to post' },
    );
    // Answered again once posted: each document it queued with its status now and no error.
    const afterPosting = await api.post<Batch>(inCompany('/invoices/post'), { invoiceIds: names }, { idempotencyKey: 'post-many-key' });
    expect(afterPosting.body.results.slice(0, 40).every((result) => result.status === 'COMPLETE' && result.errors.length === 0)).toBe(true);
    for (const invoice of invoices) expect(await entriesOf(company, invoice.id)).toHaveLength(1);
    await eventually(
      async () => {
        const balance = Number((await customer(company, 'C-EUR')).postedBalance) - Number(before.postedBalance);
        return Math.abs(balance - 40 * 6) < 1e-6 ? true : undefined;
      },
      { what: "the customer's balance to take the 40 documents once" },
    );
  });

  it('refuses a posting that cannot succeed, leaving nothing in the ledger or the balances, with the reason on the document', async () => {
    expect((await api.post(`/v1/companies/${company}/periods/2026-10/close`)).status).toBe(200);
    const before = await customer(company, 'C-EUR');
    const closed = await createInvoice(company, { customerId: 'C-EUR', invoiceDate: '2026-10-15', lines: [line('Late', '1', '10.00')] });
    const refused = await postAndWait(company, closed.id);
    expect(refused.status).toBe('IN_PROGRESS');
    expect(refused.errors?.map((error) => error.code)).toEqual(['PERIOD_CLOSED']);
    expect(await entriesOf(company, closed.id)).toEqual([]);
    const noRate = await createInvoice(company, { customerId: 'C-CHF', lines: [line('Swiss', '1', '10.00')] });
    const refusedRate = await postAndWait(company, noRate.id);
    // Both the home and the reporting rate are missing; each is named.
    expect(new Set(refusedRate.errors?.map((error) => error.code))).toEqual(new Set(['EXCHANGE_RATE_MISSING']));
    expect(await entriesOf(company, noRate.id)).toEqual([]);
    expect((await customer(company, 'C-EUR')).postedBalance).toBe(before.postedBalance);
  });

  it('refuses bad input with a problem naming the field, and stores nothing', async () => {
    const cases: [object, string][] = [
      [{ customerId: 'NOPE', lines: [line('x', '1', '1.00')] }, 'customerId'],
      [{ customerId: 'C-EUR', lines: [line('x', '1', '1.00', 'STD', '9999')] }, 'lines[0].account'],
      [{ customerId: 'C-EUR', lines: [line('x', '1', '1.00', 'NOPE')] }, 'lines[0].taxCode'],
      [{ customerId: 'C-EUR', lines: [line('x', '-1', '1.00')] }, 'lines[0].quantity'],
      [{ customerId: 'C-EUR', lines: [line('x', '1', '1,00')] }, 'lines[0].unitPrice'],
      [{ customerId: 'C-EUR', lines: [] }, 'lines'],
      [{ customerId: 'C-EUR', invoiceDate: '2026-02-30', lines: [line('x', '1', '1.00')] }, 'invoiceDate'],
      [{ customerId: 'C-EUR', type: 'PRO_FORMA', lines: [line('x', '1', '1.00')] }, 'type'],
      [{ customerId: 'C-EUR', lines: [line('x', '1', '1.00', 'STD', '', { distribution: [{ account: '4000', percent: '50' }, { account: '4100', percent: '49' }] })] }, 'lines[0].distribution'],
    ];
    const before = await api.get<{ items: Invoice[] }>(`/v1/companies/${company}/invoices?customerId=C-EUR&limit=1000`);
    for (const [body, path] of cases) {
      const answer = await api.post<{ errors?: { path: string }[] }>(`/v1/companies/${company}/invoices`, { type: 'FREE_TEXT', invoiceDate: '2026-11-02', ...body });
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body.errors?.map((error) => error.path), JSON.stringify(answer.body)).toContain(path);
    }
    const after = await api.get<{ items: Invoice[] }>(`/v1/companies/${company}/invoices?customerId=C-EUR&limit=1000`);
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it("never lets a caller scoped to one company read or change another company's documents", async () => {
    const other = await createInvoice(settingsCompany, { customerId: 'C-EUR', lines: [line('Private', '1', '1.00')] });
    expect((await api.get(`/v1/companies/${settingsCompany}/invoices/${other.id}`, { key: SCOPED_KEY })).status).toBe(403);
    expect((await api.post(`/v1/companies/${settingsCompany}/invoices/${other.id}/post`, {}, { key: SCOPED_KEY })).status).toBe(403);
    expect((await api.get(`/v1/companies/${company}/customers/C-EUR`, { key: SCOPED_KEY })).status).toBe(200);
  });

  it("posts a customer's documents and payments to the A/R account of its posting group, and reports them there", async () => {
    const receivable = { account: '1210', name: 'Receivables abroad', type: 'ASSET', control: true };
    const account = await api.post(inCompany('/accounts'), receivable);
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    expect(account.body).toEqual(receivable);
    expect((await api.post(inCompany('/accounts'), receivable)).status).toBe(201);
    expect((await api.post(inCompany('/accounts'), { ...receivable, name: 'Other' })).status).toBe(409);
    expect((await api.put(inCompany('/posting-profiles/EXPORT'), { receivableAccount: '1000' })).status).toBe(422);
    const profile = await api.put(inCompany('/posting-profiles/EXPORT'), { receivableAccount: '1210' });
    expect(profile.status, JSON.stringify(profile.body)).toBe(200);
    expect((await api.put(inCompany('/posting-profiles/EXPORT'), { receivableAccount: '1210' })).status).toBe(200);
    expect((await api.put(inCompany('/posting-profiles/EXPORT'), { receivableAccount: '1200' })).status).toBe(409);
    expect((await api.get<{ postingProfiles: unknown[] }>(inCompany(''))).body.postingProfiles).toEqual([{ postingGroup: 'EXPORT', receivableAccount: '1210' }]);
    const created = await api.post(inCompany('/customers'), { id: 'C-EXPORT', name: 'C-EXPORT', currency: 'EUR', paymentTerms: 'STANDARD', postingGroup: 'EXPORT' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const invoice = await createInvoice(company, { customerId: 'C-EXPORT', lines: [line('Export', '1', '100.00')] });
    expect((await postAndWait(company, invoice.id)).status).toBe('COMPLETE');
    expect(voucher((await entriesOf(company, invoice.id))[0])).toEqual(['1210 120.00', '2200 -20.00', '4000 -100.00']);
    const payment = await api.post<{ id: string }>(inCompany('/payments'), { customerId: 'C-EXPORT', amount: '20.00', paidDate: '2026-11-20', reference: 'abroad' });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    expect(voucher((await entriesOf(company, payment.body.id))[0])).toEqual(['1000 20.00', '1210 -20.00']);
    // The invoice reaches the customer's balance through InvoicePosted, on the customer service's own time.
    await eventually(async () => ((await customer(company, 'C-EXPORT')).postedBalance === '100.00' ? true : undefined), { what: 'the balance of C-EXPORT' });
    const share = await api.get<{ homeBalance: string }>(inCompany('/ledger/accounts/1210/balance?customerId=C-EXPORT'));
    expect([share.status, share.body.homeBalance]).toEqual([200, '100.00']);
    expect((await api.get<{ homeBalance: string }>(inCompany('/ledger/accounts/1210/balance?asOf=2026-11-19'))).body.homeBalance).toBe('120.00');
    expect((await api.get(inCompany('/ledger/accounts/1299/balance'))).status).toBe(404);

    // A posting run books the A/R of a plain document, summed with others, to the group's account too.
    const pending = await createInvoice(company, { customerId: 'C-EXPORT', lines: [line('Export', '2', '100.00')] });
    const run = await api.post<{ report: { accountTotals: { account: string; homeDebit: string; homeCredit: string }[] } }>(inCompany('/posting-runs'), {
      id: uniqueName('run'),
      selection: { invoiceIds: [pending.id] },
    });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.report.accountTotals).toEqual([
      { account: '1210', homeDebit: '240.00', homeCredit: '0.00' },
      { account: '2200', homeDebit: '0.00', homeCredit: '40.00' },
      { account: '4000', homeDebit: '0.00', homeCredit: '200.00' },
    ]);
  });

  it('adds a tax code and credit terms that a new customer and its invoice use at once', async () => {
    const tax = await api.post(inCompany('/tax-codes'), { code: 'HALF', name: 'Half rate', ratePercent: '7.5', payableAccount: '2200' });
    expect(tax.status, JSON.stringify(tax.body)).toBe(201);
    expect((await api.post(inCompany('/tax-codes'), { code: 'HALF', name: 'Half rate', ratePercent: '8', payableAccount: '2200' })).status).toBe(409);
    const terms = await api.post(inCompany('/credit-terms'), { id: '3/15NET60', name: '3 % within 15 days, net 60', netDays: 60, discountPercent: '3', discountDays: 15 });
    expect(terms.status, JSON.stringify(terms.body)).toBe(201);
    const created = await api.post(inCompany('/customers'), { id: 'C-TERMS', name: 'C-TERMS', currency: 'EUR', paymentTerms: 'STANDARD', creditTermsId: '3/15NET60' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const invoice = await createInvoice(company, { customerId: 'C-TERMS', lines: [line('Half', '1', '100.00', 'HALF')] });
    expect([invoice.taxAmount, invoice.totalAmount, invoice.dueDate]).toEqual(['7.50', '107.50', '2027-01-01']);
    expect((await postAndWait(company, invoice.id)).status).toBe('COMPLETE');
    expect((await openItemsWith(company, 'C-TERMS', invoice.id))[0]).toMatchObject({ discountDate: '2026-11-17', discountAmount: '3.23' });
  });

  it('answers a write idempotent by nature, repeated with its Idempotency-Key, with its first answer, and refuses the key with another body', async () => {
    type Company = { settings: { requireCustomerItemConfirmation: boolean }; periods: { period: string; closed: boolean }[] };
    const settingsPath = (id: string) => `/v1/companies/${id}/settings`;
    const confirmation = async (id: string) => (await api.get<Company>(`/v1/companies/${id}`)).body.settings.requireCustomerItemConfirmation;
    const key = { idempotencyKey: uniqueName('settings-key') };

    const first = await api.patch<Company>(settingsPath(settingsCompany), { requireCustomerItemConfirmation: true }, key);
    expect([first.status, first.body.settings.requireCustomerItemConfirmation]).toEqual([200, true]);
    expect((await api.patch(settingsPath(settingsCompany), { requireCustomerItemConfirmation: false })).status).toBe(200);
    // The retry of the first request answers what it answered then and changes nothing now.
    const repeat = await api.patch<Company>(settingsPath(settingsCompany), { requireCustomerItemConfirmation: true }, key);
    expect([repeat.status, repeat.body]).toEqual([200, first.body]);
    expect(await confirmation(settingsCompany)).toBe(false);
    const settingsBefore = (await api.get<Company>(`/v1/companies/${settingsCompany}`)).body.settings;
    const clash = await api.patch<{ errors: { path: string; message: string; code: string }[] }>(settingsPath(settingsCompany), { requireCustomerItemConfirmation: true, sequentialLineNumbers: true }, key);
    expect([clash.status, clash.body.errors]).toEqual([409, [{ path: 'Idempotency-Key', message: 'this Idempotency-Key was used with another request', code: 'IDEMPOTENCY_KEY_REUSED' }]]);
    expect((await api.get<Company>(`/v1/companies/${settingsCompany}`)).body.settings).toEqual(settingsBefore);

    // The key is the client's within a company and a route: another route, or another company, is another write.
    const closed = await api.post<{ closed: boolean }>(`/v1/companies/${settingsCompany}/periods/2026-12/close`, undefined, key);
    expect([closed.status, closed.body.closed]).toEqual([200, true]);
    expect((await api.post(`/v1/companies/${settingsCompany}/periods/2026-12/reopen`)).status).toBe(200);
    const elsewhere = await api.patch<Company>(settingsPath(numberingCompany), { requireCustomerItemConfirmation: true }, key);
    expect([elsewhere.status, await confirmation(numberingCompany)]).toEqual([200, true]);
    expect((await api.patch(settingsPath(numberingCompany), { requireCustomerItemConfirmation: false })).status).toBe(200);
  });

  it('opens the next fiscal year, one after the other, and posts into it', async () => {
    const skipped = await api.post<{ errors: { code: string; path: string }[] }>(inCompany('/fiscal-years'), { startDate: '2028-01-01' });
    expect([skipped.status, skipped.body.errors.map((error) => error.path)]).toEqual([422, ['startDate']]);
    const opened = await api.post<{ startDate: string; periods: { period: string; closed: boolean }[] }>(inCompany('/fiscal-years'), { startDate: '2027-01-01' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect([opened.body.periods.length, opened.body.periods[0]?.period, opened.body.periods.at(-1)?.period]).toEqual([12, '2027-01', '2027-12']);
    expect((await api.post(inCompany('/fiscal-years'), { startDate: '2027-01-01' })).status).toBe(201);
    const invoice = await createInvoice(company, { customerId: 'C-EUR', invoiceDate: '2027-01-15', lines: [line('Next year', '1', '10.00')] });
    const posted = await postAndWait(company, invoice.id);
    expect(posted.status, JSON.stringify(posted)).toBe('COMPLETE');
    expect((await entriesOf(company, invoice.id))[0]?.period).toBe('2027-01');
  });

  it('defers a line with an income schedule and recognises it period by period, exactly, in the background', async () => {
    // The schedule runs into 2027; opening that year again answers the year already open.
    expect((await api.post(inCompany('/fiscal-years'), { startDate: '2027-01-01' })).status).toBe(201);
    const schedule = { startDate: '2026-11-01', periods: 12 };
    const invoice = await createInvoice(company, {
      customerId: 'C-EUR',
      lines: [line('Support, one year', '1', '1000.00', 'STD', '4100', { incomeSchedule: schedule }), line('Setup', '1', '100.00')],
    });
    const read = await api.get<{ lines: { incomeSchedule: unknown }[] }>(inCompany(`/invoices/${invoice.id}`));
    expect(read.body.lines.map((documentLine) => documentLine.incomeSchedule)).toEqual([schedule, null]);

    // A document with an income schedule posts in the background: ?wait=true answers at once.
    const queued = await api.post<Invoice>(inCompany(`/invoices/${invoice.id}/post?wait=true`), {});
    expect([queued.status, queued.body.status]).toEqual([202, 'READY_TO_POST']);
    const posted = await eventually(
      async () => {
        const current = (await api.get<Invoice>(inCompany(`/invoices/${invoice.id}`))).body;
        return current.status === 'COMPLETE' ? current : undefined;
      },
      { what: `the completion of ${invoice.id}` },
    );
    expect(posted.totalAmount).toBe('1320.00');

    const [entry, ...recognised] = (await entriesOf(company, invoice.id)) as (Entry & { journal: string; sourceType: string; date: string; originSourceId: string | null })[];
    expect(voucher(entry)).toEqual(['1200 1320.00', '2200 -220.00', '2500 -1000.00', '4000 -100.00'].sort());
    expect(entry?.lines.find((entryLine) => entryLine.account === '2500')).toMatchObject({ incomeSchedule: { ...schedule, revenueAccount: '4100' } });
    expect(recognised.map((scheduled) => [scheduled.journal, scheduled.sourceType, scheduled.originSourceId, scheduled.date, voucher(scheduled)])).toEqual(
      ['2026-11-01', '2026-12-01', ...Array.from({ length: 10 }, (_, month) => `2027-${String(month + 1).padStart(2, '0')}-01`)].map((date, index) => [
        'INCOME_SCHEDULE',
        'INCOME_SCHEDULE',
        invoice.id,
        date,
        index < 8 ? ['2500 83.33', '4100 -83.33'] : ['2500 83.34', '4100 -83.34'],
      ]),
    );
    for (const scheduled of recognised) expectBalancedInEveryCurrency(scheduled);
    const deferred = entry?.lines.find((entryLine) => entryLine.account === '2500');
    // Amounts come in their currency's minor unit, so the text without its point counts minor units exactly.
    const minorUnitsOf = (text: string | undefined) => BigInt((text ?? 'NaN').replace('.', ''));
    for (const amount of ['amount', 'homeAmount', 'reportingAmount'] as const) {
      const left = recognised.reduce((total, scheduled) => total + minorUnitsOf(scheduled.lines[0]?.[amount]), minorUnitsOf(deferred?.[amount]));
      expect(left, `${amount} of the deferral clears`).toBe(0n);
    }

    // A schedule that runs past the open fiscal years fails the document and posts nothing.
    const tooLong = await createInvoice(company, { customerId: 'C-EUR', lines: [line('Five years', '1', '600.00', 'STD', '4100', { incomeSchedule: { startDate: '2026-11-01', periods: 60 } })] });
    expect((await api.post(inCompany(`/invoices/${tooLong.id}/post`), {})).status).toBe(202);
    const refused = await eventually(
      async () => {
        const current = (await api.get<Invoice & { errors?: { code: string; path?: string; fieldPath?: string }[] }>(inCompany(`/invoices/${tooLong.id}`))).body;
        return current.status === 'IN_PROGRESS' && (current.errors?.length ?? 0) > 0 ? current : undefined;
      },
      { what: `the failure of ${tooLong.id}` },
    );
    expect(refused.errors?.map((error) => error.code)).toEqual(['PERIOD_CLOSED']);
    expect(await entriesOf(company, tooLong.id)).toEqual([]);

    const badSchedule = await api.post<{ errors: { path: string }[] }>(inCompany('/invoices'), {
      type: 'FREE_TEXT',
      invoiceDate: '2026-11-02',
      customerId: 'C-EUR',
      lines: [line('No periods', '1', '10.00', 'STD', '4100', { incomeSchedule: { startDate: '2026-11-01', periods: 0 } })],
    });
    expect([badSchedule.status, badSchedule.body.errors.map((error) => error.path)]).toEqual([422, ['lines[0].incomeSchedule.periods']]);
    const early = await api.post<{ errors: { path: string; code: string }[] }>(inCompany('/invoices'), {
      type: 'FREE_TEXT',
      invoiceDate: '2026-11-02',
      customerId: 'C-EUR',
      lines: [line('Backdated', '1', '10.00', 'STD', '4100', { incomeSchedule: { startDate: '2026-10-31', periods: 2 } })],
    });
    expect([early.status, early.body.errors.map((error) => [error.code, error.path])]).toEqual([422, [['VALIDATION_FAILED', 'lines[0].incomeSchedule.startDate']]]);
  });

  it('keeps every invariant: balanced entries, balances equal to open items and the ledger, one entry per document, gapless numbers', () => {
    const result = checkInvariants(system);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('all invariants hold');
  });
});
