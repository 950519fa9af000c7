import type { RoundingMode } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { FiscalPeriod } from '../domain/types.js';

/** What invoicing needs to know of a company; the ledger service owns it. */
export interface CompanyFacts {
  taxRatesPercent: ReadonlyMap<string, Decimal>;
  roundingMode: RoundingMode;
  /** Accounts a document line may credit: every account but control accounts (A/R). */
  postableAccounts: ReadonlySet<string>;
  creditTermsNetDays: ReadonlyMap<string, number>;
  defaultCreditTermsId: string;
  /** The company's fiscal periods, oldest first. */
  periods: readonly FiscalPeriod[];
}

/** What invoicing needs to know of a customer; the customer service owns it. */
export interface CustomerFacts {
  currency: string;
  /** The customer's own credit terms, or empty when the company's apply. */
  creditTermsId: string;
}

export interface CompanyDirectory {
  /** Undefined when the company does not exist. */
  company(companyId: string): Promise<CompanyFacts | undefined>;
}

export interface CustomerDirectory {
  /** Undefined when the customer does not exist in the company. */
  customer(companyId: string, customerId: string): Promise<CustomerFacts | undefined>;
}
