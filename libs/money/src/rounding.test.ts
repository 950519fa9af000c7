import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MoneyDecimal, money } from './decimal.js';
import { ROUNDING_MODES, type RoundingMode, fitsCurrency, roundToCurrency, roundToScale } from './rounding.js';
import { anyCurrency, anyDecimal } from './test-support.js';

function round(text: string, scale: number, mode?: RoundingMode): string {
  return roundToScale(money(text), scale, mode).toString();
}

describe('roundToScale', () => {
  it('rounds half away from zero by default', () => {
    expect(round('2.345', 2)).toBe('2.35');
    expect(round('-2.345', 2)).toBe('-2.35');
    expect(round('0.5', 0)).toBe('1');
    expect(round('-0.5', 0)).toBe('-1');
  });

  it('rounds below half towards zero and above half away from zero in HALF_AWAY_FROM_ZERO', () => {
    expect(round('2.3449', 2)).toBe('2.34');
    expect(round('2.3451', 2)).toBe('2.35');
  });

  it('rounds ties to the even neighbour in HALF_EVEN', () => {
    expect(round('2.345', 2, 'HALF_EVEN')).toBe('2.34');
    expect(round('2.355', 2, 'HALF_EVEN')).toBe('2.36');
    expect(round('-2.345', 2, 'HALF_EVEN')).toBe('-2.34');
    expect(round('2.3451', 2, 'HALF_EVEN')).toBe('2.35');
  });

  it('truncates towards zero in DOWN', () => {
    expect(round('2.349', 2, 'DOWN')).toBe('2.34');
    expect(round('-2.349', 2, 'DOWN')).toBe('-2.34');
  });

  it('moves away from zero in UP', () => {
    expect(round('2.341', 2, 'UP')).toBe('2.35');
    expect(round('-2.341', 2, 'UP')).toBe('-2.35');
  });

  it('leaves a value that already fits unchanged in every mode', () => {
    for (const mode of ROUNDING_MODES) expect(round('2.34', 2, mode)).toBe('2.34');
  });

  it('never returns negative zero', () => {
    expect(roundToScale(money('-0.001'), 2).isNegative()).toBe(false);
  });

  it('is exact for values with more digits than any precision setting', () => {
    const digits = `${'9'.repeat(50)}.${'4'.repeat(49)}5`;
    expect(round(digits, 49)).toBe(`${'9'.repeat(50)}.${'4'.repeat(48)}5`);
  });

  it('does not depend on the global Decimal settings', () => {
    const saved = { precision: Decimal.precision, rounding: Decimal.rounding };
    Decimal.set({ precision: 2, rounding: Decimal.ROUND_FLOOR });
    try {
      expect(roundToScale(new Decimal('12345.675'), 2).toString()).toBe('12345.68');
      expect(roundToScale(new Decimal('-12345.675'), 2).toString()).toBe('-12345.68');
    } finally {
      Decimal.set(saved);
    }
  });

  it('throws INVALID_SCALE for a negative or fractional scale', () => {
    expect(() => roundToScale(money('1'), -1)).toThrow(expect.objectContaining({ code: 'INVALID_SCALE' }));
    expect(() => roundToScale(money('1'), 0.5)).toThrow(expect.objectContaining({ code: 'INVALID_SCALE' }));
  });

  it('throws INVALID_ROUNDING_MODE for an unknown mode', () => {
    expect(() => roundToScale(money('1'), 2, 'CEILING' as RoundingMode)).toThrow(
      expect.objectContaining({ code: 'INVALID_ROUNDING_MODE' }),
    );
  });

  it('throws NOT_FINITE for NaN and Infinity', () => {
    expect(() => roundToScale(new MoneyDecimal(NaN), 2)).toThrow(expect.objectContaining({ code: 'NOT_FINITE' }));
    expect(() => roundToScale(new MoneyDecimal(Infinity), 2)).toThrow(expect.objectContaining({ code: 'NOT_FINITE' }));
  });

  it('is symmetric in HALF_AWAY_FROM_ZERO: round(-x) = -round(x)', () => {
    fc.assert(
      fc.property(anyDecimal, fc.integer({ min: 0, max: 6 }), (x, scale) => {
        expect(roundToScale(x.negated(), scale).equals(roundToScale(x, scale).negated())).toBe(true);
      }),
    );
  });

  it('moves a value by at most half a unit of the last place in HALF_AWAY_FROM_ZERO and HALF_EVEN', () => {
    fc.assert(
      fc.property(anyDecimal, fc.integer({ min: 0, max: 6 }), fc.constantFrom<RoundingMode>('HALF_AWAY_FROM_ZERO', 'HALF_EVEN'), (x, scale, mode) => {
        const halfUnit = new MoneyDecimal(10).pow(-scale).dividedBy(2);
        expect(roundToScale(x, scale, mode).minus(x).abs().lte(halfUnit)).toBe(true);
      }),
    );
  });

  it('never increases the magnitude in DOWN and never decreases it in UP', () => {
    fc.assert(
      fc.property(anyDecimal, fc.integer({ min: 0, max: 6 }), (x, scale) => {
        expect(roundToScale(x, scale, 'DOWN').abs().lte(x.abs())).toBe(true);
        expect(roundToScale(x, scale, 'UP').abs().gte(x.abs())).toBe(true);
      }),
    );
  });
});

describe('roundToCurrency', () => {
  it('rounds EUR to cents', () => {
    expect(roundToCurrency(money('10.005'), 'EUR', 'HALF_AWAY_FROM_ZERO').toString()).toBe('10.01');
  });

  it('rounds JPY to whole yen', () => {
    expect(roundToCurrency(money('1234.5'), 'JPY', 'HALF_AWAY_FROM_ZERO').toString()).toBe('1235');
    expect(roundToCurrency(money('-1234.5'), 'JPY', 'HALF_AWAY_FROM_ZERO').toString()).toBe('-1235');
  });

  it('rounds BHD to fils (three decimals)', () => {
    expect(roundToCurrency(money('1.2345'), 'BHD', 'HALF_AWAY_FROM_ZERO').toString()).toBe('1.235');
    expect(roundToCurrency(money('1.2345'), 'BHD', 'HALF_EVEN').toString()).toBe('1.234');
  });

  it('throws UNKNOWN_CURRENCY for an unknown currency', () => {
    expect(() => roundToCurrency(money('1'), 'ABC', 'HALF_AWAY_FROM_ZERO')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
  });

  it('always yields a value that fits the currency', () => {
    fc.assert(
      fc.property(anyDecimal, anyCurrency, fc.constantFrom(...ROUNDING_MODES), (x, currency, mode) => {
        expect(fitsCurrency(roundToCurrency(x, currency, mode), currency)).toBe(true);
      }),
    );
  });
});
