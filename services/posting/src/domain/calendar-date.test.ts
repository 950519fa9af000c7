import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate } from '@ledgerline/calendar';
import { fiscalYearStartOf } from './calendar-date.js';

describe('calendar dates', () => {
  it('adds days across a month and a year end', () => {
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
  });

  it('rejects a date that does not exist', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
  });

  it('finds the fiscal year start of a calendar fiscal year', () => {
    expect(fiscalYearStartOf('2026-01-01', '2026-11-25')).toBe('2026-01-01');
  });

  it('finds the fiscal year start in the previous calendar year for a July fiscal year', () => {
    expect(fiscalYearStartOf('2025-07-01', '2027-03-10')).toBe('2026-07-01');
  });

  it('finds the fiscal year start on its first day', () => {
    expect(fiscalYearStartOf('2025-07-01', '2026-07-01')).toBe('2026-07-01');
  });
});
