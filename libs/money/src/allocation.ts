import { Decimal } from 'decimal.js';
import { minorUnits } from './currency.js';
import { fromScaledBigInt, toMoneyDecimal, toScaledBigInt } from './decimal.js';
import { MoneyError } from './errors.js';
import { assertFitsCurrency } from './rounding.js';

/**
 * Splits `total` into parts proportional to `weights` with the largest remainder method:
 * every part first gets its exact share rounded towards zero to the currency's minor unit,
 * then the minor units still missing go one each to the parts with the largest remainders
 * (ties: lowest index first).
 *
 * Guarantees: the parts add up exactly to `total`; each part has at most the currency's
 * minor units; each part is within one minor unit of its exact share; a zero weight gets
 * zero; the result depends only on the inputs; allocate(-t) = -allocate(t).
 *
 * Throws MoneyError: INVALID_WEIGHTS (empty, a negative or non-finite weight, or a zero
 * sum), SCALE_EXCEEDS_CURRENCY (total has more decimals than the currency), UNKNOWN_CURRENCY.
 */
export function allocateByWeights(total: Decimal, weights: readonly Decimal[], currency: string): Decimal[] {
  const scale = minorUnits(currency);
  const t = assertFitsCurrency(total, currency, 'total');
  const w = checkWeights(weights);

  // Everything in integers: total in minor units, weights scaled to a common integer base.
  const weightScale = w.reduce((max, x) => Math.max(max, x.decimalPlaces()), 0);
  const intWeights = w.map((x) => toScaledBigInt(x, weightScale));
  const weightSum = intWeights.reduce((a, b) => a + b, 0n);
  if (weightSum <= 0n) {
    throw new MoneyError('INVALID_WEIGHTS', 'weights must have a positive sum');
  }

  const totalUnits = toScaledBigInt(t, scale);
  const negative = totalUnits < 0n;
  const magnitude = negative ? -totalUnits : totalUnits;

  const parts = intWeights.map((weight) => (magnitude * weight) / weightSum); // floor (non-negative)
  const remainders = intWeights.map((weight) => (magnitude * weight) % weightSum);
  let leftover = magnitude - parts.reduce((a, b) => a + b, 0n);

  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }

  return parts.map((units) => fromScaledBigInt(negative ? -units : units, scale));
}

/**
 * Splits `total` by percents, which must each be non-negative and sum to exactly 100
 * (INVALID_PERCENTS otherwise). Same method and guarantees as allocateByWeights.
 */
export function allocateByPercents(total: Decimal, percents: readonly Decimal[], currency: string): Decimal[] {
  if (percents.length === 0) {
    throw new MoneyError('INVALID_PERCENTS', 'at least one percent is required');
  }
  const p = percents.map((x, i) => {
    const v = toMoneyDecimal(x, `percents[${i}]`);
    if (v.isNegative() && !v.isZero()) {
      throw new MoneyError('INVALID_PERCENTS', `percents[${i}] is negative: ${v.toString()}`);
    }
    return v;
  });
  const scale = p.reduce((max, x) => Math.max(max, x.decimalPlaces()), 0);
  const sum = p.reduce((acc, x) => acc + toScaledBigInt(x, scale), 0n);
  if (sum !== 100n * 10n ** BigInt(scale)) {
    throw new MoneyError('INVALID_PERCENTS', 'percents must sum to exactly 100');
  }
  return allocateByWeights(total, p, currency);
}

function checkWeights(weights: readonly Decimal[]): Decimal[] {
  if (!Array.isArray(weights) || weights.length === 0) {
    throw new MoneyError('INVALID_WEIGHTS', 'at least one weight is required');
  }
  return weights.map((x, i) => {
    if (!Decimal.isDecimal(x) || !x.isFinite()) {
      throw new MoneyError('INVALID_WEIGHTS', `weights[${i}] must be a finite Decimal`);
    }
    const v = toMoneyDecimal(x, `weights[${i}]`);
    if (v.isNegative() && !v.isZero()) {
      throw new MoneyError('INVALID_WEIGHTS', `weights[${i}] is negative: ${v.toString()}`);
    }
    return v;
  });
}
