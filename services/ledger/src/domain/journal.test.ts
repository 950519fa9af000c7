import { money, type RoundingMode } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { monthlyPeriods } from './calendar.js';
import type { RateBook } from './exchange-rate.js';
import {
  buildEntry,
  convertLines,
  parseJournal,
  roundingDifference,
  type EntryDraft,
  type JournalInput,
  type JournalLineInput,
  type LedgerContext,
  type ParsedJournal,
} from './journal.js';

const ACCOUNTS = new Map([
  ['1200', { control: true }],
  ['2200', { control: false }],
  ['2500', { control: false }],
  ['4000', { control: false }],
  ['4100', { control: false }],
  ['8900', { control: false }],
]);

const LIMITS = { incomeSchedulePeriodsMax: 60, incomeScheduleEntriesMax: 100 };

function line(account: string, amount: string, extra: Partial<JournalLineInput> = {}): JournalLineInput {
  return { account, amount, homeAmount: '', reportingAmount: '', description: '', customerId: '', correction: false, ...extra };
}

function journal(currency: string, lines: JournalLineInput[], extra: Partial<JournalInput> = {}): JournalInput {
  return {
    sourceId: 'inv-1',
    sourceType: 'INVOICE',
    journal: 'AR_DISTRIBUTION',
    date: '2026-03-15',
    currency,
    homeRate: '',
    reportingRate: '',
    description: 'Invoice',
    lines,
    documentNumberSequence: '',
    linked: false,
    ...extra,
  };
}

function ratesOf(table: Record<string, string>): RateBook {
  return (from, to) => (table[`${from}/${to}`] === undefined ? undefined : money(table[`${from}/${to}`] as string));
}

function context(home: string, reporting: string, rates: Record<string, string> = {}, roundingMode: RoundingMode = 'HALF_AWAY_FROM_ZERO'): LedgerContext {
  return {
    homeCurrency: home,
    reportingCurrency: reporting,
    roundingAccount: '8900',
    roundingMode,
    accounts: ACCOUNTS,
    periods: monthlyPeriods('2026-01-01', 12),
    rates: ratesOf(rates),
  };
}

function parsed(input: JournalInput, ctx: LedgerContext): ParsedJournal {
  const outcome = parseJournal(input, 'journals[0]', ctx, LIMITS);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.value;
}

function booked(input: JournalInput, ctx: LedgerContext): EntryDraft {
  const outcome = buildEntry(parsed(input, ctx), 'journals[0]', ctx);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.value;
}

function texts(draft: EntryDraft) {
  return draft.lines.map((l) => [l.account, l.amount.toFixed(), l.homeAmount.toFixed(), l.reportingAmount.toFixed()]);
}

const THREE_THIRDS = [line('1200', '1.00', { customerId: 'C-1' }), line('4000', '-0.33'), line('4000', '-0.33'), line('4100', '-0.34')];

describe('convertLines', () => {
  it('converts each missing amount at the rate and rounds it half away from zero', () => {
    const amounts = [money('10.005'), money('-10.005')];
    const converted = convertLines(amounts, [undefined, undefined], { kind: 'direct', rate: money('1') }, 'EUR', 'HALF_AWAY_FROM_ZERO');
    expect(converted.map((a) => a.toFixed())).toEqual(['10.01', '-10.01']);
  });

  it('keeps amounts the caller gave', () => {
    const converted = convertLines([money('1'), money('-1')], [money('0.9'), undefined], { kind: 'direct', rate: money('0.95') }, 'EUR', 'HALF_AWAY_FROM_ZERO');
    expect(converted.map((a) => a.toFixed())).toEqual(['0.9', '-0.95']);
  });

  it('divides by a stored reverse rate instead of multiplying by a rounded reciprocal', () => {
    const converted = convertLines([money('1.50')], [undefined], { kind: 'inverse', rate: money('3') }, 'EUR', 'HALF_AWAY_FROM_ZERO');
    expect(converted[0]?.toFixed()).toBe('0.5');
  });

  it('rounds in the mode it is given', () => {
    const amounts = [money('10.005'), money('-10.015')];
    const rate = { kind: 'direct', rate: money('1') } as const;
    expect(convertLines(amounts, [undefined, undefined], rate, 'EUR', 'HALF_EVEN').map((a) => a.toFixed())).toEqual(['10', '-10.02']);
    expect(convertLines(amounts, [undefined, undefined], rate, 'EUR', 'DOWN').map((a) => a.toFixed())).toEqual(['10', '-10.01']);
    expect(convertLines(amounts, [undefined, undefined], rate, 'EUR', 'UP').map((a) => a.toFixed())).toEqual(['10.01', '-10.02']);
  });
});

describe('roundingDifference', () => {
  it('answers what makes the amounts sum to zero when rounding explains the gap', () => {
    expect(roundingDifference([money('0.92'), money('-0.30'), money('-0.30'), money('-0.31')], 4, 'EUR', 'HALF_AWAY_FROM_ZERO')?.toFixed()).toBe('-0.01');
  });

  it('refuses a gap larger than half a minor unit per converted line', () => {
    expect(roundingDifference([money('1.00'), money('-0.97')], 2, 'EUR', 'HALF_EVEN')).toBeUndefined();
  });

  it('accepts a gap of less than a minor unit per converted line when rounding towards zero, and no more', () => {
    expect(roundingDifference([money('1.00'), money('-0.99')], 2, 'EUR', 'DOWN')?.toFixed()).toBe('-0.01');
    expect(roundingDifference([money('1.00'), money('-0.98')], 2, 'EUR', 'DOWN')).toBeUndefined();
    expect(roundingDifference([money('1.00'), money('-0.99')], 2, 'EUR', 'HALF_EVEN')?.toFixed()).toBe('-0.01');
  });

  it('refuses any gap when the caller gave every amount', () => {
    expect(roundingDifference([money('1.00'), money('-0.99')], 0, 'EUR', 'UP')).toBeUndefined();
  });
});

describe('parseJournal', () => {
  it('rejects a journal whose document amounts do not sum to zero', () => {
    const outcome = parseJournal(journal('EUR', [line('1200', '10.00'), line('4000', '-9.99')]), 'journals[0]', context('EUR', 'EUR'), LIMITS);
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'UNBALANCED_ENTRY', fieldPath: 'journals[0].lines' }] });
  });

  it('rejects a journal with fewer than two lines', () => {
    const outcome = parseJournal(journal('EUR', [line('1200', '0')]), 'journals[0]', context('EUR', 'EUR'), LIMITS);
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'VALIDATION_FAILED', fieldPath: 'journals[0].lines' }] });
  });

  it('rejects an amount with more decimals than the document currency has', () => {
    const outcome = parseJournal(journal('JPY', [line('1200', '10.5'), line('4000', '-10.5')]), 'journals[0]', context('EUR', 'EUR'), LIMITS);
    expect(outcome.ok ? [] : outcome.errors.map((e) => e.fieldPath)).toEqual(['journals[0].lines[0].amount', 'journals[0].lines[1].amount']);
  });

  it('rejects an unknown currency naming the field', () => {
    const outcome = parseJournal(journal('XYZ', [line('1200', '1'), line('4000', '-1')]), 'journals[0]', context('EUR', 'EUR'), LIMITS);
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'VALIDATION_FAILED', fieldPath: 'journals[0].currency' }] });
  });
});

describe('buildEntry', () => {
  it('posts a home-currency journal at rate 1 without a rounding line', () => {
    const draft = booked(journal('EUR', [line('1200', '120.00', { customerId: 'C-1' }), line('4000', '-100.00'), line('2200', '-20.00')]), context('EUR', 'EUR'));
    expect(texts(draft)).toEqual([
      ['1200', '120', '120', '120'],
      ['4000', '-100', '-100', '-100'],
      ['2200', '-20', '-20', '-20'],
    ]);
  });

  it('adds a rounding line on the rounding account when converted lines miss zero by a cent', () => {
    const draft = booked(journal('USD', THREE_THIRDS), context('EUR', 'EUR', { 'USD/EUR': '0.92' }));
    expect(texts(draft)).toEqual([
      ['1200', '1', '0.92', '0.92'],
      ['4000', '-0.33', '-0.3', '-0.3'],
      ['4000', '-0.33', '-0.3', '-0.3'],
      ['4100', '-0.34', '-0.31', '-0.31'],
      ['8900', '0', '-0.01', '-0.01'],
    ]);
  });

  it('converts in the company rounding mode: a tie goes to the even cent under HALF_EVEN', () => {
    const invoice = journal('USD', [line('1200', '1.00', { customerId: 'C-1' }), line('4000', '-1.00')]);
    const home = (mode: RoundingMode) => texts(booked(invoice, context('EUR', 'EUR', { 'USD/EUR': '0.985' }, mode))).map((l) => l[2]);
    expect(home('HALF_AWAY_FROM_ZERO')).toEqual(['0.99', '-0.99']);
    expect(home('HALF_EVEN')).toEqual(['0.98', '-0.98']);
    expect(home('DOWN')).toEqual(['0.98', '-0.98']);
    expect(home('UP')).toEqual(['0.99', '-0.99']);
  });

  it('takes a truncation gap of more than half a cent per line on the rounding account when rounding towards zero', () => {
    const lines = [line('1200', '0.04', { customerId: 'C-1' }), ...Array.from({ length: 4 }, () => line('4000', '-0.01'))];
    const draft = booked(journal('USD', lines), context('EUR', 'EUR', { 'USD/EUR': '0.995' }, 'DOWN'));
    expect(texts(draft).map((l) => l[2])).toEqual(['0.03', '0', '0', '0', '0', '-0.03']);
    expect(draft.lines.at(-1)?.account).toBe('8900');
  });

  it('converts home and reporting currency separately, each with its own rounding', () => {
    const draft = booked(journal('USD', THREE_THIRDS), context('EUR', 'GBP', { 'USD/EUR': '0.92', 'USD/GBP': '1.05' }));
    const rounding = draft.lines.at(-1);
    expect([rounding?.homeAmount.toFixed(), rounding?.reportingAmount.toFixed()]).toEqual(['-0.01', '0.01']);
  });

  it('converts to JPY with no decimals', () => {
    const draft = booked(journal('EUR', [line('1200', '10.00', { customerId: 'C-1' }), line('4000', '-3.33'), line('4000', '-6.67')]), context('JPY', 'JPY', { 'EUR/JPY': '161.5' }));
    expect(texts(draft)).toEqual([
      ['1200', '10', '1615', '1615'],
      ['4000', '-3.33', '-538', '-538'],
      ['4000', '-6.67', '-1077', '-1077'],
    ]);
  });

  it('converts to BHD with three decimals using the inverse of the only stored rate', () => {
    const draft = booked(journal('USD', [line('1200', '10.00', { customerId: 'C-1' }), line('4000', '-10.00')]), context('BHD', 'BHD', { 'BHD/USD': '2.6525' }));
    expect(texts(draft)).toEqual([
      ['1200', '10', '3.77', '3.77'],
      ['4000', '-10', '-3.77', '-3.77'],
    ]);
  });

  it('rejects EXCHANGE_RATE_MISSING naming the pair and the date', () => {
    const outcome = buildEntry(parsed(journal('USD', THREE_THIRDS), context('EUR', 'EUR')), 'journals[0]', context('EUR', 'EUR'));
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'EXCHANGE_RATE_MISSING', fieldPath: 'journals[0].currency' }] });
    expect(outcome.ok ? '' : outcome.errors[0]?.message).toContain('USD/EUR');
  });

  it('rejects PERIOD_CLOSED naming the closed period', () => {
    const ctx = context('EUR', 'EUR');
    const closed = { ...ctx, periods: ctx.periods.map((p) => ({ ...p, closed: p.period === '2026-03' })) };
    const outcome = buildEntry(parsed(journal('EUR', [line('1200', '1', { customerId: 'C-1' }), line('4000', '-1')]), ctx), 'journals[0]', closed);
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'PERIOD_CLOSED', message: expect.stringContaining('2026-03') }] });
  });

  it('rejects a control-account line without a customer', () => {
    const ctx = context('EUR', 'EUR');
    const outcome = buildEntry(parsed(journal('EUR', [line('1200', '1'), line('4000', '-1')]), ctx), 'journals[0]', ctx);
    expect(outcome).toMatchObject({ ok: false, errors: [{ fieldPath: 'journals[0].lines[0].customerId' }] });
  });

  it('rejects given home amounts that do not balance', () => {
    const ctx = context('EUR', 'EUR');
    const input = journal('EUR', [line('1200', '1', { customerId: 'C-1', homeAmount: '1.00' }), line('4000', '-1', { homeAmount: '-0.99' })]);
    const outcome = buildEntry(parsed(input, ctx), 'journals[0]', ctx);
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'UNBALANCED_ENTRY' }] });
  });

  it('keeps the correction flag and customer of each line', () => {
    const ctx = context('EUR', 'EUR');
    const draft = booked(journal('EUR', [line('1200', '-5', { customerId: 'C-1', correction: true }), line('4000', '5', { correction: true })]), ctx);
    expect(draft.lines.map((l) => [l.customerId, l.correction])).toEqual([['C-1', true], [undefined, true]]);
  });
});

describe('income schedules', () => {
  const deferred = (amount: string, schedule: { revenueAccount?: string; startDate?: string; periods?: number } = {}) =>
    line('2500', amount, { incomeSchedule: { revenueAccount: '4100', startDate: '2026-03-15', periods: 3, ...schedule } });

  it('posts one entry per period that moves an even part of the deferred line to revenue', () => {
    const ctx = context('EUR', 'EUR');
    const draft = booked(journal('EUR', [line('1200', '100.00', { customerId: 'C-1' }), deferred('-100.00')]), ctx);
    expect(draft.schedules.map((entry) => [entry.date, entry.period, entry.lines.map((l) => [l.account, l.amount.toFixed(2)])])).toEqual([
      ['2026-03-15', '2026-03', [['2500', '33.33'], ['4100', '-33.33']]],
      ['2026-04-01', '2026-04', [['2500', '33.33'], ['4100', '-33.33']]],
      ['2026-05-01', '2026-05', [['2500', '33.34'], ['4100', '-33.34']]],
    ]);
  });

  it('splits the home and reporting amounts of a foreign line so the deferral clears in each currency', () => {
    const ctx = context('EUR', 'CHF', { 'USD/EUR': '0.9', 'USD/CHF': '0.85' });
    const draft = booked(journal('USD', [line('1200', '100.00', { customerId: 'C-1' }), deferred('-100.00', { periods: 7 })]), ctx);
    const deferredLine = draft.lines[1];
    const sums = ['amount', 'homeAmount', 'reportingAmount'].map((field) =>
      draft.schedules.reduce((total, entry) => total.plus(entry.lines[0][field as 'amount']), money('0')).toFixed(2),
    );
    expect(sums).toEqual(['100.00', '90.00', '85.00']);
    expect([deferredLine?.homeAmount.toFixed(2), deferredLine?.reportingAmount.toFixed(2)]).toEqual(['-90.00', '-85.00']);
    expect(draft.schedules.map((entry) => entry.lines[0].homeAmount.toFixed(2))).toEqual(['12.85', '12.85', '12.86', '12.86', '12.86', '12.86', '12.86']);
  });

  it('keeps a credit memo schedule on the reversed sides, storno when the line is', () => {
    const ctx = context('EUR', 'EUR');
    const draft = booked(
      journal('EUR', [line('1200', '-10.00', { customerId: 'C-1', correction: true }), { ...deferred('10.00', { periods: 2 }), correction: true }]),
      ctx,
    );
    expect(draft.schedules.map((entry) => entry.lines.map((l) => [l.account, l.amount.toFixed(2), l.correction]))).toEqual([
      [['2500', '-5.00', true], ['4100', '5.00', true]],
      [['2500', '-5.00', true], ['4100', '5.00', true]],
    ]);
  });

  it('stores the schedule on the deferred line and none elsewhere', () => {
    const ctx = context('EUR', 'EUR');
    const draft = booked(journal('EUR', [line('1200', '100.00', { customerId: 'C-1' }), deferred('-100.00')]), ctx);
    expect(draft.lines.map((l) => l.incomeSchedule)).toEqual([undefined, { revenueAccount: '4100', startDate: '2026-03-15', periods: 3 }]);
  });

  it('refuses a schedule reaching past the fiscal calendar with PERIOD_CLOSED on its start date', () => {
    const ctx = context('EUR', 'EUR');
    const outcome = buildEntry(parsed(journal('EUR', [line('1200', '100.00', { customerId: 'C-1' }), deferred('-100.00', { periods: 12 })]), ctx), 'journals[0]', ctx);
    expect(outcome).toMatchObject({
      ok: false,
      errors: [{ code: 'PERIOD_CLOSED', fieldPath: 'journals[0].lines[1].incomeSchedule.startDate', message: expect.stringContaining('2026-12') }],
    });
  });

  it('refuses a schedule over a closed period', () => {
    const ctx = context('EUR', 'EUR');
    const closed = { ...ctx, periods: ctx.periods.map((p) => ({ ...p, closed: p.period === '2026-04' })) };
    const outcome = buildEntry(parsed(journal('EUR', [line('1200', '100.00', { customerId: 'C-1' }), deferred('-100.00')]), ctx), 'journals[0]', closed);
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'PERIOD_CLOSED', message: 'period 2026-04 of the income schedule is closed' }] });
  });

  it('refuses a revenue account that is a control account', () => {
    const ctx = context('EUR', 'EUR');
    const outcome = buildEntry(
      parsed(journal('EUR', [line('1200', '100.00', { customerId: 'C-1' }), deferred('-100.00', { revenueAccount: '1200' })]), ctx),
      'journals[0]',
      ctx,
    );
    expect(outcome).toMatchObject({ ok: false, errors: [{ fieldPath: 'journals[0].lines[1].incomeSchedule.revenueAccount' }] });
  });

  it('refuses more periods than the limit, naming the field', () => {
    const outcome = parseJournal(journal('EUR', [line('1200', '1', { customerId: 'C-1' }), deferred('-1', { periods: 61 })]), 'journals[0]', context('EUR', 'EUR'), LIMITS);
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'VALIDATION_FAILED', fieldPath: 'journals[0].lines[1].incomeSchedule.periods' }] });
  });

  it('refuses a schedule on a line of 0', () => {
    const outcome = parseJournal(journal('EUR', [line('1200', '0', { customerId: 'C-1' }), deferred('0')]), 'journals[0]', context('EUR', 'EUR'), LIMITS);
    expect(outcome).toMatchObject({ ok: false, errors: [{ fieldPath: 'journals[0].lines[1].incomeSchedule' }] });
  });

  it("refuses a schedule on a customer's line", () => {
    const input = journal('EUR', [line('1200', '1', { customerId: 'C-1', incomeSchedule: { revenueAccount: '4100', startDate: '2026-03-15', periods: 2 } }), line('4000', '-1')]);
    const outcome = parseJournal(input, 'journals[0]', context('EUR', 'EUR'), LIMITS);
    expect(outcome).toMatchObject({ ok: false, errors: [{ fieldPath: 'journals[0].lines[0].incomeSchedule' }] });
  });
});

describe('income schedule limits and dates', () => {
  const scheduled = (amount: string, schedule: { startDate?: string; periods?: number } = {}) =>
    line('2500', amount, { incomeSchedule: { revenueAccount: '4100', startDate: '2026-03-15', periods: 3, ...schedule } });

  it('refuses a schedule starting before the period of the entry that defers the revenue', () => {
    const ctx = context('EUR', 'EUR');
    const outcome = buildEntry(
      parsed(journal('EUR', [line('1200', '100.00', { customerId: 'C-1' }), scheduled('-100.00', { startDate: '2026-02-28' })]), ctx),
      'journals[0]',
      ctx,
    );
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'VALIDATION_FAILED', fieldPath: 'journals[0].lines[1].incomeSchedule.startDate' }] });
  });

  it('accepts a schedule starting earlier in the period of the entry', () => {
    const ctx = context('EUR', 'EUR');
    const draft = booked(journal('EUR', [line('1200', '100.00', { customerId: 'C-1' }), scheduled('-100.00', { startDate: '2026-03-01' })]), ctx);
    expect(draft.schedules[0]?.date).toBe('2026-03-01');
  });

  it('refuses an amount too small to give every period a part', () => {
    const outcome = parseJournal(journal('EUR', [line('1200', '0.05', { customerId: 'C-1' }), scheduled('-0.05', { periods: 12 })]), 'journals[0]', context('EUR', 'EUR'), LIMITS);
    expect(outcome).toMatchObject({ ok: false, errors: [{ fieldPath: 'journals[0].lines[1].incomeSchedule', message: '0.05 EUR is too small to recognise over 12 periods' }] });
  });

  it('refuses a journal whose schedules come to more entries than the limit', () => {
    const input = journal('EUR', [line('1200', '100.00', { customerId: 'C-1' }), scheduled('-50.00', { periods: 60 }), scheduled('-50.00', { periods: 41 })]);
    const outcome = parseJournal(input, 'journals[0]', context('EUR', 'EUR'), LIMITS);
    expect(outcome).toMatchObject({ ok: false, errors: [{ fieldPath: 'journals[0].lines', message: expect.stringContaining('101 entries, more than 100') }] });
  });
});
