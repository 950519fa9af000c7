import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, isCurrencyCode, minorUnits } from './currency.js';
import { MoneyError } from './errors.js';

describe('ISO 4217 currency table', () => {
  it('gives JPY, KRW, ISK, VND, CLP and the CFA/CFP francs no minor unit', () => {
    for (const code of ['JPY', 'KRW', 'ISK', 'VND', 'CLP', 'XAF', 'XOF', 'XPF']) {
      expect(minorUnits(code), code).toBe(0);
    }
  });

  it('lists exactly the currencies whose minor unit is not 2', () => {
    const notTwo = CURRENCY_CODES.filter((code) => minorUnits(code) !== 2).map((code) => `${code}:${minorUnits(code)}`);
    expect(notTwo).toEqual([
      'BHD:3', 'BIF:0', 'CLF:4', 'CLP:0', 'DJF:0', 'GNF:0', 'IQD:3', 'ISK:0', 'JOD:3', 'JPY:0',
      'KMF:0', 'KRW:0', 'KWD:3', 'LYD:3', 'OMR:3', 'PYG:0', 'RWF:0', 'TND:3', 'UGX:0', 'UYI:0',
      'UYW:4', 'VND:0', 'VUV:0', 'XAF:0', 'XOF:0', 'XPF:0',
    ]);
  });

  it('gives the dinars of Bahrain, Kuwait, Jordan, Oman, Tunisia, Iraq and Libya three decimals', () => {
    for (const code of ['BHD', 'KWD', 'JOD', 'OMR', 'TND', 'IQD', 'LYD']) {
      expect(minorUnits(code), code).toBe(3);
    }
  });

  it('gives the common currencies two decimals', () => {
    for (const code of ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'CNY', 'INR', 'BRL', 'MXN', 'SEK', 'PLN']) {
      expect(minorUnits(code), code).toBe(2);
    }
  });

  it('recognizes known codes and only those', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('XCG')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('EURO')).toBe(false);
    expect(isCurrencyCode('')).toBe(false);
    expect(isCurrencyCode('constructor')).toBe(false);
    expect(isCurrencyCode(undefined)).toBe(false);
  });

  it('does not list withdrawn codes or codes without a defined minor unit', () => {
    for (const code of ['HRK', 'CUC', 'ZWL', 'SLL', 'VEF', 'MRO', 'STD', 'XAU', 'XDR', 'XXX', 'XTS']) {
      expect(isCurrencyCode(code), code).toBe(false);
    }
  });

  it('throws a MoneyError UNKNOWN_CURRENCY for an unknown code', () => {
    expect(() => minorUnits('ABC')).toThrow(MoneyError);
    expect(() => minorUnits('__proto__')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
  });

  it('holds every code as three upper-case letters, sorted and unique', () => {
    expect(CURRENCY_CODES.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
    expect([...CURRENCY_CODES].sort()).toEqual(CURRENCY_CODES);
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
  });
});
