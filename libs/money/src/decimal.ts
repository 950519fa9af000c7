import { Decimal } from 'decimal.js';
import { MoneyError } from './errors.js';

/**
 * Significant digits used for inexact operations (division) on MoneyDecimal.
 * NUMERIC(20,4) amounts have at most 20 digits, so 40 leaves ample headroom.
 */
export const MONEY_PRECISION = 40;

/**
 * The library's own Decimal constructor. It never reads or changes the global `Decimal`
 * settings, and it never prints exponent notation. Callers may use it for their own
 * arithmetic so that they get the same precision.
 */
export const MoneyDecimal: typeof Decimal = Decimal.clone({
  precision: MONEY_PRECISION,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

/**
 * Internal constructor for operations that are exact in decimal (plus, minus, times):
 * the precision is so large that these never round.
 */
const ExactDecimal: typeof Decimal = Decimal.clone({
  precision: 1e9,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

/**
 * Creates a MoneyDecimal from trusted code (a literal, a Decimal from the database).
 * Numbers are deliberately not accepted: money is never a JS `number`.
 * Untrusted text from the wire goes through `parseAmount` instead.
 */
export function money(value: string | Decimal): Decimal {
  const result = new MoneyDecimal(value);
  assertFinite(result, 'value');
  return normalizeZero(result);
}

/**
 * Re-homes any Decimal (whatever its constructor) on MoneyDecimal, without rounding. A finite
 * MoneyDecimal other than -0 is returned as it is: decimals are immutable, and every money
 * operation passes its operands through here, so copying them would only feed the garbage
 * collector. Clones share one prototype, so the constructor is what tells them apart.
 */
export function toMoneyDecimal(value: Decimal, what = 'value'): Decimal {
  if (!Decimal.isDecimal(value)) {
    throw new MoneyError('NOT_FINITE', `${what} must be a Decimal`);
  }
  assertFinite(value, what);
  if (value.constructor === MoneyDecimal && !(value.isZero() && value.isNegative())) return value;
  return normalizeZero(new MoneyDecimal(value));
}

export function assertFinite(value: Decimal, what: string): void {
  if (!value.isFinite()) {
    throw new MoneyError('NOT_FINITE', `${what} must be a finite decimal, got ${value.toString()}`);
  }
}

/** Turns -0 into 0 so that it never prints as "-0.00". */
export function normalizeZero(value: Decimal): Decimal {
  return value.isZero() && value.isNegative() ? new MoneyDecimal(0) : value;
}

/** Zero at exact precision, where exact sums start. */
export const EXACT_ZERO: Decimal = new ExactDecimal(0);

/** Exact a + b, returned as a MoneyDecimal. */
export function exactPlus(a: Decimal, b: Decimal): Decimal {
  return normalizeZero(new MoneyDecimal(new ExactDecimal(a).plus(b)));
}

/** Exact a * b, returned as a MoneyDecimal. */
export function exactTimes(a: Decimal, b: Decimal): Decimal {
  return normalizeZero(new MoneyDecimal(new ExactDecimal(a).times(b)));
}

/** The integer `value * 10^scale` as a bigint; `value` must have at most `scale` decimals. */
export function toScaledBigInt(value: Decimal, scale: number): bigint {
  return BigInt(value.toFixed(scale).replace('.', ''));
}

/** The decimal `units / 10^scale` as a MoneyDecimal. */
export function fromScaledBigInt(units: bigint, scale: number): Decimal {
  return normalizeZero(new MoneyDecimal(`${units.toString()}e-${scale}`));
}
