import { isPeriodKey, type PeriodInfo } from '../domain/calendar.js';
import {
  companySetup,
  fiscalYearToOpen,
  sameDefinition,
  validateAccountDefinition,
  validateCompanyDefinition,
  validateCreditTerms,
  validateTaxCode,
  validatePostingProfile,
  validateSettingsChange,
  type AccountDefinition,
  type CompanyDefinition,
  type CreateCompanyInput,
  type CreditTermsDefinition,
  type TaxCodeDefinition,
  type PostingProfile,
  type SettingsChange,
} from '../domain/company.js';
import { accept, ErrorCode, invalid, reject, type Outcome } from '../domain/outcome.js';
import type { LedgerDatabase } from '../db/client.js';
import {
  companyExists,
  findCompany,
  fromDbDate,
  insertAccount,
  insertCompany,
  insertCreditTerms,
  insertPeriods,
  insertTaxCode,
  setPeriodClosed,
  settingsReferences,
  updateSettings,
  insertPostingProfile,
  type StoredCompany,
} from '../db/company-store.js';
import { isUniqueViolation } from '@ledgerline/db';
import { JOURNAL_KINDS, PERIOD_KEY_DESCRIPTION } from './limits.js';
import { companyView, periodView, type CompanyView } from './views.js';

/** A record stored before (or just now) answers a create when it is the one asked for; otherwise the create is a CONFLICT. */
function storedOrConflict<T>(stored: T, same: boolean, message: string, fieldPath: string): Outcome<T> {
  return same ? accept(stored) : reject({ code: ErrorCode.CONFLICT, message, fieldPath });
}

export function companyNotFound(companyId: string) {
  return reject({ code: ErrorCode.NOT_FOUND, message: `company ${companyId} does not exist`, fieldPath: 'companyId' });
}

function definitionOf(company: StoredCompany): CompanyDefinition {
  return {
    companyId: company.companyId,
    name: company.name,
    homeCurrency: company.homeCurrency,
    reportingCurrency: company.reportingCurrency,
    fiscalYearStart: fromDbDate(company.fiscalYearStart),
    template: company.template,
  };
}

/** Company lifecycle: creation from a template, settings, period closing. */
export function companyUseCases(database: LedgerDatabase) {
  const { prisma } = database;

  async function existingOutcome(definition: CompanyDefinition): Promise<Outcome<CompanyView> | undefined> {
    const existing = await findCompany(prisma, definition.companyId);
    if (existing === null) return undefined;
    if (sameDefinition(definitionOf(existing), definition)) return accept(companyView(existing));
    return reject({
      code: ErrorCode.CONFLICT,
      message: `company ${definition.companyId} already exists with other content`,
      fieldPath: 'companyId',
    });
  }

  return {
    /** Idempotent by company id: the same content answers the existing company, other content CONFLICT. */
    async createCompany(input: CreateCompanyInput): Promise<Outcome<CompanyView>> {
      const validated = validateCompanyDefinition(input);
      if (!validated.ok) return validated;
      const definition = validated.value;
      const existing = await existingOutcome(definition);
      if (existing !== undefined) return existing;
      const setup = companySetup(definition);
      try {
        await prisma.$transaction(async (tx) => {
          await insertCompany(tx, { ...definition, ...setup, journals: [...JOURNAL_KINDS] });
        });
      } catch (error) {
        // A concurrent create of the same id won the race; answer as a repeat would.
        if (!isUniqueViolation(error)) throw error;
        const raced = await existingOutcome(definition);
        if (raced !== undefined) return raced;
        throw error;
      }
      const created = await findCompany(prisma, definition.companyId);
      if (created === null) throw new Error(`company ${definition.companyId} vanished after creation`);
      return accept(companyView(created));
    },

    async getCompany(companyId: string): Promise<CompanyView | undefined> {
      const company = await findCompany(prisma, companyId);
      return company === null ? undefined : companyView(company);
    },

    async updateSettings(companyId: string, change: SettingsChange): Promise<Outcome<CompanyView>> {
      const outcome = await prisma.$transaction(async (tx): Promise<Outcome<true>> => {
        if (!(await companyExists(tx, companyId))) return companyNotFound(companyId);
        const references = await settingsReferences(tx, companyId);
        const errors = validateSettingsChange(change, {
          creditTermsIds: new Set(references.creditTermsIds),
          accounts: new Map(references.accounts.map((account) => [account.account, account])),
        });
        if (errors.length > 0) return reject(...errors);
        await updateSettings(tx, companyId, change);
        return accept(true);
      });
      if (!outcome.ok) return outcome;
      // Read after commit: Prisma runs an include's queries in parallel, which a transaction's
      // single connection cannot do.
      const updated = await findCompany(prisma, companyId);
      if (updated === null) throw new Error(`company ${companyId} vanished after a settings update`);
      return accept(companyView(updated));
    },

    /** Idempotent by (company, account number): the same content answers the account, other content CONFLICT. */
    async createAccount(companyId: string, input: { account: string; name: string; type: string | undefined; control: boolean }): Promise<Outcome<AccountDefinition>> {
      const validated = validateAccountDefinition(input);
      if (!validated.ok) return validated;
      const account = validated.value;
      if (!(await companyExists(prisma, companyId))) return companyNotFound(companyId);
      const stored = await insertAccount(prisma, companyId, account);
      const same = stored.name === account.name && stored.type === account.type && stored.control === account.control;
      return storedOrConflict(stored, same, `account ${account.account} already exists with other content`, 'account');
    },

    /** Idempotent by code: the same content answers the tax code, other content CONFLICT. */
    async createTaxCode(companyId: string, input: TaxCodeDefinition): Promise<Outcome<TaxCodeDefinition>> {
      if (!(await companyExists(prisma, companyId))) return companyNotFound(companyId);
      const references = await settingsReferences(prisma, companyId);
      const validated = validateTaxCode(input, new Map(references.accounts.map((account) => [account.account, account])));
      if (!validated.ok) return validated;
      const stored = await insertTaxCode(prisma, companyId, validated.value);
      const same = stored.name === validated.value.name && stored.ratePercent === validated.value.ratePercent && stored.payableAccount === validated.value.payableAccount;
      return storedOrConflict(stored, same, `tax code ${input.code} already exists with other content`, 'code');
    },

    /** Idempotent by id: the same content answers the terms, other content CONFLICT. */
    async createCreditTerms(companyId: string, input: CreditTermsDefinition): Promise<Outcome<CreditTermsDefinition>> {
      const validated = validateCreditTerms(input);
      if (!validated.ok) return validated;
      if (!(await companyExists(prisma, companyId))) return companyNotFound(companyId);
      const stored = await insertCreditTerms(prisma, companyId, validated.value);
      const wanted = validated.value;
      const same =
        stored.name === wanted.name && stored.netDays === wanted.netDays && stored.discountPercent === wanted.discountPercent && stored.discountDays === wanted.discountDays;
      return storedOrConflict(stored, same, `credit terms ${input.creditTermsId} already exist with other content`, 'creditTermsId');
    },

    /**
     * Sets a posting group's A/R account, once: the same account again answers the profile,
     * another one CONFLICT. Customers' balances and open items sit on the account, and a payment
     * must credit the account its documents debited, so a group never moves to another account.
     */
    async setPostingProfile(companyId: string, profile: PostingProfile): Promise<Outcome<PostingProfile>> {
      return prisma.$transaction(async (tx): Promise<Outcome<PostingProfile>> => {
        if (!(await companyExists(tx, companyId))) return companyNotFound(companyId);
        const references = await settingsReferences(tx, companyId);
        const errors = validatePostingProfile(profile, new Map(references.accounts.map((account) => [account.account, account])));
        if (errors.length > 0) return reject(...errors);
        const stored = await insertPostingProfile(tx, companyId, profile);
        return storedOrConflict(
          stored,
          stored.receivableAccount === profile.receivableAccount,
          `posting group ${profile.postingGroup} posts to account ${stored.receivableAccount} already; a group's A/R account does not change`,
          'receivableAccount',
        );
      });
    },

    /**
     * Opens the next fiscal year, or answers a year that is open already with its periods as
     * they are. Two calls opening the same year at once both answer its new, open periods.
     */
    async openFiscalYear(companyId: string, startDate: string): Promise<Outcome<PeriodInfo[]>> {
      const company = await findCompany(prisma, companyId);
      if (company === null) return companyNotFound(companyId);
      const year = fiscalYearToOpen(startDate, fromDbDate(company.fiscalYearStart), company.periods.map(periodView));
      if (!year.ok) return year;
      if (year.value.opened) await insertPeriods(prisma, companyId, year.value.periods);
      return accept(year.value.periods);
    },

    /** Closing waits for postings in flight: they hold the period rows FOR SHARE until they commit. */
    async setPeriodClosed(companyId: string, period: string, closed: boolean): Promise<Outcome<PeriodInfo>> {
      if (!isPeriodKey(period)) return reject(invalid('period', `period must be ${PERIOD_KEY_DESCRIPTION}`));
      const company = await findCompany(prisma, companyId);
      if (company === null) return companyNotFound(companyId);
      const updated = await setPeriodClosed(prisma, companyId, period, closed);
      if (updated === null) {
        return reject({ code: ErrorCode.NOT_FOUND, message: `period ${period} does not exist in company ${companyId}`, fieldPath: 'period' });
      }
      return accept(periodView(updated));
    },
  };
}
