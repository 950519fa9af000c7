import { Decimal } from 'decimal.js';
import { minorUnits } from './currency.js';
import { MoneyError } from './errors.js';
import { normalizeZero, toMoneyDecimal } from './decimal.js';

/**
 * - HALF_AWAY_FROM_ZERO: nearest, ties away from zero (2.5 → 3, -2.5 → -3). The default (DESIGN 5).
 * - HALF_EVEN: nearest, ties to the even neighbour (banker's rounding: 2.5 → 2, 3.5 → 4).
 * - DOWN: towards zero (truncation: 2.9 → 2, -2.9 → -2).
 * - UP: away from zero (2.1 → 3, -2.1 → -3).
 */
export type RoundingMode = 'HALF_AWAY_FROM_ZERO' | 'HALF_EVEN' | 'DOWN' | 'UP';

export const DEFAULT_ROUNDING_MODE: RoundingMode = 'HALF_AWAY_FROM_ZERO';

export const ROUNDING_MODES: readonly RoundingMode[] = Object.freeze([
  'HALF_AWAY_FROM_ZERO',
  'HALF_EVEN',
  'DOWN',
  'UP',
]);

const DECIMAL_JS_MODE: Readonly<Record<RoundingMode, Decimal.Rounding>> = {
  HALF_AWAY_FROM_ZERO: Decimal.ROUND_HALF_UP,
  HALF_EVEN: Decimal.ROUND_HALF_EVEN,
  DOWN: Decimal.ROUND_DOWN,
  UP: Decimal.ROUND_UP,
};

export function isRoundingMode(mode: unknown): mode is RoundingMode {
  return typeof mode === 'string' && Object.hasOwn(DECIMAL_JS_MODE, mode);
}

export function assertScale(scale: number, what = 'scale'): void {
  if (!Number.isSafeInteger(scale) || scale < 0) {
    throw new MoneyError('INVALID_SCALE', `${what} must be a non-negative integer, got ${String(scale)}`);
  }
}

/** Rounds to `scale` decimal places. Exact: never depends on a precision setting. */
export function roundToScale(value: Decimal, scale: number, mode: RoundingMode = DEFAULT_ROUNDING_MODE): Decimal {
  assertScale(scale);
  if (!isRoundingMode(mode)) {
    throw new MoneyError('INVALID_ROUNDING_MODE', `unknown rounding mode: ${String(mode)}`);
  }
  const v = toMoneyDecimal(value);
  // A value within the scale is its own rounding in every mode; most amounts already are.
  if (v.decimalPlaces() <= scale) return v;
  return normalizeZero(v.toDecimalPlaces(scale, DECIMAL_JS_MODE[mode]));
}

/**
 * Rounds to the currency's minor units (JPY to integers, EUR to cents, BHD to fils). The mode has
 * no default: each rounding point of an amount names the company's mode (DESIGN 5), so none can
 * fall back to another one unnoticed.
 */
export function roundToCurrency(value: Decimal, currency: string, mode: RoundingMode): Decimal {
  return roundToScale(value, minorUnits(currency), mode);
}

/** True when `value` has no more decimals than the currency's minor unit allows. */
export function fitsCurrency(value: Decimal, currency: string): boolean {
  const units = minorUnits(currency);
  return toMoneyDecimal(value).decimalPlaces() <= units;
}

/** Throws SCALE_EXCEEDS_CURRENCY unless `value` fits the currency's minor units exactly. */
export function assertFitsCurrency(value: Decimal, currency: string, what = 'value'): Decimal {
  const v = toMoneyDecimal(value, what);
  const units = minorUnits(currency);
  if (v.decimalPlaces() > units) {
    throw new MoneyError(
      'SCALE_EXCEEDS_CURRENCY',
      `${what} ${v.toString()} has more than ${units} decimal places allowed for ${currency}; round it first`,
    );
  }
  return v;
}
