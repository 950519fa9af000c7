/**
 * What the use cases answer: plain values with amounts already formatted as decimal strings in
 * their currency's minor unit, so transports only rename fields.
 */
import { formatAmount, money } from '@ledgerline/money';
import type { AccountType, CompanySettings, CompanyTemplate, PostingProfile } from '../domain/company.js';
import type { PeriodInfo } from '../domain/calendar.js';
import type { IncomeSchedule } from '../domain/income-schedule.js';
import type { JournalKind, SourceKind } from '../domain/journal.js';
import type { BusinessError, Outcome } from '../domain/outcome.js';
import { fromDbDate, type StoredCompany } from '../db/company-store.js';

export type { BusinessError, Outcome };

export interface TaxCodeView {
  code: string;
  name: string;
  ratePercent: string;
  payableAccount: string;
}

export interface CreditTermsView {
  creditTermsId: string;
  name: string;
  netDays: number;
  discountPercent: string;
  discountDays: number;
}

export interface CompanyView {
  companyId: string;
  name: string;
  homeCurrency: string;
  reportingCurrency: string;
  fiscalYearStart: string;
  template: CompanyTemplate;
  settings: CompanySettings;
  taxCodes: TaxCodeView[];
  creditTerms: CreditTermsView[];
  periods: PeriodInfo[];
  postingProfiles: PostingProfile[];
  createdAt: Date;
}

export interface ExchangeRateView {
  fromCurrency: string;
  toCurrency: string;
  validFrom: string;
  rate: string;
}

export interface JournalLineView {
  lineNumber: number;
  account: string;
  currency: string;
  amount: string;
  homeAmount: string;
  reportingAmount: string;
  description: string;
  customerId: string;
  correction: boolean;
  /** The schedule of a line that defers revenue; undefined on other lines. */
  incomeSchedule: IncomeSchedule | undefined;
}

export interface JournalEntryView {
  entryId: string;
  companyId: string;
  transactionNumber: bigint;
  journal: JournalKind;
  date: string;
  period: string;
  sourceId: string;
  sourceType: SourceKind;
  currency: string;
  documentNumber: string;
  description: string;
  lines: JournalLineView[];
  postedAt: Date;
  /** For an income-schedule entry, the source whose deferred line it recognises; else empty. */
  originSourceId: string;
}

/** What posting a journal would give: its lines (or its posted entry's), or why it would be refused. */
export type JournalPreviewView =
  | { sourceId: string; ok: true; posted: boolean; period: string; lines: JournalLineView[] }
  | { sourceId: string; ok: false; errors: BusinessError[] };

export type JournalResultView =
  | { sourceId: string; ok: true; entry: JournalEntryView; replayed: boolean }
  | { sourceId: string; ok: false; errors: BusinessError[] };

export interface AccountView {
  account: string;
  name: string;
  type: AccountType;
  control: boolean;
}

export interface AccountBalanceView {
  account: string;
  name: string;
  asOf: string;
  customerId: string;
  homeCurrency: string;
  homeBalance: string;
  reportingCurrency: string;
  reportingBalance: string;
}

export interface TrialBalanceView {
  homeCurrency: string;
  reportingCurrency: string;
  accounts: Array<{
    account: string;
    name: string;
    homeBalance: string;
    reportingBalance: string;
    homePeriodMovement: string;
    reportingPeriodMovement: string;
  }>;
}

/** A stored NUMERIC text ("12.3000") in the currency's minor unit ("12.30"). */
export function formatStored(value: string, currency: string): string {
  return formatAmount(money(value), currency);
}

/** A stored percentage or rate without trailing zeros ("20.0000" -> "20"). */
export function plainDecimal(value: { toString(): string }): string {
  return money(value.toString()).toFixed();
}

export function periodView(period: { period: string; startDate: Date; endDate: Date; closed: boolean }): PeriodInfo {
  return { period: period.period, startDate: fromDbDate(period.startDate), endDate: fromDbDate(period.endDate), closed: period.closed };
}

export function companyView(company: StoredCompany): CompanyView {
  const settings = company.settings;
  if (settings === null) throw new Error(`company ${company.companyId} has no settings row`);
  return {
    companyId: company.companyId,
    name: company.name,
    homeCurrency: company.homeCurrency,
    reportingCurrency: company.reportingCurrency,
    fiscalYearStart: fromDbDate(company.fiscalYearStart),
    template: company.template,
    settings: {
      requireCustomerItemConfirmation: settings.requireCustomerItemConfirmation,
      backgroundPostingLineThreshold: settings.backgroundPostingLineThreshold,
      postZeroPriceLinesToRevenue: settings.postZeroPriceLinesToRevenue,
      sequentialLineNumbers: settings.sequentialLineNumbers,
      defaultCreditTermsId: settings.defaultCreditTermsId,
      roundingAccount: settings.roundingAccount,
      receivableAccount: settings.receivableAccount,
      deferredRevenueAccount: settings.deferredRevenueAccount,
      roundingMode: settings.roundingMode,
    },
    taxCodes: company.taxCodes.map((taxCode) => ({
      code: taxCode.code,
      name: taxCode.name,
      ratePercent: plainDecimal(taxCode.ratePercent),
      payableAccount: taxCode.payableAccount,
    })),
    creditTerms: company.creditTerms.map((terms) => ({
      creditTermsId: terms.creditTermsId,
      name: terms.name,
      netDays: terms.netDays,
      discountPercent: terms.discountPercent === null ? '' : plainDecimal(terms.discountPercent),
      discountDays: terms.discountDays,
    })),
    periods: company.periods.map(periodView),
    postingProfiles: company.postingProfiles.map((profile) => ({ ...profile })),
    createdAt: company.createdAt,
  };
}
