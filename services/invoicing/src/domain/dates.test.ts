import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate } from './dates.js';

describe('dates', () => {
  it('knows which calendar dates exist', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
  });

  it('adds days across a month and a year end', () => {
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
  });
});
