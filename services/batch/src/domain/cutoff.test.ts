import { describe, expect, it } from 'vitest';
import { cutoffDaysSelectedBy } from './cutoff.js';

describe('cutoffDaysSelectedBy', () => {
  it('selects only the day of month in mid-month', () => {
    expect(cutoffDaysSelectedBy('2026-11-15')).toEqual([15]);
  });

  it('selects days 28 to 31 on the last day of a short February', () => {
    expect(cutoffDaysSelectedBy('2027-02-28')).toEqual([28, 29, 30, 31]);
  });

  it('selects 29 to 31 on the last day of a leap February', () => {
    expect(cutoffDaysSelectedBy('2028-02-29')).toEqual([29, 30, 31]);
  });

  it('selects 30 and 31 on the last day of a 30-day month', () => {
    expect(cutoffDaysSelectedBy('2026-11-30')).toEqual([30, 31]);
  });

  it('selects only 31 on the last day of a 31-day month', () => {
    expect(cutoffDaysSelectedBy('2026-12-31')).toEqual([31]);
  });

  it('does not treat the 30th of a 31-day month as the month end', () => {
    expect(cutoffDaysSelectedBy('2026-12-30')).toEqual([30]);
  });
});
