import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { incomeScheduleBlockers } from './income-schedule.js';
import type { DocumentLine } from './posting-document.js';

const periods = ['2026-10', '2026-11', '2026-12'].map((period) => ({
  period,
  startDate: `${period}-01`,
  endDate: `${period}-${period === '2026-11' ? '30' : '31'}`,
  closed: false,
}));

function line(startDate: string, count: number, net = '100.00'): DocumentLine {
  return { lineNumber: 1, description: '', account: '4000', netAmount: money(net), distribution: [], incomeSchedule: { startDate, periods: count } };
}

describe('incomeScheduleBlockers', () => {
  it('lets a schedule through whose periods are all open', () => {
    expect(incomeScheduleBlockers([line('2026-10-15', 3)], periods)).toEqual([]);
  });

  it('blocks a schedule that runs past the calendar, naming the line and what to do', () => {
    expect(incomeScheduleBlockers([line('2026-11-15', 3)], periods)).toEqual([
      {
        code: 'PERIOD_CLOSED',
        fieldPath: 'lines[0].incomeSchedule.startDate',
        message: 'line 1: the income schedule needs 3 periods from 2026-11; the fiscal calendar ends with 2026-12, so the company must open the next fiscal year first',
      },
    ]);
  });

  it('blocks a schedule over a closed period', () => {
    const closed = periods.map((period) => ({ ...period, closed: period.period === '2026-12' }));
    expect(incomeScheduleBlockers([line('2026-10-01', 3)], closed).map((error) => error.message)).toEqual([
      'line 1: period 2026-12 of the income schedule is closed',
    ]);
  });

  it('blocks a schedule starting before the calendar', () => {
    expect(incomeScheduleBlockers([line('2026-09-30', 1)], periods).map((error) => error.code)).toEqual(['PERIOD_CLOSED']);
  });

  it('ignores the schedule of a zero line, which posts without one', () => {
    expect(incomeScheduleBlockers([line('2027-05-01', 3, '0.00')], periods)).toEqual([]);
  });
});
