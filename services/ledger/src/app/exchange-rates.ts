import { isCurrencyCode, money } from '@ledgerline/money';
import { isIsoDate } from '@ledgerline/calendar';
import { effectiveRate, resolveRate, validateExchangeRate, type ExchangeRateDefinition } from '../domain/exchange-rate.js';
import { accept, type Outcome } from '../domain/outcome.js';
import type { LedgerDatabase } from '../db/client.js';
import { companyExists, findLatestRate, fromDbDate, upsertRate } from '../db/company-store.js';
import { companyNotFound } from './companies.js';
import { plainDecimal, type ExchangeRateView } from './views.js';

export type RateLookup =
  /** `reverseRate`: the stored reverse pair's rate when the answer is its reciprocal, else empty. */
  | { kind: 'found'; rate: ExchangeRateView; reverseRate: string }
  | { kind: 'company-not-found' }
  | { kind: 'rate-not-found' }
  | { kind: 'invalid'; message: string };

export function exchangeRateUseCases(database: LedgerDatabase) {
  const { prisma } = database;
  return {
    /** Idempotent upsert by (from, to, valid_from): setting it again replaces the rate. */
    async setExchangeRate(
      companyId: string,
      input: { fromCurrency: string; toCurrency: string; validFrom: string; rate: string },
    ): Promise<Outcome<ExchangeRateView>> {
      const validated = validateExchangeRate(input);
      if (!validated.ok) return validated;
      if (!(await companyExists(prisma, companyId))) return companyNotFound(companyId);
      const rate: ExchangeRateDefinition = validated.value;
      const stored = await upsertRate(prisma, companyId, { ...rate, rate: rate.rate.toFixed() });
      return accept({
        fromCurrency: stored.fromCurrency,
        toCurrency: stored.toCurrency,
        validFrom: fromDbDate(stored.validFrom),
        rate: plainDecimal(stored.rate),
      });
    },

    /**
     * The rate posting would use on the date: 1 for the same currency, the latest stored from -> to
     * rate, else the reciprocal of the latest stored to -> from rate (rounded to the stored scale),
     * so that a caller checking for a missing rate gets the answer posting will give.
     */
    async getExchangeRate(companyId: string, fromCurrency: string, toCurrency: string, date: string): Promise<RateLookup> {
      if (!isCurrencyCode(fromCurrency) || !isCurrencyCode(toCurrency) || !isIsoDate(date)) {
        return { kind: 'invalid', message: 'from_currency and to_currency must be ISO 4217 codes and date "YYYY-MM-DD"' };
      }
      if (!(await companyExists(prisma, companyId))) return { kind: 'company-not-found' };
      const found = new Map<string, { rate: string; validFrom: string }>();
      if (fromCurrency !== toCurrency) {
        for (const [from, to] of [
          [fromCurrency, toCurrency],
          [toCurrency, fromCurrency],
        ] as const) {
          const row = await findLatestRate(prisma, companyId, from, to, date);
          if (row !== null) found.set(`${from}/${to}`, { rate: row.rate.toString(), validFrom: fromDbDate(row.validFrom) });
        }
      }
      const stored = (from: string, to: string) => {
        const row = found.get(`${from}/${to}`);
        return row === undefined ? undefined : money(row.rate);
      };
      const resolved = resolveRate(stored, fromCurrency, toCurrency, date);
      if (resolved === undefined) return { kind: 'rate-not-found' };
      const validFrom =
        resolved.kind === 'identity'
          ? date
          : (found.get(resolved.kind === 'direct' ? `${fromCurrency}/${toCurrency}` : `${toCurrency}/${fromCurrency}`)?.validFrom ?? date);
      return {
        kind: 'found',
        rate: { fromCurrency, toCurrency, validFrom, rate: plainDecimal(effectiveRate(resolved)) },
        reverseRate: resolved.kind === 'inverse' ? plainDecimal(resolved.rate) : '',
      };
    },
  };
}
