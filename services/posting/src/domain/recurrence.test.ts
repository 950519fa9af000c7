import { describe, expect, it } from 'vitest';
import { advanceDate, advanceInstant, occurrenceSelection } from './recurrence.js';

describe('advanceDate', () => {
  it('moves by days', () => {
    expect(advanceDate('2026-12-30', 'DAY', 3)).toBe('2027-01-02');
  });

  it('moves by weeks', () => {
    expect(advanceDate('2026-11-02', 'WEEK', 2)).toBe('2026-11-16');
  });

  it('keeps a month end a month end', () => {
    expect(advanceDate('2026-11-30', 'MONTH', 1)).toBe('2026-12-31');
  });

  it('clamps a day the target month lacks to its last day', () => {
    expect(advanceDate('2027-01-29', 'MONTH', 1)).toBe('2027-02-28');
  });

  it('crosses years by months', () => {
    expect(advanceDate('2026-11-15', 'MONTH', 3)).toBe('2027-02-15');
  });
});

describe('advanceInstant', () => {
  it('keeps the time of day', () => {
    expect(advanceInstant(new Date('2026-11-30T06:00:00.000Z'), 'MONTH', 1).toISOString()).toBe('2026-12-31T06:00:00.000Z');
  });
});

describe('occurrenceSelection', () => {
  it('moves every set date range and leaves unset ones empty', () => {
    const selection = { invoiceDateFrom: '2026-11-01', invoiceDateTo: '2026-11-30', dueDateFrom: '', dueDateTo: '', customerFrom: 'A' };
    expect(occurrenceSelection(selection, 'MONTH', 2)).toEqual({ invoiceDateFrom: '2027-01-01', invoiceDateTo: '2027-01-31', dueDateFrom: '', dueDateTo: '', customerFrom: 'A' });
  });
});
