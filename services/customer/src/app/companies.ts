import type { CompanyInfo } from '../domain/company.js';
import type { LedgerPort } from './ports.js';

/**
 * How long company data read from the ledger is reused. Terms, settings and periods change
 * rarely (a clerk's action), and a few seconds' lag is harmless for validating new customers and
 * dating sales, while every GetCustomer and CreateCustomer would otherwise cost a ledger call.
 */
export const COMPANY_CACHE_TTL_MS = 30_000;
/** Companies kept at most; the oldest entry goes first, so memory stays bounded whatever callers ask for. */
export const COMPANY_CACHE_ENTRIES_MAX = 10_000;

/**
 * The ledger's companies, cached briefly in memory. Concurrent lookups of one company share one
 * call. "Not found" and failures are not cached: a company created a moment later is seen at once.
 */
export class CompanyDirectory {
  private readonly entries = new Map<string, { expiresAt: number; company: Promise<CompanyInfo | undefined> }>();

  constructor(
    private readonly ledger: LedgerPort,
    private readonly ttlMs: number = COMPANY_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The company as cached, unless it does not know the named credit terms: then as the ledger
   * has it now, so terms added a moment ago can be given to a customer at once.
   */
  async knowingCreditTerms(companyId: string, creditTermsId: string | undefined): Promise<CompanyInfo | undefined> {
    const cached = await this.get(companyId);
    if (cached === undefined || creditTermsId === undefined || cached.creditTermsIds.includes(creditTermsId)) return cached;
    this.entries.delete(companyId);
    return this.get(companyId);
  }

  get(companyId: string): Promise<CompanyInfo | undefined> {
    const cached = this.entries.get(companyId);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.company;
    this.entries.delete(companyId);
    const company = this.ledger.getCompany(companyId);
    const entry = { expiresAt: this.now() + this.ttlMs, company };
    this.entries.set(companyId, entry);
    const forget = () => {
      if (this.entries.get(companyId) === entry) this.entries.delete(companyId);
    };
    company.then((found) => (found === undefined ? forget() : undefined), forget);
    while (this.entries.size > COMPANY_CACHE_ENTRIES_MAX) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return company;
  }
}
