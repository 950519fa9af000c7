import { DATA_SERVICES, databaseName } from '@ledgerline/local-runtime';
import { dropDatabase } from '@ledgerline/db';
import { eventually, uniqueName } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { restClient, type RestClient } from './rest.js';
import { checkInvariants, startSystemCommand, stopSystemCommand, type StartedSystem } from './system.js';

/**
 * Issue 4 end to end, through the REST API of the running system only: the blockers of a single
 * posting, post and pay for a cash-sales-only customer (and nothing recorded when posting
 * fails), background posting of documents above the company's line threshold and what a queued
 * document refuses, and a document of 10,000 lines posted exactly.
 */
const { postgresAdminUrl } = inject('infrastructure');
const LARGE_DOCUMENT_LINES = 10_000;
/** The company posts documents of more lines than this in the background. */
const BACKGROUND_THRESHOLD = 1_000;
const TAX_RATES_PERCENT = { STD: 20, RED: 5 } as const;

let system: StartedSystem;
let api: RestClient;
const company = uniqueName('pp').replace(/_/g, '-');
const path = (rest: string) => `/v1/companies/${company}${rest}`;

interface Problem {
  status: number;
  detail: string;
  errors: { code?: string; path: string; message: string }[];
}
interface Invoice {
  id: string;
  status: string;
  totalAmount: string;
  netAmount: string;
  taxAmount: string;
  number: string | null;
  errors: { code: string; message: string; path: string | null }[];
}
interface Entry {
  lines: { account: string; amount: string; homeAmount: string; reportingAmount: string; customerId: string | null }[];
}
interface Customer {
  postedBalance: string;
  unappliedAmount: string;
}

beforeAll(async () => {
  system = await startSystemCommand();
  api = restClient(system.gatewayUrl, system.apiKey);
  const created = await api.post(`/v1/companies`, { id: company, name: 'Pay Co', homeCurrency: 'EUR', reportingCurrency: 'EUR', fiscalYearStart: '2026-01-01', template: 'standard' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const customers: [string, object][] = [
    ['P-CASH', { paymentTerms: 'CASH_SALES_ONLY' }],
    ['P-STD', {}],
    ['P-LIMIT', { creditLimit: '100.00' }],
    ['P-BIG', {}],
  ];
  for (const [id, extra] of customers) {
    const customer = await api.post(path('/customers'), { id, name: `Customer ${id}`, currency: 'EUR', paymentTerms: 'STANDARD', ...extra });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  }
  for (const product of [
    { id: 'SERIAL', name: 'Serialized unit', revenueAccount: '4000', serialized: true },
    { id: 'PUMP', name: 'Heat pump', revenueAccount: '4000', createsCustomerItem: true },
  ]) {
    const created = await api.post(path('/products'), product);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  expect((await api.post(path('/periods/2026-10/close'))).status).toBe(200);
});

afterAll(async () => {
  if (system !== undefined) {
    await stopSystemCommand(system);
    await Promise.all(DATA_SERVICES.map((service) => dropDatabase(postgresAdminUrl, databaseName(system.databasePrefix, service))));
  }
});

const serviceLine = (unitPrice = '100.00') => ({ description: 'Service', quantity: '1', unitPrice, taxCode: 'STD', account: '4000' });

/** An In Progress document; by default one 100.00 line with 20 % tax (120.00). */
async function draft(customerId: string, options: { type?: string; invoiceDate?: string; lines?: object[] } = {}): Promise<string> {
  const created = await api.post<Invoice>(path('/invoices'), {
    type: options.type ?? 'FREE_TEXT',
    customerId,
    invoiceDate: options.invoiceDate ?? '2026-11-03',
    lines: options.lines ?? [serviceLine()],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function postAndWait(invoiceId: string, body: object = {}, idempotencyKey?: string): Promise<Invoice> {
  const answer = await api.post<Invoice>(path(`/invoices/${invoiceId}/post?wait=true`), body, idempotencyKey === undefined ? {} : { idempotencyKey });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

async function entriesOf(sourceId: string): Promise<Entry[]> {
  const answer = await api.get<{ entries: Entry[] }>(path(`/ledger/entries?sourceId=${encodeURIComponent(sourceId)}`));
  expect(answer.status).toBe(200);
  return answer.body.entries;
}

async function customer(id: string): Promise<Customer> {
  return (await api.get<Customer>(path(`/customers/${id}`))).body;
}

async function openItem(customerId: string, documentId: string) {
  const answer = await api.get<{ items: { documentId: string; amount: string; remaining: string }[] }>(path(`/customers/${customerId}/open-items?includeSettled=true`));
  return answer.body.items.find((item) => item.documentId === documentId);
}

const codes = (invoice: Invoice) => invoice.errors.map((error) => error.code);

describe('blockers of a single posting', () => {
  it('refuses a cash-sales-only customer’s document without its payment or with part of it', async () => {
    const refused = await postAndWait(await draft('P-CASH'));
    expect([refused.status, codes(refused)]).toEqual(['IN_PROGRESS', ['CASH_SALES_ONLY']]);
    expect(refused.errors[0]?.message).toContain('post this document together with its payment');
    // Paying part of it would leave the cash-sales-only customer owing the rest.
    const part = await postAndWait(await draft('P-CASH'), { payment: { id: uniqueName('pay'), amount: '100.00', paidDate: '2026-11-03' } });
    expect([part.status, codes(part)]).toEqual(['IN_PROGRESS', ['CASH_SALES_ONLY']]);
    expect(part.errors[0]?.message).toContain('must settle the whole total 120.00');
  });

  it('refuses a serialized product without one serial number per unit, naming the line', async () => {
    const id = await draft('P-STD', {
      type: 'SALES_ORDER',
      lines: [{ description: 'Unit', quantity: '2', unitPrice: '50.00', taxCode: 'STD', productId: 'SERIAL', serialNumbers: ['SN-1'] }],
    });
    const refused = await postAndWait(id);
    expect(refused.errors.map((error) => [error.code, error.path])).toEqual([['SERIAL_NUMBERS_MISSING', 'lines[0].serialNumbers']]);
    expect(await entriesOf(id)).toEqual([]);
  });

  it('refuses a document over the customer’s credit limit under the chosen check, and posts it without one', async () => {
    const id = await draft('P-LIMIT');
    const refused = await postAndWait(id, { creditCheckMode: 'BALANCE' });
    expect(codes(refused)).toEqual(['CREDIT_LIMIT_EXCEEDED']);
    expect(refused.errors[0]?.message).toContain('credit limit of 100.00 EUR');
    const other = await draft('P-LIMIT', { lines: [serviceLine('50.00')] });
    // 60.00 alone fits, but not with the other unposted document of 120.00 (BALANCE_ALL).
    expect(codes(await postAndWait(other, { creditCheckMode: 'BALANCE_ALL' }))).toEqual(['CREDIT_LIMIT_EXCEEDED']);
    expect((await postAndWait(other, { creditCheckMode: 'BALANCE' })).status).toBe('COMPLETE');
    expect((await postAndWait(id)).status).toBe('COMPLETE');
  });

  it('refuses a document with customer items awaiting review while the company requires confirmation, and posts it once reviewed', async () => {
    expect((await api.patch(path('/settings'), { requireCustomerItemConfirmation: true })).status).toBe(200);
    const id = await draft('P-STD', { type: 'SALES_ORDER', lines: [{ description: 'Heat pump', quantity: '2', unitPrice: '500.00', taxCode: 'STD', productId: 'PUMP' }] });
    const refused = await postAndWait(id);
    expect(codes(refused)).toEqual(['CUSTOMER_ITEM_REVIEW_REQUIRED']);
    expect(refused.errors[0]?.message).toContain('review the customer items first');
    const drafts = await api.get<{ items: { id: string }[] }>(path(`/customer-item-drafts?invoiceId=${id}`));
    expect(drafts.body.items).toHaveLength(2);
    for (const pending of drafts.body.items) {
      expect((await api.post(path(`/customer-item-drafts/${pending.id}/review`), { decision: 'CONFIRM' })).status).toBe(200);
    }
    expect((await postAndWait(id)).status).toBe('COMPLETE');
    expect((await api.patch(path('/settings'), { requireCustomerItemConfirmation: false })).status).toBe(200);
  });
});

describe('post and pay', () => {
  it('posts a cash sale and records its payment in one request: the open item ends settled', async () => {
    const id = await draft('P-CASH');
    const paymentId = uniqueName('PAY');
    const before = await customer('P-CASH');
    const posted = await postAndWait(id, { payment: { id: paymentId, amount: '120.00', paidDate: '2026-11-03', reference: 'till 1' } }, uniqueName('key'));
    expect([posted.status, posted.number === null]).toEqual(['COMPLETE', false]);
    // The payment posted in the document's ledger transaction, so its entry is there as soon as
    // the document is Complete, before the customer service has recorded anything.
    const [paymentEntry] = await entriesOf(paymentId);
    expect(paymentEntry?.lines.map((line) => `${line.account} ${line.amount}`).sort()).toEqual(['1000 120.00', '1200 -120.00']);
    const item = await eventually(async () => {
      const current = await openItem('P-CASH', id);
      return current?.remaining === '0.00' ? current : undefined;
    }, { what: 'the open item to be settled by its payment' });
    expect(item.amount).toBe('120.00');
    const after = await customer('P-CASH');
    expect([after.postedBalance, after.unappliedAmount]).toEqual([before.postedBalance, before.unappliedAmount]);
  });

  it('records nothing when the posting fails, and posts and pays once the document is corrected', async () => {
    const before = await customer('P-CASH');
    const paymentId = uniqueName('PAY');
    const payment = { id: paymentId, amount: '120.00', paidDate: '2026-11-05' };
    const closedDocument = await draft('P-CASH', { invoiceDate: '2026-10-15' });
    expect(codes(await postAndWait(closedDocument, { payment }, uniqueName('key')))).toEqual(['PERIOD_CLOSED']);
    const closedPayment = await draft('P-CASH');
    const refused = await postAndWait(closedPayment, { payment: { ...payment, id: uniqueName('PAY'), paidDate: '2026-10-31' } }, uniqueName('key'));
    expect(refused.errors.map((error) => [error.code, error.path])).toEqual([['PERIOD_CLOSED', 'payment.paidDate']]);
    for (const source of [closedDocument, closedPayment, paymentId]) expect(await entriesOf(source)).toEqual([]);
    expect(await customer('P-CASH')).toMatchObject({ postedBalance: before.postedBalance, unappliedAmount: before.unappliedAmount });

    const amended = await api.patch<Invoice>(path(`/invoices/${closedDocument}`), { invoiceDate: '2026-11-05', lines: [serviceLine()] });
    expect([amended.status, amended.body.errors]).toEqual([200, []]);
    expect((await postAndWait(closedDocument, { payment }, uniqueName('key'))).status).toBe('COMPLETE');
    await eventually(async () => ((await openItem('P-CASH', closedDocument))?.remaining === '0.00' ? true : undefined), { what: 'the corrected document settled' });
    expect(await entriesOf(paymentId)).toHaveLength(1);
  });

  it('refuses a payment of more than the total at once, naming the field, and keeps the document In Progress', async () => {
    const id = await draft('P-CASH');
    const answer = await api.post<Problem>(path(`/invoices/${id}/post`), { payment: { amount: '120.01', paidDate: '2026-11-03' } });
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((error) => error.path)).toEqual(['payment.amount']);
    expect((await api.get<Invoice>(path(`/invoices/${id}`))).body.status).toBe('IN_PROGRESS');
  });

  it('answers a repeat with the same Idempotency-Key as the first time, and the key with another payment 409', async () => {
    const id = await draft('P-CASH');
    const key = uniqueName('key');
    const body = { payment: { amount: '120.00', paidDate: '2026-11-03' } };
    const first = await api.post<Invoice>(path(`/invoices/${id}/post`), body, { idempotencyKey: key });
    expect(first.status).toBe(202);
    const repeat = await api.post<Invoice>(path(`/invoices/${id}/post`), body, { idempotencyKey: key });
    expect([200, 202]).toContain(repeat.status);
    expect(repeat.body.id).toBe(id);
    const other = await api.post<Problem>(path(`/invoices/${id}/post`), { payment: { amount: '100.00', paidDate: '2026-11-03' } }, { idempotencyKey: key });
    expect([other.status, other.body.errors[0]?.code]).toEqual([409, 'CONFLICT']);
    await eventually(async () => ((await openItem('P-CASH', id))?.remaining === '0.00' ? true : undefined), { what: 'the document paid once' });
  });
});

describe('printing', () => {
  it('prints a draft and a posted document as PDF', async () => {
    const id = await draft('P-STD');
    const printedDraft = await api.bytes(path(`/invoices/${id}/pdf`));
    expect([printedDraft.status, printedDraft.contentType]).toEqual([200, 'application/pdf']);
    await postAndWait(id);
    const printedPosted = await api.bytes(path(`/invoices/${id}/pdf`));
    expect(printedPosted.status).toBe(200);
    expect(Buffer.from(printedPosted.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });
});

/**
 * Line i of the large document: prices vary so rounding is exercised; every other line at 5 %.
 * Descriptions of about 120 characters make its events about 1.5 MB, above Kafka's default
 * limit of 1 MiB, so the test also proves the raised limits.
 */
function largeLine(index: number) {
  const cents = ((index * 7919) % 9_900) + 1;
  return {
    description: `Line ${index + 1} of a large delivery: article ${String(index * 31).padStart(8, '0')}, plate heat exchanger spare part, gasket set and fitting`,
    quantity: '1',
    unitPrice: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
    taxCode: index % 2 === 0 ? 'STD' : 'RED',
    account: index % 3 === 0 ? '4100' : '4000',
    cents,
  };
}

/** Cents as a decimal string, "1234.50". */
const amountOf = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

describe(`background posting and a document of ${LARGE_DOCUMENT_LINES} lines`, () => {
  it(`queues a document above the line threshold without waiting, refuses to change it while queued, and posts all ${LARGE_DOCUMENT_LINES} lines exactly`, async () => {
    expect((await api.patch(path('/settings'), { backgroundPostingLineThreshold: BACKGROUND_THRESHOLD })).status).toBe(200);
    const lines = Array.from({ length: LARGE_DOCUMENT_LINES }, (_, index) => largeLine(index));
    const bases = { STD: 0, RED: 0 };
    for (const line of lines) bases[line.taxCode as keyof typeof bases] += line.cents;
    const netCents = bases.STD + bases.RED;
    // Tax is computed once per tax code on the sum of its lines, rounded half up (positive amounts).
    const taxCents = Math.round((bases.STD * TAX_RATES_PERCENT.STD) / 100) + Math.round((bases.RED * TAX_RATES_PERCENT.RED) / 100);
    const totalCents = netCents + taxCents;

    const createdAt = performance.now();
    const created = await api.post<Invoice>(path('/invoices'), {
      type: 'FREE_TEXT',
      customerId: 'P-BIG',
      invoiceDate: '2026-11-10',
      lines: lines.map(({ cents: _cents, ...line }) => line),
    });
    const createSeconds = (performance.now() - createdAt) / 1000;
    expect(created.status, JSON.stringify(created.body).slice(0, 500)).toBe(201);
    expect([created.body.netAmount, created.body.taxAmount, created.body.totalAmount]).toEqual([amountOf(netCents), amountOf(taxCents), amountOf(totalCents)]);
    const id = created.body.id;

    const postedAt = performance.now();
    const queued = await api.post<Invoice>(path(`/invoices/${id}/post?wait=true`), {}, { idempotencyKey: `big-${id}` });
    const answerSeconds = (performance.now() - postedAt) / 1000;
    expect([queued.status, queued.body.status]).toEqual([202, 'READY_TO_POST']);

    // While it is queued, nothing may change it, print it or post it again.
    const [amend, discard, print, again, repeat] = await Promise.all([
      api.patch<Problem>(path(`/invoices/${id}`), { invoiceDate: '2026-11-11', lines: [serviceLine()] }),
      api.post<Problem>(path(`/invoices/${id}/discard`)),
      api.get<Problem>(path(`/invoices/${id}/pdf`)),
      api.post<Problem>(path(`/invoices/${id}/post`), {}, { idempotencyKey: `other-${id}` }),
      api.post<Invoice>(path(`/invoices/${id}/post`), {}, { idempotencyKey: `big-${id}` }),
    ]);
    for (const refused of [amend, discard, print, again]) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors.map((error) => error.code)).toEqual(['INVALID_STATE']);
      expect(refused.body.detail).toContain('queued for posting');
    }
    // The same Idempotency-Key answers as the first request did.
    expect([repeat.status, repeat.body.id]).toEqual([202, id]);

    const complete = await eventually(async () => {
      const current = await api.get<Invoice>(path(`/invoices/${id}`));
      return current.body.status === 'COMPLETE' ? current.body : undefined;
    }, { what: 'the large document to post', timeoutMs: 180_000, intervalMs: 250 });
    const postSeconds = (performance.now() - postedAt) / 1000;
    console.log(
      `${LARGE_DOCUMENT_LINES}-line document: created in ${createSeconds.toFixed(1)} s; post answered (202, background) in ${answerSeconds.toFixed(2)} s; ` +
        `Complete ${postSeconds.toFixed(1)} s after the post request`,
    );
    expect(complete.number).not.toBeNull();

    const [entry, ...others] = await entriesOf(id);
    expect(others).toEqual([]);
    const sumOf = (amounts: readonly string[]) => amounts.reduce((sum, amount) => sum + Math.round(Number(amount) * 100), 0);
    for (const field of ['amount', 'homeAmount', 'reportingAmount'] as const) {
      expect(sumOf(entry?.lines.map((line) => line[field]) ?? []), `${field} balances`).toBe(0);
    }
    const byAccount = (account: string) => sumOf(entry?.lines.filter((line) => line.account === account).map((line) => line.amount) ?? []);
    expect(byAccount('1200')).toBe(totalCents);
    expect(byAccount('4000') + byAccount('4100')).toBe(-netCents);
    expect(byAccount('4100')).toBe(-lines.filter((line) => line.account === '4100').reduce((sum, line) => sum + line.cents, 0));
    expect(byAccount('2200')).toBe(-taxCents);
    await eventually(async () => ((await customer('P-BIG')).postedBalance === amountOf(totalCents) ? true : undefined), {
      what: 'the customer balance of the large document',
    });
    expect((await openItem('P-BIG', id))?.remaining).toBe(amountOf(totalCents));
  });

  it('keeps waiting for documents at or below the threshold', async () => {
    const posted = await api.post<Invoice>(path(`/invoices/${await draft('P-STD')}/post?wait=true`));
    expect([posted.status, posted.body.status]).toEqual([200, 'COMPLETE']);
  });
});

describe('the books', () => {
  it('keeps every invariant: balanced entries, balances equal to open items and the ledger, one entry per document, gapless numbers', () => {
    const result = checkInvariants(system);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('all invariants hold');
  });
});
