// Shared fast-check arbitraries for the tests in this folder (not exported by the package).
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { CURRENCY_CODES, type CurrencyCode, minorUnits } from './currency.js';
import { MAX_INTEGER_DIGITS } from './amount.js';
import { MoneyDecimal } from './decimal.js';

export const anyCurrency: fc.Arbitrary<CurrencyCode> = fc.constantFrom(...CURRENCY_CODES);

/** A decimal `units / 10^scale`. */
export function scaled(units: bigint, scale: number): Decimal {
  return new MoneyDecimal(`${units.toString()}e-${scale}`);
}

/** Any amount that fits NUMERIC(20,4) and has at most the currency's minor units. */
export function amountIn(currency: string, options: { allowNegative?: boolean } = {}): fc.Arbitrary<Decimal> {
  const scale = minorUnits(currency);
  const limit = 10n ** BigInt(MAX_INTEGER_DIGITS + scale) - 1n;
  const units = fc.oneof(
    fc.bigInt({ min: options.allowNegative === false ? 0n : -limit, max: limit }),
    fc.bigInt({ min: options.allowNegative === false ? 0n : -100_000n, max: 100_000n }),
  );
  return units.map((u) => scaled(u, scale));
}

export const anyCurrencyAndAmount: fc.Arbitrary<{ currency: CurrencyCode; amount: Decimal }> = anyCurrency.chain(
  (currency) => amountIn(currency).map((amount) => ({ currency, amount })),
);

/** Non-negative weights with up to 6 decimals. */
export const anyWeight: fc.Arbitrary<Decimal> = fc
  .tuple(fc.oneof(fc.bigInt({ min: 0n, max: 10n }), fc.bigInt({ min: 0n, max: 10n ** 12n })), fc.integer({ min: 0, max: 6 }))
  .map(([units, scale]) => scaled(units, scale));

/** At least one weight, with a positive sum. */
export const anyWeights: fc.Arbitrary<Decimal[]> = fc
  .array(anyWeight, { minLength: 1, maxLength: 12 })
  .filter((ws) => ws.some((w) => !w.isZero()));

/** Any decimal with up to 8 decimals, including ties at every position. */
export const anyDecimal: fc.Arbitrary<Decimal> = fc
  .tuple(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 0, max: 8 }))
  .map(([units, scale]) => scaled(units, scale));

/** For checks only: enough precision that no comparison made in a test can be rounded away. */
export const Exact: typeof Decimal = Decimal.clone({ precision: 300 });
