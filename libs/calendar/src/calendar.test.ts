import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, periodContaining, todayUtc } from './index.js';

describe('calendar dates', () => {
  it('accepts a leap day in a leap year', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
  });

  it('refuses a day the month does not have', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
  });

  it('refuses month 13 and unpadded fields', () => {
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
  });

  it('refuses years outside the accepted range', () => {
    expect(isIsoDate('1899-12-31')).toBe(false);
    expect(isIsoDate('0026-01-01')).toBe(false);
    expect(isIsoDate('1900-01-01')).toBe(true);
  });

  it('adds days across a month and a year end', () => {
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
  });

  it('refuses to add days to something that is not a date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it("gives today's UTC date", () => {
    expect(todayUtc(new Date('2026-11-22T23:59:59Z'))).toBe('2026-11-22');
  });
});

describe('periodContaining', () => {
  const periods = [
    { period: '2026-10', startDate: '2026-10-01', endDate: '2026-10-31' },
    { period: '2026-11', startDate: '2026-11-01', endDate: '2026-11-30' },
  ];

  it('finds the period of a date on either end of it, and none outside the periods', () => {
    expect(['2026-10-31', '2026-11-01', '2026-12-01'].map((date) => periodContaining(periods, date)?.period)).toEqual(['2026-10', '2026-11', undefined]);
  });
});
