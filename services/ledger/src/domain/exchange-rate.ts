import type { Decimal } from 'decimal.js';
import { convert, convertByReverseRate, isCurrencyCode, MoneyDecimal, parseAmount, roundToCurrency, roundToScale, type RoundingMode } from '@ledgerline/money';
import { isIsoDate } from '@ledgerline/calendar';
import { accept, invalid, reject, type BusinessError, type Outcome } from './outcome.js';

/** Rates are stored as NUMERIC(24,10): 10 decimals, 14 digits before the point. */
export const RATE_SCALE = 10;
export const RATE_INTEGER_DIGITS = 14;

/**
 * The stored rates the ledger knows: 1 `from` = rate `to`, the one whose valid_from is the
 * latest on or before `date`, or undefined. Only stored directions; inversion is decided here.
 */
export type RateBook = (from: string, to: string, date: string) => Decimal | undefined;

/** How an amount is converted from one currency to another on a date. */
export type ResolvedRate =
  | { kind: 'identity' }
  /** A stored rate from -> to: amount × rate. */
  | { kind: 'direct'; rate: Decimal }
  /** Only to -> from is stored: amount ÷ rate, so no rounded reciprocal is ever multiplied. */
  | { kind: 'inverse'; rate: Decimal };

/** Same currency: 1; else a stored rate from -> to; else the inverse of a stored to -> from. */
export function resolveRate(book: RateBook, from: string, to: string, date: string): ResolvedRate | undefined {
  if (from === to) return { kind: 'identity' };
  const direct = book(from, to, date);
  if (direct !== undefined) return { kind: 'direct', rate: direct };
  const reverse = book(to, from, date);
  if (reverse !== undefined) return { kind: 'inverse', rate: reverse };
  return undefined;
}

/** Converts and rounds once, in the company's rounding mode, to the target currency's minor unit. */
export function convertAmount(amount: Decimal, rate: ResolvedRate, toCurrency: string, mode: RoundingMode): Decimal {
  switch (rate.kind) {
    case 'identity':
      return roundToCurrency(amount, toCurrency, mode);
    case 'direct':
      return convert(amount, rate.rate, toCurrency, mode);
    case 'inverse':
      return convertByReverseRate(amount, rate.rate, toCurrency, mode);
  }
}

/** The effective from -> to rate as stored on an entry (NUMERIC(24,10)). */
export function effectiveRate(rate: ResolvedRate): Decimal {
  switch (rate.kind) {
    case 'identity':
      return new MoneyDecimal(1);
    case 'direct':
      return rate.rate;
    case 'inverse':
      return roundToScale(new MoneyDecimal(1).div(rate.rate), RATE_SCALE);
  }
}

/** Parses a rate from the wire: positive, at most 10 decimals and 14 integer digits. */
export function parseRate(text: string): Decimal | undefined {
  const parsed = parseAmount(text, { maxScale: RATE_SCALE });
  if (!parsed.ok || parsed.value.isZero()) return undefined;
  if (parsed.value.truncated().toFixed().length > RATE_INTEGER_DIGITS) return undefined;
  return parsed.value;
}

export interface ExchangeRateDefinition {
  fromCurrency: string;
  toCurrency: string;
  validFrom: string;
  rate: Decimal;
}

export function validateExchangeRate(input: { fromCurrency: string; toCurrency: string; validFrom: string; rate: string }): Outcome<ExchangeRateDefinition> {
  const errors: BusinessError[] = [];
  if (!isCurrencyCode(input.fromCurrency)) {
    errors.push(invalid('from', `from ${JSON.stringify(input.fromCurrency)} is not an ISO 4217 currency code`));
  }
  if (!isCurrencyCode(input.toCurrency)) {
    errors.push(invalid('to', `to ${JSON.stringify(input.toCurrency)} is not an ISO 4217 currency code`));
  }
  if (errors.length === 0 && input.fromCurrency === input.toCurrency) {
    errors.push(invalid('to', 'to must differ from from; a currency converts to itself at 1'));
  }
  if (!isIsoDate(input.validFrom)) {
    errors.push(invalid('date', 'date must be a calendar date "YYYY-MM-DD"'));
  }
  const rate = parseRate(input.rate);
  if (rate === undefined) {
    errors.push(
      invalid('rate', `rate must be a positive decimal with at most ${RATE_SCALE} decimals and ${RATE_INTEGER_DIGITS} integer digits`),
    );
  }
  if (errors.length > 0 || rate === undefined) return reject(...errors);
  return accept({ fromCurrency: input.fromCurrency, toCurrency: input.toCurrency, validFrom: input.validFrom, rate });
}
