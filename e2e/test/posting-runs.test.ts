import { DATA_SERVICES, databaseName } from '@ledgerline/local-runtime';
import { databaseUrl, dropDatabase } from '@ledgerline/db';
import pg from 'pg';
import { eventually, uniqueName } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { restClient, type RestClient } from './rest.js';
import { checkInvariants, startSystemCommand, stopSystemCommand, type StartedSystem } from './system.js';

/**
 * Issue 4 end to end: posting runs through the REST API of the running system. A run selects
 * documents, reports what will post and what is blocked and why, and its commit re-checks every
 * document, posts the postable ones once and records why the others did not post.
 */
const { postgresAdminUrl } = inject('infrastructure');

let system: StartedSystem;
let api: RestClient;
const company = uniqueName('cr').replace(/_/g, '-');
const path = (rest: string) => `/v1/companies/${company}${rest}`;

interface Blocker {
  code: string;
  message: string;
}
interface Run {
  id: string;
  status: string;
  completedWithErrors: boolean;
  message: string | null;
  report: {
    documentCount: number;
    postableCount: number;
    blockedCount: number;
    customerTotals: { customerId: string; documentCount: number; totalAmount: string }[];
    accountTotals: { account: string; homeDebit: string; homeCredit: string }[];
    documents: { invoiceId: string; blockers: Blocker[] }[] | null;
    blockedDocuments: { invoiceId: string; blockers: Blocker[] }[];
  };
  postedCount: number;
  failedCount: number;
  pendingCount: number;
  results: { invoiceId: string; status: string; reasons: Blocker[] }[] | null;
}

beforeAll(async () => {
  // Due recurring runs are looked for every second, so the scheduled occurrence below runs quickly.
  system = await startSystemCommand({ RECURRING_RUN_POLL_MS: '1000' });
  api = restClient(system.gatewayUrl, system.apiKey);
  const created = await api.post(`/v1/companies`, { id: company, name: 'Run Co', homeCurrency: 'EUR', reportingCurrency: 'EUR', fiscalYearStart: '2026-01-01', template: 'standard' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const customers: [string, object][] = [
    ['R-A', {}],
    ['R-B', {}],
    ['R-CASH', { paymentTerms: 'CASH_SALES_ONLY' }],
    ['R-LIMIT', { creditLimit: '100.00' }],
  ];
  for (const [id, extra] of customers) {
    const customer = await api.post(path('/customers'), { id, name: `Customer ${id}`, currency: 'EUR', paymentTerms: 'STANDARD', ...extra });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  }
  const product = await api.post(path('/products'), { id: 'SERIAL-1', name: 'Serialized unit', revenueAccount: '4000', serialized: true, createsCustomerItem: false });
  expect(product.status, JSON.stringify(product.body)).toBe(201);
});

afterAll(async () => {
  if (system !== undefined) {
    await stopSystemCommand(system);
    await Promise.all(DATA_SERVICES.map((service) => dropDatabase(postgresAdminUrl, databaseName(system.databasePrefix, service))));
  }
});

/** An In Progress document of one 100.00 line with 20 % tax (120.00). */
async function draft(customerId: string, options: { type?: string; invoiceDate?: string; lines?: object[] } = {}): Promise<string> {
  const created = await api.post<{ id: string }>(path('/invoices'), {
    type: options.type ?? 'FREE_TEXT',
    customerId,
    invoiceDate: options.invoiceDate ?? '2026-11-03',
    lines: options.lines ?? [{ description: 'Service', quantity: '1', unitPrice: '100.00', taxCode: 'STD', account: '4000' }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function runOf(id: string): Promise<Run> {
  const answer = await api.get<Run>(path(`/posting-runs/${id}?documents=true`));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

async function entryCount(invoiceId: string): Promise<number> {
  const answer = await api.get<{ entries: unknown[] }>(path(`/ledger/entries?sourceId=${invoiceId}`));
  return answer.body.entries.length;
}

describe('posting runs through the REST API', () => {
  const ids: Record<string, string> = {};
  let runId: string;

  it('reports every document with totals, and every blocked one with its code', async () => {
    ids.invoice = await draft('R-A');
    ids.creditMemo = await draft('R-A', { type: 'CREDIT_MEMO', invoiceDate: '2026-11-04' });
    ids.postedElsewhere = await draft('R-B');
    ids.cash = await draft('R-CASH');
    ids.overLimit = await draft('R-LIMIT');
    ids.serial = await draft('R-B', { type: 'SALES_ORDER', lines: [{ description: 'Unit', quantity: '2', unitPrice: '50.00', taxCode: 'STD', productId: 'SERIAL-1', serialNumbers: ['SN-1'] }] });
    ids.outside = await draft('R-A', { invoiceDate: '2026-12-20' });

    runId = uniqueName('run');
    const created = await api.post<Run>(path('/posting-runs?documents=true'), {
      id: runId,
      selection: { invoiceDateFrom: '2026-11-01', invoiceDateTo: '2026-11-30', customerFrom: 'R-A', customerTo: 'R-LIMIT' },
      creditCheckMode: 'BALANCE',
      description: 'November',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = created.body;
    expect(run).toMatchObject({ status: 'REPORTED', report: { documentCount: 6, postableCount: 3, blockedCount: 3 } });
    const blockers = new Map((run.report.documents ?? []).map((document) => [document.invoiceId, document.blockers.map((blocker) => blocker.code)]));
    expect(blockers.get(ids.cash ?? '')).toEqual(['CASH_SALES_ONLY']);
    expect(blockers.get(ids.overLimit ?? '')).toEqual(['CREDIT_LIMIT_EXCEEDED']);
    expect(blockers.get(ids.serial ?? '')).toEqual(['SERIAL_NUMBERS_MISSING']);
    expect(blockers.has(ids.outside ?? '')).toBe(false);
    expect(run.report.customerTotals).toEqual([
      expect.objectContaining({ customerId: 'R-A', documentCount: 2, totalAmount: '0.00' }),
      expect.objectContaining({ customerId: 'R-B', documentCount: 1, totalAmount: '120.00' }),
    ]);
    expect(run.report.accountTotals).toEqual([
      { account: '1200', homeDebit: '240.00', homeCredit: '120.00' },
      { account: '2200', homeDebit: '20.00', homeCredit: '40.00' },
      { account: '4000', homeDebit: '100.00', homeCredit: '200.00' },
    ]);
    expect((await api.post(path('/posting-runs'), { id: runId, selection: { customerFrom: 'R-B' } })).status).toBe(409);

    // Without ?documents=true a run lists its blocked documents only, with their codes.
    const plain = await api.get<Run>(path(`/posting-runs/${runId}`));
    expect(plain.body.report.documents).toBeNull();
    expect(new Map(plain.body.report.blockedDocuments.map((document) => [document.invoiceId, document.blockers.map((blocker) => blocker.code)]))).toEqual(
      new Map([
        [ids.cash, ['CASH_SALES_ONLY']],
        [ids.overLimit, ['CREDIT_LIMIT_EXCEEDED']],
        [ids.serial, ['SERIAL_NUMBERS_MISSING']],
      ]),
    );
  });

  it('commits: posts the postable documents once and records why the others did not post', async () => {
    // Posted on its own after the report: the commit must not post it again.
    const single = await api.post<{ status: string }>(path(`/invoices/${ids.postedElsewhere}/post?wait=true`));
    expect(single.body.status).toBe('COMPLETE');

    const committed = await api.post<Run>(path(`/posting-runs/${runId}/commit`));
    expect(committed.status, JSON.stringify(committed.body)).toBe(202);
    expect(['COMMITTING', 'COMPLETED']).toContain(committed.body.status);
    const run = await eventually(async () => {
      const current = await runOf(runId);
      return current.status === 'COMPLETED' ? current : undefined;
    }, { what: 'the run to complete', timeoutMs: 60_000 });
    expect(run).toMatchObject({ completedWithErrors: true, message: 'not all transactions were posted', postedCount: 2, failedCount: 4, pendingCount: 0 });
    const results = new Map((run.results ?? []).map((result) => [result.invoiceId, result]));
    expect(results.get(ids.invoice ?? '')?.status).toBe('POSTED');
    expect(results.get(ids.creditMemo ?? '')?.status).toBe('POSTED');
    expect(results.get(ids.postedElsewhere ?? '')).toMatchObject({ status: 'FAILED', reasons: [expect.objectContaining({ code: 'ALREADY_POSTED' })] });
    expect(results.get(ids.cash ?? '')?.reasons.map((reason) => reason.code)).toEqual(['CASH_SALES_ONLY']);
    for (const id of [ids.invoice, ids.creditMemo, ids.postedElsewhere]) expect(await entryCount(id ?? '')).toBe(1);
    expect((await api.get<{ status: string }>(path(`/invoices/${ids.cash}`))).body.status).toBe('IN_PROGRESS');

    const again = await api.post<Run>(path(`/posting-runs/${runId}/commit`));
    expect(again.body).toMatchObject({ status: 'COMPLETED', postedCount: 2 });
    for (const id of [ids.invoice, ids.creditMemo]) expect(await entryCount(id ?? '')).toBe(1);
  });

  it('refuses a run that selects nothing, and bad input naming the field', async () => {
    const empty = await api.post<{ errors: { code: string }[] }>(path('/posting-runs'), { id: uniqueName('run'), selection: { customerFrom: 'ZZZ' } });
    expect(empty.status).toBe(422);
    expect(empty.body.errors.map((error) => error.code)).toEqual(['NOTHING_SELECTED']);
    const bad = await api.post<{ errors: { path: string }[] }>(path('/posting-runs'), { id: uniqueName('run'), selection: { invoiceDateFrom: '2026-11-30', invoiceDateTo: '2026-11-01' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((error) => error.path)).toEqual(['selection.invoiceDateTo']);
    // Draft numbers order by number, not as text: D-999999 comes before D-1000000.
    const numbers = await api.post<{ errors: { path: string }[] }>(path('/posting-runs'), {
      id: uniqueName('run'),
      selection: { numberFrom: 'D-1000000', numberTo: 'D-999999' },
    });
    expect([numbers.status, numbers.body.errors.map((error) => error.path)]).toEqual([422, ['selection.numberTo']]);
    const notDraft = await api.post<{ errors: { path: string }[] }>(path('/posting-runs'), { id: uniqueName('run'), selection: { numberFrom: 'INV-1' } });
    expect([notDraft.status, notDraft.body.errors.map((error) => error.path)]).toEqual([422, ['selection.numberFrom']]);
    expect((await api.get(path('/posting-runs/nope'))).status).toBe(404);
  });

  it('selects documents by draft number range, numbered in the order they were created', async () => {
    const drafts = [await draft('R-B', { invoiceDate: '2026-07-01' }), await draft('R-B', { invoiceDate: '2026-07-02' }), await draft('R-B', { invoiceDate: '2026-07-03' })];
    const numbers = await Promise.all(drafts.map(async (id) => (await api.get<{ draftNumber: string }>(path(`/invoices/${id}`))).body.draftNumber));
    const values = numbers.map((number) => Number(number.replace(/^D-/, '')));
    expect(values).toEqual([values[0], (values[0] ?? 0) + 1, (values[0] ?? 0) + 2]);
    const created = await api.post<Run>(path('/posting-runs?documents=true'), { id: uniqueName('run'), selection: { numberFrom: numbers[1], numberTo: numbers[2] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((created.body.report.documents ?? []).map((document) => document.invoiceId).sort()).toEqual([drafts[1], drafts[2]].sort());
  });

  it('resumes a commit that was interrupted, posting each document once', async () => {
    const drafts = [await draft('R-A', { invoiceDate: '2026-08-03' }), await draft('R-A', { invoiceDate: '2026-08-04' }), await draft('R-B', { invoiceDate: '2026-08-05' })];
    const interruptedId = uniqueName('run');
    const created = await api.post<Run>(path('/posting-runs'), { id: interruptedId, selection: { invoiceIds: drafts } });
    expect(created.body.report.postableCount).toBe(3);
    // The state a crash leaves behind after the commit started: the run committing, its documents
    // unpacked into rows (which a read does too), one of them marked pending without its posting
    // requested, the others not reached yet.
    expect((await api.get(path(`/posting-runs/${interruptedId}`))).status).toBe(200);
    const posting = new pg.Client({ connectionString: databaseUrl(postgresAdminUrl, databaseName(system.databasePrefix, 'posting')) });
    await posting.connect();
    try {
      await posting.query(`UPDATE posting_run SET status = 'COMMITTING', committed_at = now() WHERE company_id = $1 AND posting_run_id = $2`, [company, interruptedId]);
      const marked = await posting.query(`UPDATE posting_run_document SET result = 'PENDING' WHERE company_id = $1 AND posting_run_id = $2 AND invoice_id = $3`, [company, interruptedId, drafts[0]]);
      expect(marked.rowCount).toBe(1);
    } finally {
      await posting.end();
    }
    const resumed = await api.post<Run>(path(`/posting-runs/${interruptedId}/commit`));
    expect(resumed.status).toBe(202);
    const run = await eventually(async () => {
      const current = await runOf(interruptedId);
      return current.status === 'COMPLETED' ? current : undefined;
    }, { what: 'the resumed run to complete' });
    expect(run).toMatchObject({ postedCount: 3, failedCount: 0, completedWithErrors: false });
    for (const id of drafts) expect(await entryCount(id)).toBe(1);
  });

  it('runs a recurring selection month by month on demand, never posting a document twice', async () => {
    const september = await draft('R-A', { invoiceDate: '2026-09-10' });
    const october = await draft('R-A', { invoiceDate: '2026-10-31' });
    const recurringId = uniqueName('monthly');
    const created = await api.post<{ occurrences: number }>(path('/recurring-posting-runs'), {
      id: recurringId,
      selection: { customerFrom: 'R-A', customerTo: 'R-A', invoiceDateFrom: '2026-09-01', invoiceDateTo: '2026-09-30' },
      increment: 'MONTH',
      firstRunAt: '2030-01-01T06:00:00Z',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const first = await api.post<{ occurrences: number; postingRunIds: string[]; nextRunAt: string }>(path(`/recurring-posting-runs/${recurringId}/run`));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ occurrences: 1, nextRunAt: '2030-02-01T06:00:00.000Z' });
    const firstRun = await eventually(async () => {
      const run = await runOf(first.body.postingRunIds[0] ?? '');
      return run.status === 'COMPLETED' ? run : undefined;
    });
    expect((firstRun.results ?? []).map((result) => [result.invoiceId, result.status])).toEqual([[september, 'POSTED']]);

    // October's range is 2026-10-01..2026-10-31: the month end moves with the month.
    const second = await api.post<{ occurrences: number; postingRunIds: string[] }>(path(`/recurring-posting-runs/${recurringId}/run`));
    expect(second.body.occurrences).toBe(2);
    const secondRun = await eventually(async () => {
      const run = await runOf(second.body.postingRunIds[1] ?? '');
      return run.status === 'COMPLETED' ? run : undefined;
    });
    expect((secondRun.results ?? []).map((result) => [result.invoiceId, result.status])).toEqual([[october, 'POSTED']]);

    const third = await api.post<{ occurrences: number; postingRunIds: string[] }>(path(`/recurring-posting-runs/${recurringId}/run`));
    expect(third.body).toMatchObject({ occurrences: 3, postingRunIds: second.body.postingRunIds });
    for (const id of [september, october]) expect(await entryCount(id)).toBe(1);
  });

  it('runs a recurring selection when its schedule is due', async () => {
    const due = await draft('R-B', { invoiceDate: '2026-11-20' });
    const recurringId = uniqueName('weekly');
    const created = await api.post(path('/recurring-posting-runs'), {
      id: recurringId,
      selection: { invoiceIds: [due] },
      increment: 'WEEK',
      firstRunAt: new Date(Date.now() - 1_000).toISOString(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ran = await eventually(async () => {
      const recurring = await api.get<{ occurrences: number; postingRunIds: string[] }>(path(`/recurring-posting-runs/${recurringId}`));
      return recurring.body.occurrences >= 1 ? recurring.body : undefined;
    }, { what: 'the scheduled occurrence', timeoutMs: 30_000 });
    await eventually(async () => ((await api.get<{ status: string }>(path(`/invoices/${due}`))).body.status === 'COMPLETE' ? true : undefined));
    expect(ran.postingRunIds).toHaveLength(1);
    expect(await entryCount(due)).toBe(1);
  });

  it('reports the account totals of a foreign-currency document as the ledger posts them, rounding line included', async () => {
    const rate = await api.post(path('/exchange-rates'), { from: 'GBP', to: 'EUR', date: '2026-01-01', rate: '1.1634' });
    expect(rate.status, JSON.stringify(rate.body)).toBeLessThan(300);
    const customer = await api.post(path('/customers'), { id: 'R-GBP', name: 'Customer R-GBP', currency: 'GBP', paymentTerms: 'STANDARD' });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const pence = { description: 'Sample', quantity: '1', unitPrice: '0.05', taxCode: 'ZERO', account: '4000' };
    const invoiceId = await draft('R-GBP', { invoiceDate: '2026-07-06', lines: [pence, pence, pence] });
    const foreignRunId = uniqueName('run');
    const created = await api.post<Run>(path('/posting-runs'), { id: foreignRunId, selection: { invoiceIds: [invoiceId] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const reported = created.body.report.accountTotals;
    // Each 0.05 GBP line is 0.06 EUR while the 0.15 GBP receivable is 0.17 EUR: the ledger books 0.01 on 8900.
    expect(reported).toContainEqual({ account: '8900', homeDebit: '0.01', homeCredit: '0.00' });

    expect((await api.post(path(`/posting-runs/${foreignRunId}/commit`))).status).toBe(202);
    await eventually(async () => ((await runOf(foreignRunId)).status === 'COMPLETED' ? true : undefined), { what: 'the foreign-currency run to complete' });
    const posted = await api.get<{ entries: { lines: { account: string; homeAmount: string }[] }[] }>(path(`/ledger/entries?sourceId=${invoiceId}`));
    const cents = new Map<string, { debit: number; credit: number }>();
    for (const entryLine of posted.body.entries.flatMap((entry) => entry.lines)) {
      const amount = Math.round(Number(entryLine.homeAmount) * 100);
      const account = cents.get(entryLine.account) ?? { debit: 0, credit: 0 };
      if (amount < 0) account.credit -= amount;
      else account.debit += amount;
      cents.set(entryLine.account, account);
    }
    const postedTotals = [...cents]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([account, { debit, credit }]) => ({ account, homeDebit: (debit / 100).toFixed(2), homeCredit: (credit / 100).toFixed(2) }));
    expect(reported).toEqual(postedTotals);
  });

  it('reports and commits a document with an income schedule: deferred revenue in the totals, blocked when its periods are not open', async () => {
    const scheduledLine = (periods: number) => ({
      description: 'Maintenance',
      quantity: '1',
      unitPrice: '100.00',
      taxCode: 'STD',
      account: '4100',
      incomeSchedule: { startDate: '2026-11-03', periods },
    });
    const plain = await draft('R-B');
    const scheduled = await draft('R-B', { lines: [scheduledLine(2)] });
    const tooLong = await draft('R-B', { lines: [scheduledLine(3)] });
    const scheduleRunId = uniqueName('run');
    const created = await api.post<Run>(path('/posting-runs'), { id: scheduleRunId, selection: { invoiceIds: [plain, scheduled, tooLong] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { report } = created.body;
    expect([report.documentCount, report.postableCount, report.blockedCount]).toEqual([3, 2, 1]);
    expect(report.blockedDocuments.map((blocked) => [blocked.invoiceId, blocked.blockers.map((blocker) => blocker.code)])).toEqual([[tooLong, ['PERIOD_CLOSED']]]);
    // The plain document is summarized to revenue; the scheduled one is built and credits deferred revenue.
    expect(report.accountTotals).toEqual([
      { account: '1200', homeDebit: '240.00', homeCredit: '0.00' },
      { account: '2200', homeDebit: '0.00', homeCredit: '40.00' },
      { account: '2500', homeDebit: '0.00', homeCredit: '100.00' },
      { account: '4000', homeDebit: '0.00', homeCredit: '100.00' },
    ]);

    expect((await api.post(path(`/posting-runs/${scheduleRunId}/commit`))).status).toBe(202);
    const committed = await eventually(async () => {
      const run = await runOf(scheduleRunId);
      return run.status === 'COMPLETED' ? run : undefined;
    }, { what: 'the run with an income schedule to complete' });
    expect([committed.postedCount, committed.failedCount]).toEqual([2, 1]);
    const entries = await api.get<{ entries: { journal: string; date: string; lines: { account: string; amount: string }[] }[] }>(path(`/ledger/entries?sourceId=${scheduled}`));
    expect(entries.body.entries.map((entry) => [entry.journal, entry.date, entry.lines.map((entryLine) => `${entryLine.account} ${entryLine.amount}`)])).toEqual([
      ['AR_DISTRIBUTION', '2026-11-03', ['1200 120.00', '2500 -100.00', '2200 -20.00']],
      ['INCOME_SCHEDULE', '2026-11-03', ['2500 50.00', '4100 -50.00']],
      ['INCOME_SCHEDULE', '2026-12-01', ['2500 50.00', '4100 -50.00']],
    ]);
    expect(await entryCount(tooLong)).toBe(0);
  });

  it('keeps every invariant after the run', () => {
    const result = checkInvariants(system);
    expect(result.status, result.output).toBe(0);
  });
});
