import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_TEXT_LENGTH, MAX_INTEGER_DIGITS, formatAmount, parseAmount } from './amount.js';
import { money } from './decimal.js';
import { MoneyError } from './errors.js';
import { anyCurrencyAndAmount } from './test-support.js';

function parsed(text: string, options?: Parameters<typeof parseAmount>[1]): string {
  const result = parseAmount(text, options);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${result.reason}`);
  return result.value.toString();
}

describe('parseAmount', () => {
  it('accepts a plain decimal string', () => {
    expect(parsed('1234.5')).toBe('1234.5');
  });

  it('accepts an integer without a decimal point', () => {
    expect(parsed('1000', { currency: 'JPY' })).toBe('1000');
  });

  it('accepts a negative amount when negatives are allowed', () => {
    expect(parsed('-12.34', { allowNegative: true })).toBe('-12.34');
  });

  it('rejects a negative amount by default', () => {
    expect(parseAmount('-12.34')).toEqual({ ok: false, reason: 'NEGATIVE' });
  });

  it('reads negative zero as plain zero', () => {
    const result = parseAmount('-0.00');
    expect(result.ok && result.value.isNegative()).toBe(false);
    expect(parsed('-0.00')).toBe('0');
  });

  it.each([
    ['', 'empty'],
    [' 1.00', 'leading whitespace'],
    ['1.00 ', 'trailing whitespace'],
    ['1 000.00', 'inner whitespace'],
    ['+1.00', "leading '+'"],
    ['1e3', 'exponent notation'],
    ['1E-2', 'upper-case exponent'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['-Infinity', '-Infinity'],
    ['0x10', 'hexadecimal'],
    ['1,000.00', 'thousands separator'],
    ['1,5', 'decimal comma'],
    ['.5', 'no integer digit'],
    ['5.', 'no fraction digit'],
    ['007', 'leading zeros'],
    ['--1', 'double minus'],
    ['-', 'lone minus'],
    ['1.2.3', 'two points'],
    ['١٢', 'non-ASCII digits'],
  ])('rejects %j as MALFORMED (%s)', (text) => {
    expect(parseAmount(text, { allowNegative: true })).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('rejects a value that is not a string as MALFORMED', () => {
    expect(parseAmount(12 as unknown as string)).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('accepts the largest number of integer digits NUMERIC(20,4) can hold', () => {
    const text = `${'9'.repeat(MAX_INTEGER_DIGITS)}.9999`;
    expect(parsed(text)).toBe(text);
  });

  it('rejects more integer digits than NUMERIC(20,4) can hold as OUT_OF_RANGE', () => {
    expect(parseAmount(`1${'0'.repeat(MAX_INTEGER_DIGITS)}`)).toEqual({ ok: false, reason: 'OUT_OF_RANGE' });
  });

  it('rejects more decimals than the currency has as TOO_MANY_DECIMALS', () => {
    expect(parseAmount('1.505', { currency: 'USD' })).toEqual({ ok: false, reason: 'TOO_MANY_DECIMALS' });
    expect(parseAmount('1.5', { currency: 'JPY' })).toEqual({ ok: false, reason: 'TOO_MANY_DECIMALS' });
  });

  it('accepts three decimals for BHD', () => {
    expect(parsed('1.234', { currency: 'BHD' })).toBe('1.234');
  });

  it('ignores trailing zeros when counting decimals', () => {
    expect(parsed('1.5000', { currency: 'USD' })).toBe('1.5');
    expect(parsed('1000.00', { currency: 'JPY' })).toBe('1000');
  });

  it('allows four decimals when neither currency nor maxScale is given', () => {
    expect(parsed('0.0001')).toBe('0.0001');
    expect(parseAmount('0.00001')).toEqual({ ok: false, reason: 'TOO_MANY_DECIMALS' });
  });

  it('lets an explicit maxScale override the currency', () => {
    expect(parsed('1.23456789', { currency: 'EUR', maxScale: 8 })).toBe('1.23456789');
    expect(parseAmount('1.5', { currency: 'EUR', maxScale: 0 })).toEqual({ ok: false, reason: 'TOO_MANY_DECIMALS' });
  });

  it('rejects text longer than the maximum length as OUT_OF_RANGE', () => {
    expect(parseAmount(`1.${'0'.repeat(MAX_AMOUNT_TEXT_LENGTH)}`)).toEqual({ ok: false, reason: 'OUT_OF_RANGE' });
  });

  it('throws UNKNOWN_CURRENCY for an unknown currency option', () => {
    expect(() => parseAmount('1', { currency: 'XYZ' })).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
  });

  it('throws INVALID_SCALE for a negative or fractional maxScale', () => {
    expect(() => parseAmount('1', { maxScale: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_SCALE' }));
    expect(() => parseAmount('1', { maxScale: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_SCALE' }));
  });
});

describe('formatAmount', () => {
  it('prints exactly two decimals for EUR', () => {
    expect(formatAmount(money('1234.5'), 'EUR')).toBe('1234.50');
  });

  it('prints no decimal point for JPY', () => {
    expect(formatAmount(money('1000'), 'JPY')).toBe('1000');
  });

  it('prints three decimals for BHD', () => {
    expect(formatAmount(money('1.234'), 'BHD')).toBe('1.234');
    expect(formatAmount(money('5'), 'BHD')).toBe('5.000');
  });

  it('prints a negative amount with a leading minus', () => {
    expect(formatAmount(money('-5'), 'USD')).toBe('-5.00');
  });

  it('never prints negative zero', () => {
    expect(formatAmount(money('-0'), 'USD')).toBe('0.00');
  });

  it('never prints exponent notation', () => {
    expect(formatAmount(money('1e15'), 'USD')).toBe('1000000000000000.00');
    expect(formatAmount(money('1e-4'), 'CLF')).toBe('0.0001');
  });

  it('refuses to round silently: more decimals than the currency throws SCALE_EXCEEDS_CURRENCY', () => {
    expect(() => formatAmount(money('1.005'), 'USD')).toThrow(MoneyError);
    expect(() => formatAmount(money('1.5'), 'JPY')).toThrow(expect.objectContaining({ code: 'SCALE_EXCEEDS_CURRENCY' }));
  });

  it('throws UNKNOWN_CURRENCY for an unknown currency', () => {
    expect(() => formatAmount(money('1'), 'ZZZ')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
  });

  it('round-trips through parseAmount for every currency and amount in range', () => {
    fc.assert(
      fc.property(anyCurrencyAndAmount, ({ currency, amount }) => {
        const text = formatAmount(amount, currency);
        const back = parseAmount(text, { currency, allowNegative: true });
        expect(back.ok && back.value.equals(amount)).toBe(true);
        expect(back.ok && formatAmount(back.value, currency)).toBe(text);
      }),
    );
  });
});
