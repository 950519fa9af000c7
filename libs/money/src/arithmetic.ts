import { Decimal } from 'decimal.js';
import { minorUnits } from './currency.js';
import { EXACT_ZERO, MoneyDecimal, exactTimes, normalizeZero, toMoneyDecimal } from './decimal.js';
import { MoneyError } from './errors.js';
import { type RoundingMode, roundToScale } from './rounding.js';

/**
 * Exact sum (no rounding at any precision); 0 for an empty list. Vouchers are summed on every
 * posting, so the total is kept at exact precision throughout and re-homed once at the end.
 */
export function sum(values: readonly Decimal[]): Decimal {
  let acc = EXACT_ZERO;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] as Decimal;
    if (!Decimal.isDecimal(value) || !value.isFinite()) toMoneyDecimal(value, `values[${i}]`);
    acc = acc.plus(value);
  }
  return normalizeZero(new MoneyDecimal(acc));
}

/**
 * Converts `amount` at `rate` (units of the target currency per unit of the source) and
 * rounds once, in `mode` (the company's; it has no default, as for roundToCurrency), to the
 * target currency's minor units. The product is computed exactly, so there is no double rounding. Throws INVALID_RATE unless the rate is finite and positive.
 */
export function convert(
  amount: Decimal,
  rate: Decimal,
  toCurrency: string,
  mode: RoundingMode,
): Decimal {
  const scale = minorUnits(toCurrency);
  const a = toMoneyDecimal(amount, 'amount');
  if (!Decimal.isDecimal(rate) || !rate.isFinite() || rate.isZero() || rate.isNegative()) {
    throw new MoneyError('INVALID_RATE', `rate must be a finite positive Decimal, got ${String(rate)}`);
  }
  return roundToScale(exactTimes(a, toMoneyDecimal(rate, 'rate')), scale, mode);
}

/**
 * Converts `amount` where only the reverse rate is stored (units of the source currency per unit
 * of the target): divides by it and rounds once, in `mode`, to the target currency's minor units.
 * Dividing, rather than multiplying by a rounded reciprocal, keeps an amount that converts to a
 * whole number of minor units exactly that (10.80 / 1.08 is 10.00, where 10.80 × 0.9259259259 is
 * 9.99999999972). The quotient carries 40 significant digits, so a tie exact in decimal stays one.
 */
export function convertByReverseRate(amount: Decimal, reverseRate: Decimal, toCurrency: string, mode: RoundingMode): Decimal {
  const a = toMoneyDecimal(amount, 'amount');
  if (!Decimal.isDecimal(reverseRate) || !reverseRate.isFinite() || reverseRate.isZero() || reverseRate.isNegative()) {
    throw new MoneyError('INVALID_RATE', `rate must be a finite positive Decimal, got ${String(reverseRate)}`);
  }
  return roundToScale(new MoneyDecimal(a).div(toMoneyDecimal(reverseRate, 'rate')), minorUnits(toCurrency), mode);
}
