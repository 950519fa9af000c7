import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { convert, convertByReverseRate, sum } from './arithmetic.js';
import { money } from './decimal.js';

describe('sum', () => {
  it('adds decimal amounts exactly', () => {
    expect(sum([money('0.1'), money('0.2')]).toString()).toBe('0.3');
  });

  it('is zero for an empty list', () => {
    expect(sum([]).toString()).toBe('0');
  });

  it('does not round even when the digits exceed the working precision', () => {
    expect(sum([money('1e30'), money('1e-30')]).toString()).toBe(`1${'0'.repeat(30)}.${'0'.repeat(29)}1`);
  });

  it('returns zero, never negative zero, when amounts cancel out', () => {
    expect(sum([money('-5'), money('5')]).isNegative()).toBe(false);
  });

  it('throws NOT_FINITE for a NaN element', () => {
    expect(() => sum([money('1'), new Decimal(NaN)])).toThrow(expect.objectContaining({ code: 'NOT_FINITE' }));
  });
});

describe('convert', () => {
  it('rounds the converted amount to the target currency minor units', () => {
    expect(convert(money('100.00'), money('1.0865'), 'USD', 'HALF_AWAY_FROM_ZERO').toString()).toBe('108.65');
    expect(convert(money('10.00'), money('1.23456'), 'USD', 'HALF_AWAY_FROM_ZERO').toString()).toBe('12.35');
  });

  it('rounds half away from zero when asked to', () => {
    expect(convert(money('1.00'), money('0.125'), 'EUR', 'HALF_AWAY_FROM_ZERO').toString()).toBe('0.13');
    expect(convert(money('-1.00'), money('0.125'), 'EUR', 'HALF_AWAY_FROM_ZERO').toString()).toBe('-0.13');
  });

  it('honours an explicit rounding mode', () => {
    expect(convert(money('1.00'), money('0.125'), 'EUR', 'HALF_EVEN').toString()).toBe('0.12');
  });

  it('converts to JPY in whole yen', () => {
    expect(convert(money('12.34'), money('161.237'), 'JPY', 'HALF_AWAY_FROM_ZERO').toString()).toBe('1990');
  });

  it('converts to BHD in fils', () => {
    expect(convert(money('100.00'), money('0.37605'), 'BHD', 'HALF_AWAY_FROM_ZERO').toString()).toBe('37.605');
  });

  it('rounds only once, from the exact product', () => {
    // 0.004999…9 (46 significant digits) would become 0.005 if the product were first rounded
    // to the 40-digit working precision, and then 0.01; rounded once it is 0.00.
    expect(convert(money(`0.004${'9'.repeat(45)}`), money('1'), 'EUR', 'HALF_AWAY_FROM_ZERO').toString()).toBe('0');
  });

  it('throws INVALID_RATE for a zero, negative or non-finite rate', () => {
    for (const rate of [money('0'), money('-1.1'), new Decimal(NaN), new Decimal(Infinity)]) {
      expect(() => convert(money('1'), rate, 'EUR', 'HALF_AWAY_FROM_ZERO')).toThrow(expect.objectContaining({ code: 'INVALID_RATE' }));
    }
  });

  it('throws UNKNOWN_CURRENCY for an unknown target currency', () => {
    expect(() => convert(money('1'), money('1'), 'EURO', 'HALF_AWAY_FROM_ZERO')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
  });
});

describe('convertByReverseRate', () => {
  it('divides by the stored reverse rate, so a whole number of cents stays whole even when cut', () => {
    expect(convertByReverseRate(money('10.80'), money('1.08'), 'EUR', 'DOWN').toString()).toBe('10');
    expect(convert(money('10.80'), money('0.9259259259'), 'EUR', 'DOWN').toString()).toBe('9.99');
  });

  it('keeps a tie exact and rounds it in the mode given', () => {
    // 1.50 / 4 = 0.375
    expect(convertByReverseRate(money('1.50'), money('4'), 'EUR', 'HALF_EVEN').toString()).toBe('0.38');
    expect(convertByReverseRate(money('1.30'), money('4'), 'EUR', 'HALF_EVEN').toString()).toBe('0.32');
    expect(convertByReverseRate(money('-1.30'), money('4'), 'EUR', 'HALF_AWAY_FROM_ZERO').toString()).toBe('-0.33');
  });

  it('throws INVALID_RATE for a zero or negative rate', () => {
    expect(() => convertByReverseRate(money('1'), money('0'), 'EUR', 'UP')).toThrow(expect.objectContaining({ code: 'INVALID_RATE' }));
    expect(() => convertByReverseRate(money('1'), money('-2'), 'EUR', 'UP')).toThrow(expect.objectContaining({ code: 'INVALID_RATE' }));
  });
});
