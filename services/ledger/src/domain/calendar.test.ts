import { describe, expect, it } from 'vitest';
import { isIsoDate } from '@ledgerline/calendar';
import { monthlyPeriods, periodContaining } from './calendar.js';

describe('monthlyPeriods', () => {
  it('makes twelve monthly periods across a year end, each ending on its last day', () => {
    const periods = monthlyPeriods('2026-07-01', 12);
    expect(periods.map((p) => p.period)).toEqual([
      '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12',
      '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06',
    ]);
    expect(periods[7]).toEqual({ period: '2027-02', startDate: '2027-02-01', endDate: '2027-02-28', closed: false });
  });

  it('finds the period of a date and none outside the calendar', () => {
    const periods = monthlyPeriods('2028-01-01', 12);
    expect(periodContaining(periods, '2028-02-29')?.period).toBe('2028-02');
    expect(periodContaining(periods, '2029-01-01')).toBeUndefined();
  });
});

describe('isIsoDate', () => {
  it('rejects dates that do not exist', () => {
    expect([isIsoDate('2026-02-29'), isIsoDate('2026-13-01'), isIsoDate('2026-1-01'), isIsoDate('2024-02-29')]).toEqual([false, false, false, true]);
  });
});
