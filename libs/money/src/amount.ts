import { Decimal } from 'decimal.js';
import { minorUnits } from './currency.js';
import { MoneyDecimal, normalizeZero } from './decimal.js';
import { assertFitsCurrency, assertScale } from './rounding.js';

/**
 * Storage shape of amounts: NUMERIC(20,4), i.e. 20 digits of which 4 after the point,
 * leaving 16 before it.
 */
export const AMOUNT_PRECISION = 20;
/** Decimal places of the stored amount column, and parseAmount's default maximum. */
export const MAX_AMOUNT_SCALE = 4;
/** Digits allowed before the decimal point (AMOUNT_PRECISION - MAX_AMOUNT_SCALE). */
export const MAX_INTEGER_DIGITS = AMOUNT_PRECISION - MAX_AMOUNT_SCALE;
/**
 * Longest accepted text. Trailing zeros after the point are accepted ("1.5000" for USD is
 * 1.50), and this bounds how many of them a sender can send.
 */
export const MAX_AMOUNT_TEXT_LENGTH = 64;

/**
 * Wire grammar: optional '-', integer part without leading zeros, optional fraction with at
 * least one digit. No '+', no exponent, no whitespace, no thousands separators, no ".5" or "5.".
 */
const AMOUNT_PATTERN = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

const ZERO_CHAR_CODE = '0'.charCodeAt(0);

export type ParseFailureReason = 'MALFORMED' | 'NEGATIVE' | 'TOO_MANY_DECIMALS' | 'OUT_OF_RANGE';

export type ParseResult = { ok: true; value: Decimal } | { ok: false; reason: ParseFailureReason };

export interface ParseAmountOptions {
  /** When given (and maxScale is not), the currency's minor units are the maximum scale. */
  currency?: string;
  /** Negative amounts are rejected with NEGATIVE unless this is true. Default false. */
  allowNegative?: boolean;
  /** Maximum decimal places; overrides the currency's. Default MAX_AMOUNT_SCALE. */
  maxScale?: number;
}

/**
 * Parses and validates a decimal string received from the wire.
 *
 * - MALFORMED: not matching the grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?` (so also empty,
 *   whitespace, '+', exponent notation, NaN, Infinity, or not a string).
 * - NEGATIVE: below zero while `allowNegative` is not set ("-0" is zero, and accepted).
 * - OUT_OF_RANGE: more than MAX_INTEGER_DIGITS digits before the point, or text longer than
 *   MAX_AMOUNT_TEXT_LENGTH.
 * - TOO_MANY_DECIMALS: more significant decimals than the maximum scale (trailing zeros do not
 *   count: "1.500" is fine for USD, "1.505" is not).
 *
 * Throws MoneyError UNKNOWN_CURRENCY / INVALID_SCALE for bad options (a caller bug, not bad input).
 */
export function parseAmount(text: string, options: ParseAmountOptions = {}): ParseResult {
  const maxScale = resolveMaxScale(options);
  if (typeof text !== 'string') return fail('MALFORMED');
  const match = AMOUNT_PATTERN.exec(text);
  if (match === null) return fail('MALFORMED');
  const sign = match[1] ?? '';
  const integerPart = match[2] ?? '';
  const fractionPart = match[3] ?? '';
  // Significant decimals: trailing zeros do not count. Counted, not stripped, since every amount
  // read from the wire passes here.
  let decimals = fractionPart.length;
  while (decimals > 0 && fractionPart.charCodeAt(decimals - 1) === ZERO_CHAR_CODE) decimals -= 1;
  const isZero = integerPart === '0' && decimals === 0;
  if (sign === '-' && !isZero && options.allowNegative !== true) return fail('NEGATIVE');
  if (integerPart.length > MAX_INTEGER_DIGITS) return fail('OUT_OF_RANGE');
  if (decimals > maxScale) return fail('TOO_MANY_DECIMALS');
  if (text.length > MAX_AMOUNT_TEXT_LENGTH) return fail('OUT_OF_RANGE');
  return { ok: true, value: normalizeZero(new MoneyDecimal(text)) };
}

function resolveMaxScale(options: ParseAmountOptions): number {
  if (options.maxScale !== undefined) {
    assertScale(options.maxScale, 'maxScale');
    return options.maxScale;
  }
  if (options.currency !== undefined) return minorUnits(options.currency);
  return MAX_AMOUNT_SCALE;
}

function fail(reason: ParseFailureReason): ParseResult {
  return { ok: false, reason };
}

/**
 * Formats with exactly the currency's minor units, no exponent, no grouping:
 * "1234.50" (EUR), "1000" (JPY), "1.234" (BHD), "-5.00". Never rounds: a value with more
 * decimals than the currency allows throws SCALE_EXCEEDS_CURRENCY (round it first, at a
 * defined rounding point).
 */
export function formatAmount(value: Decimal, currency: string): string {
  const v = assertFitsCurrency(value, currency);
  // Padding the exact text with zeros is what toFixed(units) gives for a value that fits, without
  // the rounded copy toFixed makes first; every amount on the wire is formatted here.
  const places = v.decimalPlaces();
  const missing = minorUnits(currency) - places;
  const exact = v.toFixed();
  if (missing === 0) return exact;
  return places === 0 ? `${exact}.${'0'.repeat(missing)}` : `${exact}${'0'.repeat(missing)}`;
}
