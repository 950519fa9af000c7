import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { incomeScheduleBlockers } from './income-schedule.js';
import type { Voucher, VoucherLine } from './voucher.js';

const periods = ['2026-10', '2026-11', '2026-12'].map((period) => ({
  period,
  startDate: `${period}-01`,
  endDate: `${period}-${period === '2026-11' ? '30' : '31'}`,
  closed: false,
}));
const document = { invoiceDate: '2026-10-20', currency: 'EUR', lines: [{ lineNumber: 1 }] };
const ENTRIES_MAX = 10;

/** A voucher whose line 1 (index 0) defers `amount` over `count` periods from `startDate`. */
function voucher(startDate: string, count: number, amount = '-100.00'): Voucher {
  const receivable: VoucherLine = { role: 'RECEIVABLE', account: '1200', amount: money(amount).neg(), description: '', customerId: 'C-1', correction: false };
  const deferred: VoucherLine = {
    role: 'REVENUE',
    account: '2500',
    amount: money(amount),
    description: '',
    customerId: '',
    correction: false,
    documentLineIndex: 0,
    incomeSchedule: { revenueAccount: '4000', startDate, periods: count },
  };
  return { lines: [receivable, deferred] };
}

describe('incomeScheduleBlockers', () => {
  it('lets a schedule through whose periods are all open', () => {
    expect(incomeScheduleBlockers(voucher('2026-10-15', 3), document, periods, ENTRIES_MAX)).toEqual([]);
  });

  it('blocks a schedule that runs past the calendar, naming the document line and what to do', () => {
    expect(incomeScheduleBlockers(voucher('2026-11-15', 3), document, periods, ENTRIES_MAX)).toEqual([
      {
        code: 'PERIOD_CLOSED',
        fieldPath: 'lines[0].incomeSchedule.startDate',
        message: 'line 1: the income schedule needs 3 periods from 2026-11-15; the fiscal calendar ends with 2026-12, so the company must open the next fiscal year first',
      },
    ]);
  });

  it('blocks a schedule over a closed period', () => {
    const closed = periods.map((period) => ({ ...period, closed: period.period === '2026-12' }));
    expect(incomeScheduleBlockers(voucher('2026-10-01', 3), document, closed, ENTRIES_MAX).map((error) => error.message)).toEqual([
      'line 1: period 2026-12 of the income schedule is closed',
    ]);
  });

  it("blocks a schedule starting before the document's period", () => {
    expect(incomeScheduleBlockers(voucher('2026-09-30', 1), document, periods, ENTRIES_MAX)).toEqual([
      expect.objectContaining({ code: 'VALIDATION_FAILED', fieldPath: 'lines[0].incomeSchedule.startDate' }),
    ]);
  });

  it("names the document line by its own number, which need not follow its position", () => {
    const numbered = { ...document, lines: [{ lineNumber: 10 }] };
    expect(incomeScheduleBlockers(voucher('2026-10-01', 3, '-0.02'), numbered, periods, ENTRIES_MAX).map((error) => error.message)).toEqual([
      'line 10: 0.02 EUR is too small to recognise over 3 periods',
    ]);
  });

  it('blocks an amount too small to give every period a part', () => {
    expect(incomeScheduleBlockers(voucher('2026-10-01', 3, '-0.02'), document, periods, ENTRIES_MAX)).toEqual([
      expect.objectContaining({ code: 'VALIDATION_FAILED', fieldPath: 'lines[0].incomeSchedule', message: 'line 1: 0.02 EUR is too small to recognise over 3 periods' }),
    ]);
  });

  it('blocks schedules that come to more ledger entries than one document may bring', () => {
    expect(incomeScheduleBlockers(voucher('2026-10-01', 3), document, periods, 2)).toEqual([expect.objectContaining({ code: 'VALIDATION_FAILED', fieldPath: 'lines' })]);
  });
});
