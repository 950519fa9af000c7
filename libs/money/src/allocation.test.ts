import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByPercents, allocateByWeights } from './allocation.js';
import { sum } from './arithmetic.js';
import { minorUnits } from './currency.js';
import { money } from './decimal.js';
import { fitsCurrency } from './rounding.js';
import { Exact, amountIn, anyCurrency, anyWeights } from './test-support.js';

const strings = (parts: Decimal[]): string[] => parts.map((p) => p.toString());
const dec = (...values: string[]): Decimal[] => values.map((v) => money(v));

const anyAllocation = fc.record({ currency: anyCurrency, weights: anyWeights }).chain(({ currency, weights }) =>
  amountIn(currency).map((total) => ({ currency, weights, total })),
);

describe('allocateByWeights', () => {
  it('splits 100.00 three ways by equal weights as 33.34, 33.33, 33.33', () => {
    expect(strings(allocateByWeights(money('100.00'), dec('1', '1', '1'), 'EUR'))).toEqual(['33.34', '33.33', '33.33']);
  });

  it('splits -100.00 three ways as the mirror image of 100.00', () => {
    expect(strings(allocateByWeights(money('-100.00'), dec('1', '1', '1'), 'EUR'))).toEqual(['-33.34', '-33.33', '-33.33']);
  });

  it('gives the leftover minor units to the largest remainders, not to the first parts', () => {
    // Shares 0.14, 0.42, 0.44 of 1.00 → exact 14.2857..., 42.857..., 42.857... cents.
    expect(strings(allocateByWeights(money('1.00'), dec('1', '3', '3'), 'USD'))).toEqual(['0.14', '0.43', '0.43']);
  });

  it('breaks ties between equal remainders by lower index', () => {
    expect(strings(allocateByWeights(money('0.02'), dec('1', '1', '1'), 'USD'))).toEqual(['0.01', '0.01', '0']);
  });

  it('splits JPY in whole yen', () => {
    expect(strings(allocateByWeights(money('1000'), dec('1', '1', '1'), 'JPY'))).toEqual(['334', '333', '333']);
  });

  it('splits BHD in fils', () => {
    expect(strings(allocateByWeights(money('10.000'), dec('1', '1', '1'), 'BHD'))).toEqual(['3.334', '3.333', '3.333']);
  });

  it('gives a zero weight nothing', () => {
    expect(strings(allocateByWeights(money('0.05'), dec('0', '1', '0', '1'), 'USD'))).toEqual(['0', '0.03', '0', '0.02']);
  });

  it('accepts fractional weights', () => {
    expect(strings(allocateByWeights(money('10.00'), dec('0.5', '0.25', '0.25'), 'EUR'))).toEqual(['5', '2.5', '2.5']);
  });

  it('splits zero into zeros', () => {
    expect(strings(allocateByWeights(money('0'), dec('1', '2'), 'EUR'))).toEqual(['0', '0']);
  });

  it('throws INVALID_WEIGHTS for no weights', () => {
    expect(() => allocateByWeights(money('1'), [], 'EUR')).toThrow(expect.objectContaining({ code: 'INVALID_WEIGHTS' }));
  });

  it('throws INVALID_WEIGHTS for a negative weight', () => {
    expect(() => allocateByWeights(money('1'), dec('2', '-1'), 'EUR')).toThrow(
      expect.objectContaining({ code: 'INVALID_WEIGHTS' }),
    );
  });

  it('throws INVALID_WEIGHTS when all weights are zero', () => {
    expect(() => allocateByWeights(money('1'), dec('0', '0'), 'EUR')).toThrow(expect.objectContaining({ code: 'INVALID_WEIGHTS' }));
  });

  it('throws INVALID_WEIGHTS for a NaN weight', () => {
    expect(() => allocateByWeights(money('1'), [new Decimal(NaN)], 'EUR')).toThrow(
      expect.objectContaining({ code: 'INVALID_WEIGHTS' }),
    );
  });

  it('throws SCALE_EXCEEDS_CURRENCY for a total with more decimals than the currency', () => {
    expect(() => allocateByWeights(money('1.005'), dec('1'), 'EUR')).toThrow(
      expect.objectContaining({ code: 'SCALE_EXCEEDS_CURRENCY' }),
    );
  });

  it('always produces parts that sum exactly to the total', () => {
    fc.assert(
      fc.property(anyAllocation, ({ currency, weights, total }) => {
        const parts = allocateByWeights(total, weights, currency);
        expect(parts).toHaveLength(weights.length);
        expect(sum(parts).equals(total)).toBe(true);
      }),
    );
  });

  it('always produces parts with at most the currency minor units', () => {
    fc.assert(
      fc.property(anyAllocation, ({ currency, weights, total }) => {
        for (const part of allocateByWeights(total, weights, currency)) {
          expect(fitsCurrency(part, currency)).toBe(true);
        }
      }),
    );
  });

  it('keeps every part less than one minor unit away from its exact proportional share', () => {
    fc.assert(
      fc.property(anyAllocation, ({ currency, weights, total }) => {
        const unit = new Exact(10).pow(-minorUnits(currency));
        const weightSum = weights.reduce((acc, w) => acc.plus(w), new Exact(0));
        allocateByWeights(total, weights, currency).forEach((part, i) => {
          const share = new Exact(total).times(weights[i] ?? 0).dividedBy(weightSum);
          expect(new Exact(part).minus(share).abs().lt(unit)).toBe(true);
        });
      }),
    );
  });

  it('is deterministic: the same inputs give the same parts', () => {
    fc.assert(
      fc.property(anyAllocation, ({ currency, weights, total }) => {
        const first = strings(allocateByWeights(total, weights, currency));
        const again = strings(allocateByWeights(money(total.toString()), weights.map((w) => money(w.toString())), currency));
        expect(again).toEqual(first);
      }),
    );
  });

  it('is symmetric: allocating -t gives the negated parts of allocating t', () => {
    fc.assert(
      fc.property(anyAllocation, ({ currency, weights, total }) => {
        const positive = allocateByWeights(total, weights, currency);
        const negative = allocateByWeights(total.negated(), weights, currency);
        negative.forEach((part, i) => expect(part.equals((positive[i] ?? money('NaN')).negated())).toBe(true));
      }),
    );
  });

  it('does not depend on the global Decimal settings', () => {
    const saved = { precision: Decimal.precision, rounding: Decimal.rounding };
    Decimal.set({ precision: 3, rounding: Decimal.ROUND_FLOOR });
    try {
      const parts = allocateByWeights(new Decimal('123456.78'), [new Decimal('1'), new Decimal('2')], 'EUR');
      expect(strings(parts)).toEqual(['41152.26', '82304.52']);
    } finally {
      Decimal.set(saved);
    }
  });
});

describe('allocateByPercents', () => {
  it('splits 100.00 over 33.33 %, 33.33 % and 33.34 % as 33.33, 33.33, 33.34', () => {
    expect(strings(allocateByPercents(money('100.00'), dec('33.33', '33.33', '33.34'), 'EUR'))).toEqual([
      '33.33',
      '33.33',
      '33.34',
    ]);
  });

  it('splits an odd cent by percents without losing it', () => {
    const parts = allocateByPercents(money('0.05'), dec('50', '50'), 'USD');
    expect(strings(parts)).toEqual(['0.03', '0.02']);
  });

  it('splits JPY by percents in whole yen', () => {
    expect(strings(allocateByPercents(money('1001'), dec('50', '50'), 'JPY'))).toEqual(['501', '500']);
  });

  it('throws INVALID_PERCENTS when the percents sum to less than 100', () => {
    expect(() => allocateByPercents(money('1'), dec('33.33', '33.33', '33.33'), 'EUR')).toThrow(
      expect.objectContaining({ code: 'INVALID_PERCENTS' }),
    );
  });

  it('throws INVALID_PERCENTS when the percents sum to more than 100', () => {
    expect(() => allocateByPercents(money('1'), dec('50', '50.0001'), 'EUR')).toThrow(
      expect.objectContaining({ code: 'INVALID_PERCENTS' }),
    );
  });

  it('throws INVALID_PERCENTS for a negative percent even if the sum is 100', () => {
    expect(() => allocateByPercents(money('1'), dec('110', '-10'), 'EUR')).toThrow(
      expect.objectContaining({ code: 'INVALID_PERCENTS' }),
    );
  });

  it('throws INVALID_PERCENTS for no percents', () => {
    expect(() => allocateByPercents(money('1'), [], 'EUR')).toThrow(expect.objectContaining({ code: 'INVALID_PERCENTS' }));
  });

  it('always produces parts that sum exactly to the total', () => {
    const percentsArb = fc
      .array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 8 })
      .filter((xs) => xs.some((x) => x > 0))
      .map((xs) => {
        // Scale integer weights to basis points summing to exactly 10000, then to percents.
        const total = xs.reduce((a, b) => a + b, 0);
        const bps = xs.map((x) => Math.floor((x * 10_000) / total));
        bps[0] = (bps[0] ?? 0) + 10_000 - bps.reduce((a, b) => a + b, 0);
        return bps.map((b) => money(`${b}e-2`));
      });
    fc.assert(
      fc.property(anyCurrency.chain((c) => fc.tuple(fc.constant(c), amountIn(c), percentsArb)), ([currency, total, percents]) => {
        expect(sum(allocateByPercents(total, percents, currency)).equals(total)).toBe(true);
      }),
    );
  });
});
