import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { MONEY_PRECISION, MoneyDecimal, money, toMoneyDecimal } from './decimal.js';
import { MoneyError, isMoneyError } from './errors.js';

describe('MoneyDecimal', () => {
  it('divides with the library precision whatever the global setting', () => {
    const saved = Decimal.precision;
    Decimal.set({ precision: 5 });
    try {
      const third = new MoneyDecimal(1).dividedBy(3);
      expect(third.precision()).toBe(MONEY_PRECISION);
    } finally {
      Decimal.set({ precision: saved });
    }
  });

  it('never prints exponent notation', () => {
    expect(money('1e-12').toString()).toBe('0.000000000001');
    expect(money('1e25').toString()).toBe(`1${'0'.repeat(25)}`);
  });

  it('re-homes a global Decimal without rounding it', () => {
    const saved = Decimal.precision;
    Decimal.set({ precision: 3 });
    try {
      const value = toMoneyDecimal(new Decimal('123456.789'));
      expect(value.times(2).toString()).toBe('246913.578');
    } finally {
      Decimal.set({ precision: saved });
    }
  });

  it('rejects NaN and Infinity with NOT_FINITE', () => {
    expect(() => money('NaN')).toThrow(expect.objectContaining({ code: 'NOT_FINITE' }));
    expect(() => toMoneyDecimal(new Decimal(-Infinity))).toThrow(expect.objectContaining({ code: 'NOT_FINITE' }));
  });
});

describe('MoneyError', () => {
  it('is an Error with a machine-readable code', () => {
    const error = new MoneyError('INVALID_RATE', 'bad rate');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('MoneyError');
    expect(error.code).toBe('INVALID_RATE');
    expect(isMoneyError(error)).toBe(true);
    expect(isMoneyError(new Error('x'))).toBe(false);
  });
});
