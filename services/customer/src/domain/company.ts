/** What the customer service needs to know of a company; the ledger owns it. */
export interface CompanyInfo {
  companyId: string;
  homeCurrency: string;
  reportingCurrency: string;
  /** First day of the first fiscal year, "YYYY-MM-DD". */
  fiscalYearStart: string;
  defaultCreditTermsId: string;
  /** A/R control account of customers whose posting group has no account of its own, e.g. "1200". */
  receivableAccount: string;
  /** Posting group -> its A/R control account (the company's posting profiles). */
  receivableAccountByPostingGroup: ReadonlyMap<string, string>;
  creditTermsIds: readonly string[];
  /** Fiscal periods, oldest first. */
  periods: readonly FiscalPeriod[];
}

/** The A/R account a customer of this posting group posts to, and its payments are credited to. */
export function receivableAccountOf(company: CompanyInfo, postingGroup: string): string {
  return company.receivableAccountByPostingGroup.get(postingGroup) ?? company.receivableAccount;
}

export interface FiscalPeriod {
  /** "YYYY-MM". */
  period: string;
  startDate: string;
  endDate: string;
}

/** The account payments are debited to: the standard template's bank account. */
export const BANK_ACCOUNT = '1000';
