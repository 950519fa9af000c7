/** What the customer service needs to know of a company; the ledger owns it. */
export interface CompanyInfo {
  companyId: string;
  homeCurrency: string;
  reportingCurrency: string;
  /** First day of the first fiscal year, "YYYY-MM-DD". */
  fiscalYearStart: string;
  defaultCreditTermsId: string;
  /** A/R control account payments are credited to, e.g. "1200". */
  receivableAccount: string;
  creditTermsIds: readonly string[];
  /** Fiscal periods, oldest first. */
  periods: readonly FiscalPeriod[];
}

export interface FiscalPeriod {
  /** "YYYY-MM". */
  period: string;
  startDate: string;
  endDate: string;
}

/** The account payments are debited to: the standard template's bank account. */
export const BANK_ACCOUNT = '1000';
