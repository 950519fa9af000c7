import { describe, expect, it } from 'vitest';
import { fiscalPositionOf } from './fiscal.js';

const company = {
  fiscalYearStart: '2025-07-01',
  periods: [
    { period: '2026-05', startDate: '2026-05-01', endDate: '2026-05-31' },
    { period: '2026-06', startDate: '2026-06-01', endDate: '2026-06-30' },
  ],
};

describe('fiscal position of a date', () => {
  it('takes the period containing the date and the fiscal year starting on the last anniversary', () => {
    expect(fiscalPositionOf('2026-06-15', company)).toEqual({ period: '2026-06', fiscalYearStart: '2025-07-01' });
  });

  it('starts a new fiscal year on the anniversary of the first one', () => {
    expect(fiscalPositionOf('2026-07-01', company)).toEqual({ period: '2026-07', fiscalYearStart: '2026-07-01' });
  });
});
