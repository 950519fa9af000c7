/**
 * Companies and their reference data: ordinary reads and writes through Prisma, except the
 * company read, which every created document and every posting batch asks for.
 */
import type { LedgerTransaction } from './client.js';
import type { AccountDefinition, CompanySettings, CreditTermsDefinition, PostingProfile, TaxCodeDefinition } from '../domain/company.js';
import type { Prisma } from './generated/client.js';

/** The Prisma client or a transaction client: these functions run in either. */
export type Db = LedgerTransaction;

/** A company with its settings, tax codes, credit terms and periods, as GetCompany answers it. */
export interface StoredCompany {
  companyId: string;
  name: string;
  homeCurrency: string;
  reportingCurrency: string;
  fiscalYearStart: Date;
  template: 'STANDARD';
  createdAt: Date;
  settings: CompanySettings | null;
  /** By code. Rates as stored NUMERIC text ("20.0000"). */
  taxCodes: Array<{ code: string; name: string; ratePercent: string; payableAccount: string }>;
  /** By id. */
  creditTerms: Array<{ creditTermsId: string; name: string; netDays: number; discountPercent: string | null; discountDays: number }>;
  /** By start date. */
  periods: Array<{ period: string; startDate: Date; endDate: Date; closed: boolean }>;
  /** By posting group. */
  postingProfiles: PostingProfile[];
}

/** Dates are DATE columns; Prisma maps them to midnight UTC. */
export function toDbDate(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function fromDbDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The company and its reference data in one statement: invoicing reads it for every document it
 * creates and posting for every batch, and Prisma's nested read took five round trips.
 */
export async function findCompany(db: Db, companyId: string): Promise<StoredCompany | null> {
  const rows = await db.$queryRawUnsafe<Array<Omit<StoredCompany, 'fiscalYearStart' | 'periods'> & {
    fiscalYearStart: string;
    periods: Array<{ period: string; startDate: string; endDate: string; closed: boolean }>;
  }>>(
    `SELECT c.company_id AS "companyId", c.name, c.home_currency AS "homeCurrency", c.reporting_currency AS "reportingCurrency",
       to_char(c.fiscal_year_start, 'YYYY-MM-DD') AS "fiscalYearStart", c.template::text AS template, c.created_at AS "createdAt",
       (SELECT json_build_object('requireCustomerItemConfirmation', s.require_customer_item_confirmation,
           'backgroundPostingLineThreshold', s.background_posting_line_threshold,
           'postZeroPriceLinesToRevenue', s.post_zero_price_lines_to_revenue, 'sequentialLineNumbers', s.sequential_line_numbers,
           'defaultCreditTermsId', s.default_credit_terms_id, 'roundingAccount', s.rounding_account,
           'receivableAccount', s.receivable_account, 'deferredRevenueAccount', s.deferred_revenue_account,
           'roundingMode', s.rounding_mode)
          FROM company_settings s WHERE s.company_id = c.company_id) AS settings,
       (SELECT coalesce(json_agg(json_build_object('code', t.code, 'name', t.name, 'ratePercent', t.rate_percent::text,
           'payableAccount', t.payable_account) ORDER BY t.code), '[]')
          FROM tax_code t WHERE t.company_id = c.company_id) AS "taxCodes",
       (SELECT coalesce(json_agg(json_build_object('creditTermsId', t.credit_terms_id, 'name', t.name, 'netDays', t.net_days,
           'discountPercent', t.discount_percent::text, 'discountDays', t.discount_days) ORDER BY t.credit_terms_id), '[]')
          FROM credit_terms t WHERE t.company_id = c.company_id) AS "creditTerms",
       (SELECT coalesce(json_agg(json_build_object('period', p.period, 'startDate', to_char(p.start_date, 'YYYY-MM-DD'),
           'endDate', to_char(p.end_date, 'YYYY-MM-DD'), 'closed', p.closed) ORDER BY p.start_date), '[]')
          FROM fiscal_period p WHERE p.company_id = c.company_id) AS periods,
       (SELECT coalesce(json_agg(json_build_object('postingGroup', f.posting_group, 'receivableAccount', f.receivable_account)
           ORDER BY f.posting_group), '[]')
          FROM posting_profile f WHERE f.company_id = c.company_id) AS "postingProfiles"
     FROM company c WHERE c.company_id = $1`,
    companyId,
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    ...row,
    fiscalYearStart: toDbDate(row.fiscalYearStart),
    periods: row.periods.map((period) => ({ ...period, startDate: toDbDate(period.startDate), endDate: toDbDate(period.endDate) })),
  };
}

export interface NewCompany {
  companyId: string;
  name: string;
  homeCurrency: string;
  reportingCurrency: string;
  fiscalYearStart: string;
  template: 'STANDARD';
  settings: Omit<Prisma.CompanySettingsUncheckedCreateInput, 'companyId'>;
  accounts: Array<Omit<Prisma.AccountCreateManyInput, 'companyId'>>;
  periods: Array<{ period: string; startDate: string; endDate: string }>;
  taxCodes: Array<{ code: string; name: string; ratePercent: string; payableAccount: string }>;
  creditTerms: Array<{ creditTermsId: string; name: string; netDays: number; discountPercent: string | undefined; discountDays: number }>;
  /** Transaction-number sequences to create at 0, one per journal. */
  journals: string[];
}

export async function insertCompany(db: Db, company: NewCompany): Promise<void> {
  const { companyId } = company;
  await db.company.create({
    data: {
      companyId,
      name: company.name,
      homeCurrency: company.homeCurrency,
      reportingCurrency: company.reportingCurrency,
      fiscalYearStart: toDbDate(company.fiscalYearStart),
      template: company.template,
      settings: { create: company.settings },
    },
  });
  await db.account.createMany({ data: company.accounts.map((account) => ({ ...account, companyId })) });
  await db.fiscalPeriod.createMany({
    data: company.periods.map((period) => ({
      companyId,
      period: period.period,
      startDate: toDbDate(period.startDate),
      endDate: toDbDate(period.endDate),
    })),
  });
  await db.taxCode.createMany({ data: company.taxCodes.map((taxCode) => ({ ...taxCode, companyId })) });
  await db.creditTerms.createMany({
    data: company.creditTerms.map((terms) => ({ ...terms, discountPercent: terms.discountPercent ?? null, companyId })),
  });
  await db.numberSequence.createMany({
    data: company.journals.map((journal) => ({ companyId, kind: 'TRANSACTION' as const, name: journal, lastValue: 0n })),
  });
}

export function companyExists(db: Db, companyId: string): Promise<boolean> {
  return db.company.count({ where: { companyId } }).then((count) => count > 0);
}

export async function settingsReferences(db: Db, companyId: string) {
  // One after the other: inside a transaction both would share one connection anyway.
  const accounts = await db.account.findMany({ where: { companyId }, select: { account: true, control: true } });
  const creditTerms = await db.creditTerms.findMany({ where: { companyId }, select: { creditTermsId: true } });
  return { accounts, creditTermsIds: creditTerms.map((terms) => terms.creditTermsId) };
}

export function findAccount(db: Db, companyId: string, account: string): Promise<AccountDefinition | null> {
  return db.account.findUnique({ where: { companyId_account: { companyId, account } }, select: { account: true, name: true, type: true, control: true } });
}

/**
 * Inserts a row unless one with its key exists, then reads the row as stored. The read is a
 * statement of its own: one that answered in the insert's statement would not see a row a
 * concurrent call committed while the insert waited on it.
 */
async function insertOnce<Row>(db: Db, insert: string, values: readonly unknown[], read: () => Promise<Row | null>, what: string): Promise<Row> {
  await db.$executeRawUnsafe(`${insert} ON CONFLICT DO NOTHING`, ...values);
  const stored = await read();
  if (stored === null) throw new Error(`${what} vanished after it was stored`);
  return stored;
}

/** Adds the account unless its number exists; answers the account as stored. */
export function insertAccount(db: Db, companyId: string, account: AccountDefinition): Promise<AccountDefinition> {
  return insertOnce(
    db,
    'INSERT INTO account (company_id, account, name, type, control) VALUES ($1, $2, $3, $4::account_type, $5)',
    [companyId, account.account, account.name, account.type, account.control],
    () => findAccount(db, companyId, account.account),
    `account ${account.account} of ${companyId}`,
  );
}

/** Adds the tax code unless its code exists; answers the code as stored (rate as plain text). */
export function insertTaxCode(db: Db, companyId: string, taxCode: TaxCodeDefinition): Promise<TaxCodeDefinition> {
  return insertOnce(
    db,
    'INSERT INTO tax_code (company_id, code, name, rate_percent, payable_account) VALUES ($1, $2, $3, $4::numeric, $5)',
    [companyId, taxCode.code, taxCode.name, taxCode.ratePercent, taxCode.payableAccount],
    async () =>
      (
        await db.$queryRawUnsafe<TaxCodeDefinition[]>(
          `SELECT code, name, trim_scale(rate_percent)::text AS "ratePercent", payable_account AS "payableAccount"
             FROM tax_code WHERE company_id = $1 AND code = $2`,
          companyId,
          taxCode.code,
        )
      )[0] ?? null,
    `tax code ${taxCode.code} of ${companyId}`,
  );
}

/** Adds the credit terms unless their id exists; answers the terms as stored. */
export async function insertCreditTerms(db: Db, companyId: string, terms: CreditTermsDefinition): Promise<CreditTermsDefinition> {
  const stored = await insertOnce(
    db,
    `INSERT INTO credit_terms (company_id, credit_terms_id, name, net_days, discount_percent, discount_days)
     VALUES ($1, $2, $3, $4, $5::numeric, $6)`,
    [companyId, terms.creditTermsId, terms.name, terms.netDays, terms.discountPercent ?? null, terms.discountDays],
    async () =>
      (
        await db.$queryRawUnsafe<Array<Omit<CreditTermsDefinition, 'discountPercent'> & { discountPercent: string | null }>>(
          `SELECT credit_terms_id AS "creditTermsId", name, net_days AS "netDays", trim_scale(discount_percent)::text AS "discountPercent",
                  discount_days AS "discountDays"
             FROM credit_terms WHERE company_id = $1 AND credit_terms_id = $2`,
          companyId,
          terms.creditTermsId,
        )
      )[0] ?? null,
    `credit terms ${terms.creditTermsId} of ${companyId}`,
  );
  return { ...stored, discountPercent: stored.discountPercent ?? undefined };
}

/** Adds the profile unless the group has one; answers the group's profile as stored. */
export function insertPostingProfile(db: Db, companyId: string, profile: PostingProfile): Promise<PostingProfile> {
  return insertOnce(
    db,
    'INSERT INTO posting_profile (company_id, posting_group, receivable_account) VALUES ($1, $2, $3)',
    [companyId, profile.postingGroup, profile.receivableAccount],
    () =>
      db.postingProfile.findUnique({
        where: { companyId_postingGroup: { companyId, postingGroup: profile.postingGroup } },
        select: { postingGroup: true, receivableAccount: true },
      }),
    `posting profile ${profile.postingGroup} of ${companyId}`,
  );
}

export async function updateSettings(db: Db, companyId: string, change: Prisma.CompanySettingsUpdateInput): Promise<void> {
  await db.companySettings.update({ where: { companyId }, data: change });
}

/** Closes or reopens a period; null when it does not exist. Closing twice keeps the first closed_at. */
/** Adds open periods; a period that exists already (a concurrent open of the same year) is kept as it is. */
export async function insertPeriods(db: Db, companyId: string, periods: readonly { period: string; startDate: string; endDate: string }[]): Promise<void> {
  await db.fiscalPeriod.createMany({
    data: periods.map((period) => ({ companyId, period: period.period, startDate: toDbDate(period.startDate), endDate: toDbDate(period.endDate) })),
    skipDuplicates: true,
  });
}

export async function setPeriodClosed(db: Db, companyId: string, period: string, closed: boolean) {
  const existing = await db.fiscalPeriod.findUnique({ where: { companyId_period: { companyId, period } } });
  if (existing === null) return null;
  if (existing.closed === closed) return existing;
  return db.fiscalPeriod.update({
    where: { companyId_period: { companyId, period } },
    data: { closed, closedAt: closed ? new Date() : null },
  });
}

export async function upsertRate(db: Db, companyId: string, rate: { fromCurrency: string; toCurrency: string; validFrom: string; rate: string }) {
  const key = { companyId, fromCurrency: rate.fromCurrency, toCurrency: rate.toCurrency, validFrom: toDbDate(rate.validFrom) };
  return db.exchangeRate.upsert({
    where: { companyId_fromCurrency_toCurrency_validFrom: key },
    create: { ...key, rate: rate.rate },
    update: { rate: rate.rate },
  });
}

export function findLatestRate(db: Db, companyId: string, fromCurrency: string, toCurrency: string, date: string) {
  return db.exchangeRate.findFirst({
    where: { companyId, fromCurrency, toCurrency, validFrom: { lte: toDbDate(date) } },
    orderBy: { validFrom: 'desc' },
  });
}

export function listAccounts(db: Db, companyId: string, after: string | undefined, take: number) {
  return db.account.findMany({
    where: { companyId, ...(after === undefined ? {} : { account: { gt: after } }) },
    orderBy: { account: 'asc' },
    take,
  });
}

export function findPeriod(db: Db, companyId: string, period: string) {
  return db.fiscalPeriod.findUnique({ where: { companyId_period: { companyId, period } } });
}

/** Sums of an account's lines dated on or before `asOf` (every line when undefined), one customer's only when given. */
export async function accountBalance(
  db: Db,
  companyId: string,
  account: string,
  asOf: string | undefined,
  customerId: string | undefined,
): Promise<{ homeBalance: string; reportingBalance: string }> {
  const rows = await db.$queryRawUnsafe<Array<{ homeBalance: string; reportingBalance: string }>>(
    `SELECT COALESCE(SUM(l.home_amount), 0)::text AS "homeBalance", COALESCE(SUM(l.reporting_amount), 0)::text AS "reportingBalance"
     FROM journal_line l JOIN journal_entry e ON e.entry_id = l.entry_id
     WHERE l.company_id = $1 AND l.account = $2 AND ($3::date IS NULL OR e.entry_date <= $3::date)
       AND ($4::text IS NULL OR l.customer_id = $4::text)`,
    companyId,
    account,
    asOf ?? null,
    customerId ?? null,
  );
  const row = rows[0];
  if (row === undefined) throw new Error('an aggregate answered no row');
  return row;
}

export interface TrialBalanceRow {
  account: string;
  name: string;
  homeBalance: string;
  reportingBalance: string;
  homeMovement: string;
  reportingMovement: string;
}

/** Per account: balances of everything dated up to `endDate` and the movement from `startDate`. */
export function trialBalance(db: Db, companyId: string, startDate: string, endDate: string): Promise<TrialBalanceRow[]> {
  return db.$queryRawUnsafe<TrialBalanceRow[]>(
    `SELECT l.account, a.name,
       SUM(l.home_amount)::text AS "homeBalance",
       SUM(l.reporting_amount)::text AS "reportingBalance",
       COALESCE(SUM(l.home_amount) FILTER (WHERE e.entry_date >= $2::date), 0)::text AS "homeMovement",
       COALESCE(SUM(l.reporting_amount) FILTER (WHERE e.entry_date >= $2::date), 0)::text AS "reportingMovement"
     FROM journal_entry e
     JOIN journal_line l ON l.entry_id = e.entry_id
     JOIN account a ON a.company_id = l.company_id AND a.account = l.account
     WHERE e.company_id = $1 AND e.entry_date <= $3::date
     GROUP BY l.account, a.name
     ORDER BY l.account`,
    companyId,
    startDate,
    endDate,
  );
}
