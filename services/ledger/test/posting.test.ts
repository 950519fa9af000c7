import { ledgerV1 } from '@ledgerline/contracts';
import { describe, expect, it } from 'vitest';
import { countWritten, createCompany, entryOf, errorsOf, invoiceJournal, line, useLedgerService } from './support.js';

const ledger = useLedgerService();

/** How long a ClosePeriod may take before the test calls it blocked. */
const CLOSE_WAIT_MS = 5_000;
/** How long the test waits for a posting to queue for the company's number sequences. */
const QUEUE_WAIT_MS = 10_000;

/** Resolves once a backend of the ledger's database waits for a lock on the number sequences. */
async function untilWaitingForTurn(): Promise<void> {
  const deadline = Date.now() + QUEUE_WAIT_MS;
  while (Date.now() < deadline) {
    const [row] = await ledger.db.prisma.$queryRawUnsafe<Array<{ waiting: number }>>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM number_sequence%'`,
    );
    if ((row?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no posting queued for the number sequences');
}

function amounts(entry: ledgerV1.JournalEntry) {
  return entry.lines.map((l) => [l.account, l.amount, l.homeAmount, l.reportingAmount]);
}

function sums(entry: ledgerV1.JournalEntry) {
  const total = (pick: (l: ledgerV1.JournalLine) => string) => entry.lines.reduce((acc, l) => acc + Math.round(Number(pick(l)) * 1000), 0);
  return [total((l) => l.amount), total((l) => l.homeAmount), total((l) => l.reportingAmount)];
}

async function setRate(companyId: string, fromCurrency: string, toCurrency: string, rate: string, validFrom = '2026-01-01') {
  const response = await ledger.client.setExchangeRate({ companyId, rate: { fromCurrency, toCurrency, validFrom, rate } });
  expect(response.result?.$case).toBe('rate');
}

describe('PostJournals', () => {
  it('posts a balanced home-currency invoice with its lines, customer and transaction number 1', async () => {
    const companyId = await createCompany(ledger.client);
    const { results } = await ledger.client.postJournals({ companyId, journals: [invoiceJournal('inv-1')] });
    const entry = entryOf(results[0]);
    expect(results[0]?.replayed).toBe(false);
    expect(entry).toMatchObject({
      companyId,
      transactionNumber: '1',
      journal: ledgerV1.JournalType.JOURNAL_TYPE_AR_DISTRIBUTION,
      date: '2026-03-15',
      period: '2026-03',
      sourceId: 'inv-1',
      currency: 'EUR',
      documentNumber: '',
    });
    expect(entry.lines.map((l) => [l.lineNumber, l.account, l.amount, l.homeAmount, l.customerId])).toEqual([
      [1, '1200', '120.00', '120.00', 'C-1'],
      [2, '4000', '-100.00', '-100.00', ''],
      [3, '2200', '-20.00', '-20.00', ''],
    ]);
    expect((await ledger.client.getEntriesBySource({ companyId, sourceId: 'inv-1' })).entries).toEqual([entry]);
  });

  it('replays an already posted source: the same entry, replayed=true, nothing written', async () => {
    const companyId = await createCompany(ledger.client);
    const first = entryOf((await ledger.client.postJournals({ companyId, journals: [invoiceJournal('inv-r')] })).results[0]);
    const changed = invoiceJournal('inv-r', { lines: [line('1200', '5.00', { customerId: 'C-1' }), line('4000', '-5.00')] });
    const { results } = await ledger.client.postJournals({ companyId, journals: [changed, invoiceJournal('inv-r2')] });
    expect(results[0]?.replayed).toBe(true);
    expect(entryOf(results[0])).toEqual(first);
    expect(entryOf(results[1]).transactionNumber).toBe('2');
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 2, lines: 6 });
  });

  it('rejects a posting dated in a closed period with PERIOD_CLOSED naming it, and writes nothing', async () => {
    const companyId = await createCompany(ledger.client);
    await ledger.client.closePeriod({ companyId, period: '2026-03' });
    const { results } = await ledger.client.postJournals({ companyId, journals: [invoiceJournal('inv-closed')] });
    expect(errorsOf(results[0])).toEqual([
      { code: 'PERIOD_CLOSED', fieldPath: 'journals[0].date', message: expect.stringContaining('2026-03') },
    ]);
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 0, lines: 0 });
    await ledger.client.reopenPeriod({ companyId, period: '2026-03' });
    expect(entryOf((await ledger.client.postJournals({ companyId, journals: [invoiceJournal('inv-closed')] })).results[0]).transactionNumber).toBe('1');
  });

  it('converts USD lines to EUR, adds the rounding difference on 8900, and every currency sums to zero', async () => {
    const companyId = await createCompany(ledger.client, { homeCurrency: 'EUR', reportingCurrency: 'EUR' });
    await setRate(companyId, 'USD', 'EUR', '0.92');
    const journal = invoiceJournal('inv-usd', {
      currency: 'USD',
      lines: [line('1200', '1.00', { customerId: 'C-1' }), line('4000', '-0.33'), line('4000', '-0.33'), line('4100', '-0.34')],
    });
    const entry = entryOf((await ledger.client.postJournals({ companyId, journals: [journal] })).results[0]);
    expect(amounts(entry)).toEqual([
      ['1200', '1.00', '0.92', '0.92'],
      ['4000', '-0.33', '-0.30', '-0.30'],
      ['4000', '-0.33', '-0.30', '-0.30'],
      ['4100', '-0.34', '-0.31', '-0.31'],
      ['8900', '0.00', '-0.01', '-0.01'],
    ]);
    expect(sums(entry)).toEqual([0, 0, 0]);
  });

  it("converts in the company's rounding mode, and the rounding line takes what truncation leaves", async () => {
    const companyId = await createCompany(ledger.client, { homeCurrency: 'EUR', reportingCurrency: 'EUR' });
    await setRate(companyId, 'USD', 'EUR', '0.995');
    await ledger.client.updateCompanySettings({ companyId, roundingMode: ledgerV1.RoundingMode.ROUNDING_MODE_DOWN });
    const journal = invoiceJournal('inv-down', {
      currency: 'USD',
      lines: [line('1200', '0.04', { customerId: 'C-1' }), ...Array.from({ length: 4 }, () => line('4000', '-0.01'))],
    });
    const entry = entryOf((await ledger.client.postJournals({ companyId, journals: [journal] })).results[0]);
    // 0.04 × 0.995 = 0.0398 and 0.01 × 0.995 = 0.00995 are cut to 0.03 and 0.00: a gap of 3 cents over
    // five lines, more than half a cent each, which only rounding towards zero explains.
    expect(amounts(entry).map(([account, , home]) => [account, home])).toEqual([
      ['1200', '0.03'],
      ['4000', '0.00'],
      ['4000', '0.00'],
      ['4000', '0.00'],
      ['4000', '0.00'],
      ['8900', '-0.03'],
    ]);
    expect(sums(entry)).toEqual([0, 0, 0]);

    await ledger.client.updateCompanySettings({ companyId, roundingMode: ledgerV1.RoundingMode.ROUNDING_MODE_HALF_EVEN });
    const tie = invoiceJournal('inv-even', { currency: 'USD', lines: [line('1200', '3.00', { customerId: 'C-1' }), line('4000', '-3.00')] });
    // 3.00 × 0.995 = 2.985, a tie: HALF_EVEN gives the even 2.98 where the default gives 2.99.
    expect(amounts(entryOf((await ledger.client.postJournals({ companyId, journals: [tie] })).results[0])).map(([, , home]) => home)).toEqual([
      '2.98',
      '-2.98',
    ]);
  });

  it('converts to JPY (no decimals) and to BHD (three decimals) by the inverse of the stored rate', async () => {
    const companyId = await createCompany(ledger.client, { homeCurrency: 'JPY', reportingCurrency: 'BHD' });
    await setRate(companyId, 'EUR', 'JPY', '161.5');
    await setRate(companyId, 'BHD', 'EUR', '2.4401');
    const journal = invoiceJournal('inv-jpy', {
      lines: [line('1200', '10.00', { customerId: 'C-1' }), line('4000', '-3.33'), line('4000', '-6.67')],
    });
    const entry = entryOf((await ledger.client.postJournals({ companyId, journals: [journal] })).results[0]);
    // BHD has no direct rate: 10 / 2.4401 = 4.09819…, 3.33 / 2.4401 = 1.36469…, 6.67 / 2.4401 = 2.73349…, rounded to fils.
    expect(amounts(entry)).toEqual([
      ['1200', '10.00', '1615', '4.098'],
      ['4000', '-3.33', '-538', '-1.365'],
      ['4000', '-6.67', '-1077', '-2.733'],
    ]);
    expect(sums(entry)).toEqual([0, 0, 0]);
  });

  it('rejects EXCHANGE_RATE_MISSING naming the pair and the date, and writes nothing', async () => {
    const companyId = await createCompany(ledger.client);
    const { results } = await ledger.client.postJournals({ companyId, journals: [invoiceJournal('inv-gbp', { currency: 'GBP' })] });
    expect(errorsOf(results[0])).toEqual([
      { code: 'EXCHANGE_RATE_MISSING', fieldPath: 'journals[0].currency', message: expect.stringMatching(/GBP\/EUR.*2026-03-15/) },
    ]);
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 0, lines: 0 });
  });

  it('leaves no gap in transaction numbers when a journal in the batch is rejected', async () => {
    const companyId = await createCompany(ledger.client);
    const unbalanced = invoiceJournal('bad', { lines: [line('1200', '10.00', { customerId: 'C-1' }), line('4000', '-9.00')] });
    const unknownAccount = invoiceJournal('bad-account', { lines: [line('1200', '1.00', { customerId: 'C-1' }), line('4999', '-1.00')] });
    const { results } = await ledger.client.postJournals({
      companyId,
      journals: [invoiceJournal('a'), unbalanced, invoiceJournal('b'), unknownAccount, invoiceJournal('c')],
    });
    expect(errorsOf(results[1])).toEqual([expect.objectContaining({ code: 'UNBALANCED_ENTRY', fieldPath: 'journals[1].lines' })]);
    expect(errorsOf(results[3])).toEqual([expect.objectContaining({ code: 'VALIDATION_FAILED', fieldPath: 'journals[3].lines[1].account' })]);
    expect([results[0], results[2], results[4]].map((r) => entryOf(r).transactionNumber)).toEqual(['1', '2', '3']);
    const next = await ledger.client.postJournals({ companyId, journals: [invoiceJournal('d')] });
    expect(entryOf(next.results[0]).transactionNumber).toBe('4');
  });

  it('takes gapless legal document numbers per sequence only for accepted journals', async () => {
    const companyId = await createCompany(ledger.client);
    const numbered = (id: string, sequence: string, extra: Partial<ledgerV1.JournalRequest> = {}) =>
      invoiceJournal(id, { documentNumberSequence: sequence, ...extra });
    const { results } = await ledger.client.postJournals({
      companyId,
      journals: [
        numbered('n1', 'INVOICE'),
        numbered('n2', 'INVOICE', { date: '2031-01-01' }),
        numbered('n3', 'CREDIT_MEMO'),
        numbered('n4', 'INVOICE'),
      ],
    });
    expect(errorsOf(results[1])[0]?.code).toBe('PERIOD_CLOSED');
    expect([results[0], results[2], results[3]].map((r) => entryOf(r).documentNumber)).toEqual(['INVOICE-000001', 'CREDIT_MEMO-000001', 'INVOICE-000002']);
    const later = await ledger.client.postJournals({ companyId, journals: [numbered('n5', 'INVOICE')] });
    expect(entryOf(later.results[0]).documentNumber).toBe('INVOICE-000003');
  });

  it('numbers 500 journals posted by 10 concurrent calls 1..500 with no gap and no duplicate', async () => {
    const companyId = await createCompany(ledger.client);
    const calls = Array.from({ length: 10 }, (_, call) =>
      ledger.client.postJournals({
        companyId,
        journals: Array.from({ length: 50 }, (_, i) => invoiceJournal(`c${call}-${i}`, { documentNumberSequence: 'INVOICE' })),
      }),
    );
    const entries = (await Promise.all(calls)).flatMap((response) => response.results.map(entryOf));
    const numbers = entries.map((entry) => Number(entry.transactionNumber)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const documents = new Set(entries.map((entry) => entry.documentNumber));
    expect(documents.size).toBe(500);
    expect(documents.has('INVOICE-000500')).toBe(true);
  });

  it('posts sources named by 8 concurrent calls once each, numbered 1..20, the other calls answering replays', async () => {
    const companyId = await createCompany(ledger.client);
    // Calls that look for the sources before the first has committed find them posted only once
    // they hold the company's numbers, and drop what they built (a probe saw 7 of the 8 do so);
    // should one miss them even then, the unique source index refuses its insert and it retries.
    const calls = Array.from({ length: 8 }, () =>
      ledger.client.postJournals({ companyId, journals: Array.from({ length: 20 }, (_, i) => invoiceJournal(`same-${i}`)) }),
    );
    const results = (await Promise.all(calls)).flatMap((response) => response.results);
    expect(results.filter((result) => result.replayed)).toHaveLength(140);
    const entries = new Map(results.map((result) => [entryOf(result).entryId, entryOf(result)]));
    expect([...entries.values()].map((entry) => Number(entry.transactionNumber)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 20, lines: 60 });
  });

  it('lets a period close while a posting waits for its turn, then refuses its document in that period without taking a number', async () => {
    const companyId = await createCompany(ledger.client);
    entryOf((await ledger.client.postJournals({ companyId, journals: [invoiceJournal('before', { date: '2026-02-10' })] })).results[0]);
    // Another posting's turn, held here: the company's number sequences locked by a transaction of our own.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let turnTaken = () => {};
    const taken = new Promise<void>((resolve) => (turnTaken = resolve));
    const turn = ledger.db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe('SELECT 1 FROM number_sequence WHERE company_id = $1 FOR UPDATE', companyId);
        turnTaken();
        await released;
      },
      { timeout: 30_000 },
    );
    await taken;
    const waiting = ledger.client.postJournals({
      companyId,
      journals: [invoiceJournal('waiting'), invoiceJournal('waiting-april', { date: '2026-04-02' })],
    });
    await untilWaitingForTurn();
    // The waiting posting has built its entry against an open 2026-03 but holds no lock on the
    // periods yet, so the close goes through at once instead of waiting behind it.
    const closing = await Promise.race([
      ledger.client.closePeriod({ companyId, period: '2026-03' }).then(() => 'closed'),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), CLOSE_WAIT_MS)),
    ]);
    release();
    await turn;
    expect(closing).toBe('closed');
    // Built again against the periods as locked: the March document is refused, April's posts.
    const { results } = await waiting;
    expect(errorsOf(results[0])).toEqual([
      { code: 'PERIOD_CLOSED', fieldPath: 'journals[0].date', message: expect.stringContaining('2026-03') },
    ]);
    expect(entryOf(results[1]).transactionNumber).toBe('2');
    const next = await ledger.client.postJournals({ companyId, journals: [invoiceJournal('after', { date: '2026-04-01' })] });
    expect(entryOf(next.results[0]).transactionNumber).toBe('3');
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 3, lines: 9 });
  });

  it('answers a source posted concurrently in two journals once as an entry and once as its replay', async () => {
    const companyId = await createCompany(ledger.client);
    const general = { journal: ledgerV1.JournalType.JOURNAL_TYPE_GENERAL };
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => [
        ledger.client.postJournals({ companyId, journals: [invoiceJournal(`race-${i}`)] }),
        ledger.client.postJournals({ companyId, journals: [invoiceJournal(`race-${i}`, general)] }),
      ]).flat(),
    );
    const results = responses.map((response) => response.results[0]);
    expect(results.filter((result) => result?.replayed).length).toBe(5);
    expect(new Set(results.map((result) => entryOf(result).entryId)).size).toBe(5);
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 5, lines: 15 });
  });

  it('posts a linked chain whole: a refused member refuses the others, which take no number', async () => {
    const companyId = await createCompany(ledger.client);
    await ledger.client.closePeriod({ companyId, period: '2026-04' });
    const payment = (sourceId: string, date: string) =>
      invoiceJournal(sourceId, {
        sourceType: ledgerV1.SourceType.SOURCE_TYPE_PAYMENT,
        journal: ledgerV1.JournalType.JOURNAL_TYPE_CASH_RECEIPTS,
        date,
        lines: [line('1000', '120.00'), line('1200', '-120.00', { customerId: 'C-1' })],
      });
    const { results } = await ledger.client.postJournals({
      companyId,
      journals: [
        invoiceJournal('inv-paid-late', { linked: true, documentNumberSequence: 'INVOICE' }),
        payment('pay-closed', '2026-04-02'),
        invoiceJournal('inv-paid', { linked: true, documentNumberSequence: 'INVOICE' }),
        payment('pay-open', '2026-03-20'),
      ],
    });
    expect(errorsOf(results[0])).toEqual([
      { code: 'LINKED_JOURNAL_REFUSED', fieldPath: 'journals[0]', message: 'not posted: journals[1], linked with it, was refused' },
    ]);
    expect(errorsOf(results[1])).toEqual([expect.objectContaining({ code: 'PERIOD_CLOSED', fieldPath: 'journals[1].date' })]);
    expect([entryOf(results[2]).transactionNumber, entryOf(results[2]).documentNumber]).toEqual(['1', 'INVOICE-000001']);
    expect(entryOf(results[3])).toMatchObject({ transactionNumber: '1', journal: ledgerV1.JournalType.JOURNAL_TYPE_CASH_RECEIPTS });
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 2, lines: 5 });
    expect((await ledger.client.getEntriesBySource({ companyId, sourceId: 'inv-paid-late' })).entries).toEqual([]);
  });

  it('refuses a chain left open by a linked last journal, and replays a posted chain', async () => {
    const companyId = await createCompany(ledger.client);
    const open = await ledger.client.postJournals({ companyId, journals: [invoiceJournal('x', { linked: true }), invoiceJournal('y', { linked: true })] });
    expect(open.results.map((result) => errorsOf(result).map((error) => [error.code, error.fieldPath]))).toEqual([
      [['LINKED_JOURNAL_REFUSED', 'journals[0]']],
      [['VALIDATION_FAILED', 'journals[1].linked']],
    ]);
    const chain = [invoiceJournal('x', { linked: true }), invoiceJournal('y')];
    const first = await ledger.client.postJournals({ companyId, journals: chain });
    const again = await ledger.client.postJournals({ companyId, journals: chain });
    expect(again.results.map((result) => [result.replayed, entryOf(result).entryId])).toEqual(first.results.map((result) => [true, entryOf(result).entryId]));
  });

  it('refuses a chain whose member names a source posted on its own before, the source with CONFLICT', async () => {
    const companyId = await createCompany(ledger.client);
    const payment = invoiceJournal('pay-taken', {
      sourceType: ledgerV1.SourceType.SOURCE_TYPE_PAYMENT,
      journal: ledgerV1.JournalType.JOURNAL_TYPE_CASH_RECEIPTS,
      lines: [line('1000', '50.00'), line('1200', '-50.00', { customerId: 'C-1' })],
    });
    entryOf((await ledger.client.postJournals({ companyId, journals: [payment] })).results[0]);
    const { results } = await ledger.client.postJournals({ companyId, journals: [invoiceJournal('inv-paid', { linked: true }), payment] });
    expect(results.map((result) => errorsOf(result).map((error) => [error.code, error.fieldPath]))).toEqual([
      [['LINKED_JOURNAL_REFUSED', 'journals[0]']],
      [['CONFLICT', 'journals[1].sourceId']],
    ]);
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 1, lines: 2 });
  });

  it('refuses a source id taken by another kind of source instead of replaying its entry', async () => {
    const companyId = await createCompany(ledger.client);
    entryOf((await ledger.client.postJournals({ companyId, journals: [invoiceJournal('shared-id')] })).results[0]);
    const payment = invoiceJournal('shared-id', {
      sourceType: ledgerV1.SourceType.SOURCE_TYPE_PAYMENT,
      journal: ledgerV1.JournalType.JOURNAL_TYPE_CASH_RECEIPTS,
      lines: [line('1000', '50.00'), line('1200', '-50.00', { customerId: 'C-1' })],
    });
    const { results } = await ledger.client.postJournals({ companyId, journals: [payment] });
    expect(errorsOf(results[0])).toEqual([
      { code: 'CONFLICT', fieldPath: 'journals[0].sourceId', message: 'source shared-id is taken by an entry of source type INVOICE; give this PAYMENT source an id of its own' },
    ]);
  });

  it('keeps the correction flag of storno lines', async () => {
    const companyId = await createCompany(ledger.client);
    const creditMemo = invoiceJournal('cm-1', {
      lines: [line('1200', '-12.00', { customerId: 'C-1', correction: true }), line('4000', '10.00', { correction: true }), line('2200', '2.00')],
    });
    const entry = entryOf((await ledger.client.postJournals({ companyId, journals: [creditMemo] })).results[0]);
    expect(entry.lines.map((l) => [l.account, l.amount, l.correction])).toEqual([
      ['1200', '-12.00', true],
      ['4000', '10.00', true],
      ['2200', '2.00', false],
    ]);
    expect((await ledger.client.getEntriesBySource({ companyId, sourceId: 'cm-1' })).entries[0]?.lines.map((l) => l.correction)).toEqual([true, true, false]);
  });

  it('refuses more than 1,000 journals in one call with INVALID_ARGUMENT', async () => {
    const companyId = await createCompany(ledger.client);
    const journals = Array.from({ length: 1001 }, (_, i) => invoiceJournal(`x${i}`));
    await expect(ledger.client.postJournals({ companyId, journals })).rejects.toMatchObject({ code: 3 });
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 0, lines: 0 });
  });
});

describe('GetTrialBalance', () => {
  it("answers each account's balance up to the end of the period and its movement in the period", async () => {
    const companyId = await createCompany(ledger.client, { homeCurrency: 'EUR', reportingCurrency: 'USD' });
    await setRate(companyId, 'EUR', 'USD', '1.10');
    await ledger.client.postJournals({
      companyId,
      journals: [
        invoiceJournal('feb', { date: '2026-02-10' }),
        invoiceJournal('mar', { date: '2026-03-05', lines: [line('1200', '50.00', { customerId: 'C-2' }), line('4100', '-50.00')] }),
        invoiceJournal('apr', { date: '2026-04-01' }),
      ],
    });
    const balance = await ledger.client.getTrialBalance({ companyId, period: '2026-03' });
    expect(balance).toEqual({
      homeCurrency: 'EUR',
      reportingCurrency: 'USD',
      accounts: [
        { account: '1200', name: 'Accounts receivable', homeBalance: '170.00', reportingBalance: '187.00', homePeriodMovement: '50.00', reportingPeriodMovement: '55.00' },
        { account: '2200', name: 'Sales tax payable', homeBalance: '-20.00', reportingBalance: '-22.00', homePeriodMovement: '0.00', reportingPeriodMovement: '0.00' },
        { account: '4000', name: 'Sales revenue', homeBalance: '-100.00', reportingBalance: '-110.00', homePeriodMovement: '0.00', reportingPeriodMovement: '0.00' },
        { account: '4100', name: 'Service revenue', homeBalance: '-50.00', reportingBalance: '-55.00', homePeriodMovement: '-50.00', reportingPeriodMovement: '-55.00' },
      ],
    });
    await expect(ledger.client.getTrialBalance({ companyId, period: '2031-01' })).rejects.toMatchObject({ code: 5 });
  });
});

describe('GetAccountBalance', () => {
  it("answers an account's balance up to a date, and one customer's share of a control account", async () => {
    const companyId = await createCompany(ledger.client, { homeCurrency: 'EUR', reportingCurrency: 'USD' });
    await setRate(companyId, 'EUR', 'USD', '1.10');
    await ledger.client.postJournals({
      companyId,
      journals: [
        invoiceJournal('b-feb', { date: '2026-02-10' }),
        invoiceJournal('b-mar', { date: '2026-03-05', lines: [line('1200', '50.00', { customerId: 'C-2' }), line('4100', '-50.00')] }),
      ],
    });
    expect(await ledger.client.getAccountBalance({ companyId, account: '1200', asOf: '', customerId: '' })).toEqual({
      account: '1200',
      name: 'Accounts receivable',
      asOf: '',
      customerId: '',
      homeCurrency: 'EUR',
      homeBalance: '170.00',
      reportingCurrency: 'USD',
      reportingBalance: '187.00',
    });
    expect((await ledger.client.getAccountBalance({ companyId, account: '1200', asOf: '2026-02-28', customerId: '' })).homeBalance).toBe('120.00');
    expect((await ledger.client.getAccountBalance({ companyId, account: '1200', asOf: '', customerId: 'C-2' })).homeBalance).toBe('50.00');
    expect((await ledger.client.getAccountBalance({ companyId, account: '4000', asOf: '2026-01-31', customerId: '' })).homeBalance).toBe('0.00');
    await expect(ledger.client.getAccountBalance({ companyId, account: '9999', asOf: '', customerId: '' })).rejects.toMatchObject({ code: 5 });
    await expect(ledger.client.getAccountBalance({ companyId, account: '1200', asOf: '2026-02-30', customerId: '' })).rejects.toMatchObject({ code: 3 });
  });
});
