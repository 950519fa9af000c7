import { z } from '@ledgerline/config';
import { describe, expect, it } from 'vitest';
import { isIsoDate } from '@ledgerline/calendar';
import { AMOUNT_SCALE_MAX, currencyCode, decimalString, fieldErrors, fieldPath, fiscalPeriod, isoDate, recordId } from './validation.js';

const messages = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? [] : fieldErrors(result.error).map((error) => error.message);
};

describe('decimal strings', () => {
  const amount = decimalString();
  it('accepts plain decimal strings', () => {
    for (const text of ['0', '1234.50', '0.0001', '1.5000']) expect(amount.safeParse(text).success).toBe(true);
  });
  it('refuses numbers, exponents, signs, separators and blanks', () => {
    for (const input of [1234.5, '1e3', '1E-2', '+1', '1,000.00', ' 1', '.5', '5.', '01', '', 'NaN', null]) {
      expect(amount.safeParse(input).success, JSON.stringify(input)).toBe(false);
    }
  });
  it(`refuses more than ${AMOUNT_SCALE_MAX} decimals, trailing zeros aside`, () => {
    expect(messages(amount, '1.00001')).toEqual([`at most ${AMOUNT_SCALE_MAX} decimal places`]);
    expect(amount.safeParse('1.00000').success).toBe(true);
  });
  it('refuses negatives unless allowed, and zero when positive is asked', () => {
    expect(messages(amount, '-1')).toEqual(['must not be negative']);
    expect(decimalString({ allowNegative: true }).safeParse('-1').success).toBe(true);
    expect(messages(decimalString({ positive: true }), '0.00')).toEqual(['must be greater than zero']);
  });
  it('says "required" for a missing value', () => {
    expect(messages(z.object({ amount }), {})).toEqual(['required']);
  });
});

describe('dates, periods, currencies, ids', () => {
  it('accepts only dates that exist', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(messages(isoDate(), '2026-02-30')).toEqual(['no such date']);
    expect(messages(isoDate(), '30.01.2026')).toEqual(['expected a date YYYY-MM-DD']);
  });
  it('accepts periods YYYY-MM only', () => {
    expect(fiscalPeriod().safeParse('2026-01').success).toBe(true);
    expect(fiscalPeriod().safeParse('2026-13').success).toBe(false);
    expect(fiscalPeriod().safeParse('2026-01-01').success).toBe(false);
  });
  it('accepts active ISO 4217 codes only, upper case', () => {
    expect(currencyCode().safeParse('EUR').success).toBe(true);
    expect(messages(currencyCode(), 'eur')).toHaveLength(1);
    expect(messages(currencyCode(), 'XYZ')).toEqual(['not an active ISO 4217 currency code']);
  });
  it('accepts ids of 1-64 visible characters', () => {
    expect(recordId().safeParse('C-1001').success).toBe(true);
    expect(recordId().safeParse('a b').success).toBe(false);
    expect(recordId().safeParse('x'.repeat(65)).success).toBe(false);
    expect(recordId().safeParse('').success).toBe(false);
  });
});

describe('field paths', () => {
  it('writes paths as the REST API names fields', () => {
    expect(fieldPath(['lines', 2, 'quantity'])).toBe('lines[2].quantity');
    expect(fieldPath(['lines', 0, 'distribution', 1, 'percent'])).toBe('lines[0].distribution[1].percent');
    expect(fieldPath([])).toBe('');
  });
  it('names an unknown field by its path', () => {
    const result = z.strictObject({ a: z.string() }).safeParse({ a: 'x', custmerId: 'C-1' });
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error)).toEqual([{ path: 'custmerId', message: 'unknown field' }]);
  });
});
