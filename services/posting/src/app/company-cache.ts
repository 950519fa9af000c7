import type { Decimal } from 'decimal.js';
import type { CompanySetup, LedgerGateway } from './ledger-port.js';

/**
 * How long a company read from the ledger is reused. Short, so a changed setting (zero-price
 * lines, default terms) applies within seconds; long enough that a busy company is read once
 * per several batches instead of once per batch. Closed periods need no freshness: the ledger
 * itself rejects postings in them.
 */
export const COMPANY_CACHE_TTL_MS = 10_000;
/** Most companies (and exchange rates) kept; the oldest is dropped beyond it. */
export const COMPANY_CACHE_ENTRIES_MAX = 1_000;

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
    if (this.entries.size > COMPANY_CACHE_ENTRIES_MAX) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}

/**
 * The ledger with companies and exchange rates cached for a short time. A company the ledger
 * does not know is cached as unknown too, so a stream of its documents does not hammer the ledger.
 */
export function cachedLedger(
  ledger: LedgerGateway,
  options: { ttlMs?: number; now?: () => number } = {},
): LedgerGateway {
  const ttlMs = options.ttlMs ?? COMPANY_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const companies = new TtlCache<CompanySetup | undefined>(ttlMs, now);
  const rates = new TtlCache<Decimal | undefined>(ttlMs, now);
  return {
    getCompany: (companyId) => companies.get(companyId, () => ledger.getCompany(companyId)),
    postJournals: (companyId, journals) => ledger.postJournals(companyId, journals),
    getHomeRate: (companyId, currency, homeCurrency, date) =>
      rates.get(JSON.stringify([companyId, currency, homeCurrency, date]), () =>
        ledger.getHomeRate(companyId, currency, homeCurrency, date),
      ),
  };
}
