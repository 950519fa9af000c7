import type { HomeRate } from '../domain/posted-amounts.js';
import type { LedgerGateway } from './ledger-port.js';

/**
 * How long an exchange rate read from the ledger is reused for the home figures of the
 * InvoicePosted event. Companies are not cached at all: a changed setting (zero-price lines,
 * default terms) must apply to the very next posting, and a batch reads each company once.
 */
export const RATE_CACHE_TTL_MS = 10_000;
/** Most exchange rates kept; the oldest is dropped beyond it. */
export const RATE_CACHE_ENTRIES_MAX = 1_000;

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

/**
 * Keeps each loaded value for a while. The promise is what is kept, so documents of a batch
 * asking for the same key at once share one call; a failed load is forgotten at once.
 */
class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.expiresAt > this.now()) return hit.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > RATE_CACHE_ENTRIES_MAX) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}

/** The ledger with exchange rates cached for a short time; everything else is read fresh. */
export function rateCachedLedger(
  ledger: LedgerGateway,
  options: { ttlMs?: number; now?: () => number } = {},
): LedgerGateway {
  const rates = new TtlCache<HomeRate | undefined>(options.ttlMs ?? RATE_CACHE_TTL_MS, options.now ?? Date.now);
  return {
    getCompany: (companyId) => ledger.getCompany(companyId),
    postJournals: (companyId, journals) => ledger.postJournals(companyId, journals),
    previewJournals: (companyId, journals) => ledger.previewJournals(companyId, journals),
    getHomeRate: (companyId, currency, homeCurrency, date) =>
      rates.get(JSON.stringify([companyId, currency, homeCurrency, date]), () =>
        ledger.getHomeRate(companyId, currency, homeCurrency, date),
      ),
  };
}
