import { DEFAULT_ROUNDING_MODE, isCurrencyCode, parseAmount, type RoundingMode } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { isFirstOfMonth, monthlyPeriods, type PeriodInfo } from './calendar.js';
import { isValidId, TEXT_MAX_LENGTH } from './identifiers.js';
import { accept, invalid, reject, type BusinessError, type Outcome } from './outcome.js';

export type CompanyTemplate = 'STANDARD';
export type AccountType = 'ASSET' | 'LIABILITY' | 'EQUITY' | 'REVENUE' | 'EXPENSE';

export interface AccountDefinition {
  account: string;
  name: string;
  type: AccountType;
  control: boolean;
}

export interface TaxCodeDefinition {
  code: string;
  name: string;
  /** Decimal string, e.g. "20". */
  ratePercent: string;
  payableAccount: string;
}

export interface CreditTermsDefinition {
  creditTermsId: string;
  name: string;
  netDays: number;
  /** Decimal string, or undefined when the terms give no settlement discount. */
  discountPercent: string | undefined;
  discountDays: number;
}

export interface CompanySettings {
  requireCustomerItemConfirmation: boolean;
  backgroundPostingLineThreshold: number;
  postZeroPriceLinesToRevenue: boolean;
  sequentialLineNumbers: boolean;
  defaultCreditTermsId: string;
  roundingAccount: string;
  receivableAccount: string;
  /** Where lines with an income schedule are credited until recognised; empty = none. */
  deferredRevenueAccount: string;
  /** How amounts are rounded where they are computed: lines, tax, settlement discount, conversion. */
  roundingMode: RoundingMode;
}

/** What a CreateCompany request fixes; a repeat must carry the same, else it is a CONFLICT. */
export interface CompanyDefinition {
  companyId: string;
  name: string;
  homeCurrency: string;
  reportingCurrency: string;
  fiscalYearStart: string;
  template: CompanyTemplate;
}

export interface CompanySetup {
  accounts: AccountDefinition[];
  periods: PeriodInfo[];
  taxCodes: TaxCodeDefinition[];
  creditTerms: CreditTermsDefinition[];
  settings: CompanySettings;
}

/** One fiscal year of monthly periods is created with the company. */
export const FISCAL_YEAR_PERIOD_COUNT = 12;
/** A document with more lines than this would be unusual; the threshold only decides where it posts. */
export const BACKGROUND_POSTING_LINE_THRESHOLD_MAX = 1_000_000;

const STANDARD_ACCOUNTS: readonly AccountDefinition[] = [
  { account: '1000', name: 'Bank', type: 'ASSET', control: false },
  { account: '1200', name: 'Accounts receivable', type: 'ASSET', control: true },
  { account: '2200', name: 'Sales tax payable', type: 'LIABILITY', control: false },
  { account: '2500', name: 'Deferred revenue', type: 'LIABILITY', control: false },
  { account: '4000', name: 'Sales revenue', type: 'REVENUE', control: false },
  { account: '4100', name: 'Service revenue', type: 'REVENUE', control: false },
  { account: '8900', name: 'Rounding differences', type: 'EXPENSE', control: false },
];

const STANDARD_TAX_CODES: readonly TaxCodeDefinition[] = [
  { code: 'RED', name: 'Reduced rate', ratePercent: '5', payableAccount: '2200' },
  { code: 'STD', name: 'Standard rate', ratePercent: '20', payableAccount: '2200' },
  { code: 'ZERO', name: 'Zero rate', ratePercent: '0', payableAccount: '2200' },
];

const STANDARD_CREDIT_TERMS: readonly CreditTermsDefinition[] = [
  { creditTermsId: '2/10NET30', name: '2 % within 10 days, net 30 days', netDays: 30, discountPercent: '2', discountDays: 10 },
  { creditTermsId: 'NET30', name: 'Net 30 days', netDays: 30, discountPercent: undefined, discountDays: 0 },
];

const DEFAULT_SETTINGS: CompanySettings = {
  requireCustomerItemConfirmation: false,
  backgroundPostingLineThreshold: 1000,
  postZeroPriceLinesToRevenue: false,
  sequentialLineNumbers: true,
  defaultCreditTermsId: 'NET30',
  roundingAccount: '8900',
  receivableAccount: '1200',
  deferredRevenueAccount: '2500',
  roundingMode: DEFAULT_ROUNDING_MODE,
};

export interface CreateCompanyInput {
  companyId: string;
  name: string;
  homeCurrency: string;
  reportingCurrency: string;
  fiscalYearStart: string;
  /** Undefined when the request named no template we know. */
  template: CompanyTemplate | undefined;
}

export function validateCompanyDefinition(input: CreateCompanyInput): Outcome<CompanyDefinition> {
  const errors: BusinessError[] = [];
  if (!isValidId(input.companyId)) {
    errors.push(invalid('companyId', 'companyId must be 1-64 letters, digits or . _ : / - and start with a letter or digit'));
  }
  errors.push(...displayNameErrors(input.name));
  if (!isCurrencyCode(input.homeCurrency)) {
    errors.push(invalid('homeCurrency', `homeCurrency ${JSON.stringify(input.homeCurrency)} is not an ISO 4217 currency code`));
  }
  if (!isCurrencyCode(input.reportingCurrency)) {
    errors.push(
      invalid('reportingCurrency', `reportingCurrency ${JSON.stringify(input.reportingCurrency)} is not an ISO 4217 currency code`),
    );
  }
  if (!isFirstOfMonth(input.fiscalYearStart)) {
    errors.push(invalid('fiscalYearStart', 'fiscalYearStart must be the first day of a month, "YYYY-MM-01"'));
  }
  if (input.template === undefined) {
    errors.push(invalid('template', 'template must be STANDARD'));
  }
  if (errors.length > 0 || input.template === undefined) return reject(...errors);
  return accept({ ...input, template: input.template });
}

export function sameDefinition(a: CompanyDefinition, b: CompanyDefinition): boolean {
  return (
    a.companyId === b.companyId &&
    a.name === b.name &&
    a.homeCurrency === b.homeCurrency &&
    a.reportingCurrency === b.reportingCurrency &&
    a.fiscalYearStart === b.fiscalYearStart &&
    a.template === b.template
  );
}

/** The records a template creates with the company. */
export function companySetup(definition: CompanyDefinition): CompanySetup {
  return {
    accounts: STANDARD_ACCOUNTS.map((account) => ({ ...account })),
    periods: monthlyPeriods(definition.fiscalYearStart, FISCAL_YEAR_PERIOD_COUNT),
    taxCodes: STANDARD_TAX_CODES.map((taxCode) => ({ ...taxCode })),
    creditTerms: STANDARD_CREDIT_TERMS.map((terms) => ({ ...terms })),
    settings: { ...DEFAULT_SETTINGS },
  };
}

export type SettingsChange = Partial<CompanySettings>;

/**
 * The fiscal year that starts on `startDate`, given the company's periods (oldest first) and the
 * first day of its first fiscal year: its periods when it is open already, new open periods when
 * it is the next year (starting the day after the last period ends), else why it cannot open.
 * Years are opened one after the other, so the calendar never has a gap.
 */
export function fiscalYearToOpen(
  startDate: string,
  firstFiscalYearStart: string,
  periods: readonly PeriodInfo[],
): Outcome<{ opened: boolean; periods: PeriodInfo[] }> {
  if (!isFirstOfMonth(startDate) || startDate.slice(5, 7) !== firstFiscalYearStart.slice(5, 7)) {
    return reject(invalid('startDate', `a fiscal year starts on the first of month ${firstFiscalYearStart.slice(5, 7)}, "YYYY-${firstFiscalYearStart.slice(5, 10)}"`));
  }
  const first = periods.findIndex((period) => period.startDate === startDate);
  if (first >= 0) return accept({ opened: false, periods: periods.slice(first, first + FISCAL_YEAR_PERIOD_COUNT) });
  const last = periods.at(-1);
  const nextStart = last === undefined ? firstFiscalYearStart : monthlyPeriods(last.startDate, 2)[1]?.startDate;
  if (startDate !== nextStart) {
    return reject(invalid('startDate', `the next fiscal year starts on ${String(nextStart)}; years are opened one after the other`));
  }
  return accept({ opened: true, periods: monthlyPeriods(startDate, FISCAL_YEAR_PERIOD_COUNT) });
}

/** The A/R control account of one customer posting group (the posting profile's summary account). */
export interface PostingProfile {
  postingGroup: string;
  receivableAccount: string;
}

const ACCOUNT_TYPES: ReadonlySet<string> = new Set<AccountType>(['ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE']);

function isAccountType(value: string | undefined): value is AccountType {
  return value !== undefined && ACCOUNT_TYPES.has(value);
}

/** A display name (of a company, an account, a tax code, credit terms) is non-empty and bounded. */
function displayNameErrors(name: string): BusinessError[] {
  return name.trim() === '' || name.length > TEXT_MAX_LENGTH ? [invalid('name', `name must be non-empty and at most ${TEXT_MAX_LENGTH} characters`)] : [];
}

/** An account to add to a chart of accounts: its number is an id, its name a display text. */
export function validateAccountDefinition(input: { account: string; name: string; type: string | undefined; control: boolean }): Outcome<AccountDefinition> {
  const errors: BusinessError[] = [];
  if (!isValidId(input.account)) {
    errors.push(invalid('account', 'account must be 1-64 letters, digits or . _ : / - and start with a letter or digit'));
  }
  errors.push(...displayNameErrors(input.name));
  const type = input.type;
  if (!isAccountType(type)) {
    errors.push(invalid('type', 'type must be ASSET, LIABILITY, EQUITY, REVENUE or EXPENSE'));
  } else if (input.control && type !== 'ASSET') {
    // Control accounts hold customer balances (A/R), which are assets.
    errors.push(invalid('control', `a control account holds customer balances and must be an ASSET account, not ${type}`));
  }
  if (errors.length > 0 || !isAccountType(type)) return reject(...errors);
  return accept({ account: input.account, name: input.name, type, control: input.control });
}

/** Decimals a tax rate or discount percent may have (NUMERIC(9,4)). */
export const PERCENT_SCALE_MAX = 4;
/** Longest net term: ten years covers any real credit terms. */
export const NET_DAYS_MAX = 3650;

/** A percentage of 0 to 100 with at most PERCENT_SCALE_MAX decimals, or undefined. */
function percentOf(text: string): Decimal | undefined {
  const parsed = parseAmount(text, { maxScale: PERCENT_SCALE_MAX });
  return parsed.ok && parsed.value.lte(100) ? parsed.value : undefined;
}

/** A tax code to add: an id, a rate of 0 to 100 %, and an existing account that is no control account. */
export function validateTaxCode(input: TaxCodeDefinition, accounts: ReadonlyMap<string, { control: boolean }>): Outcome<TaxCodeDefinition> {
  const errors: BusinessError[] = [];
  if (!isValidId(input.code)) errors.push(invalid('code', 'code must be 1-64 letters, digits or . _ : / - and start with a letter or digit'));
  errors.push(...displayNameErrors(input.name));
  const ratePercent = percentOf(input.ratePercent);
  if (ratePercent === undefined) errors.push(invalid('ratePercent', `ratePercent must be a decimal from 0 to 100 with at most ${PERCENT_SCALE_MAX} decimals`));
  const account = accounts.get(input.payableAccount);
  if (account === undefined) {
    errors.push(invalid('payableAccount', `account ${JSON.stringify(input.payableAccount)} does not exist`));
  } else if (account.control) {
    // Tax lines name no customer; a control account needs one on every line.
    errors.push(invalid('payableAccount', `account ${input.payableAccount} is a control account and cannot take tax`));
  }
  if (errors.length > 0 || ratePercent === undefined) return reject(...errors);
  return accept({ ...input, ratePercent: ratePercent.toFixed() });
}

/** Credit terms to add: net days, and a settlement discount (percent and days within the net days) or none. */
export function validateCreditTerms(input: CreditTermsDefinition): Outcome<CreditTermsDefinition> {
  const errors: BusinessError[] = [];
  if (!isValidId(input.creditTermsId)) {
    errors.push(invalid('creditTermsId', 'creditTermsId must be 1-64 letters, digits or . _ : / - and start with a letter or digit'));
  }
  errors.push(...displayNameErrors(input.name));
  if (!Number.isInteger(input.netDays) || input.netDays < 0 || input.netDays > NET_DAYS_MAX) {
    errors.push(invalid('netDays', `netDays must be a whole number from 0 to ${NET_DAYS_MAX}`));
  }
  let discountPercent: Decimal | undefined;
  if (input.discountPercent === undefined) {
    if (input.discountDays !== 0) errors.push(invalid('discountDays', 'discountDays must be 0 without a discount percent'));
  } else {
    discountPercent = percentOf(input.discountPercent);
    if (discountPercent === undefined || discountPercent.isZero() || discountPercent.gte(100)) {
      errors.push(invalid('discountPercent', `discountPercent must be above 0 and below 100 with at most ${PERCENT_SCALE_MAX} decimals`));
    }
    if (!Number.isInteger(input.discountDays) || input.discountDays < 0 || input.discountDays > input.netDays) {
      errors.push(invalid('discountDays', 'discountDays must be a whole number from 0 to netDays'));
    }
  }
  if (errors.length > 0) return reject(...errors);
  return accept({ ...input, discountPercent: discountPercent?.toFixed() });
}

/** A posting profile names a posting group and an existing control account of the company. */
export function validatePostingProfile(profile: PostingProfile, accounts: ReadonlyMap<string, { control: boolean }>): BusinessError[] {
  const errors: BusinessError[] = [];
  if (!isValidId(profile.postingGroup)) {
    errors.push(invalid('postingGroup', 'postingGroup must be 1-64 letters, digits or . _ : / - and start with a letter or digit'));
  }
  errors.push(...receivableAccountErrors(profile.receivableAccount, accounts));
  return errors;
}

export interface SettingsReferences {
  creditTermsIds: ReadonlySet<string>;
  accounts: ReadonlyMap<string, { control: boolean }>;
}

/** Checks that a settings change refers to records that exist and makes sense for posting. */
export function validateSettingsChange(change: SettingsChange, references: SettingsReferences): BusinessError[] {
  const errors: BusinessError[] = [];
  if (change.backgroundPostingLineThreshold !== undefined && change.backgroundPostingLineThreshold > BACKGROUND_POSTING_LINE_THRESHOLD_MAX) {
    errors.push(
      invalid('backgroundPostingLineThreshold', `backgroundPostingLineThreshold must be at most ${BACKGROUND_POSTING_LINE_THRESHOLD_MAX}`),
    );
  }
  if (change.defaultCreditTermsId !== undefined && !references.creditTermsIds.has(change.defaultCreditTermsId)) {
    errors.push(invalid('defaultCreditTermsId', `credit terms ${JSON.stringify(change.defaultCreditTermsId)} do not exist`));
  }
  // The ledger's rounding lines and posting's deferred revenue lines name no customer, and a
  // control account's lines must.
  if (change.roundingAccount !== undefined) {
    errors.push(...ordinaryAccountErrors('roundingAccount', change.roundingAccount, 'take rounding differences', references.accounts));
  }
  if (change.receivableAccount !== undefined) errors.push(...receivableAccountErrors(change.receivableAccount, references.accounts));
  if (change.deferredRevenueAccount !== undefined) {
    errors.push(...ordinaryAccountErrors('deferredRevenueAccount', change.deferredRevenueAccount, 'hold deferred revenue', references.accounts));
  }
  return errors;
}

/** An account a setting names for lines without a customer: it must exist and not be a control account. */
function ordinaryAccountErrors(field: string, account: string, use: string, accounts: ReadonlyMap<string, { control: boolean }>): BusinessError[] {
  const found = accounts.get(account);
  if (found === undefined) return [invalid(field, `account ${JSON.stringify(account)} does not exist`)];
  if (found.control) return [invalid(field, `account ${account} is a control account and cannot ${use}`)];
  return [];
}

/** An A/R account must exist and be a control account: customer balances are reconciled against their share of those. */
function receivableAccountErrors(receivableAccount: string, accounts: ReadonlyMap<string, { control: boolean }>): BusinessError[] {
  const account = accounts.get(receivableAccount);
  if (account === undefined) return [invalid('receivableAccount', `account ${JSON.stringify(receivableAccount)} does not exist`)];
  if (!account.control) return [invalid('receivableAccount', `account ${receivableAccount} is not a control account`)];
  return [];
}
