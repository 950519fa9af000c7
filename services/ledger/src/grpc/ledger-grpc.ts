import { commonV1, ledgerV1, roundingModeNameOf, roundingModeToWire } from '@ledgerline/contracts';
import { ROUNDING_MODES, type RoundingMode } from '@ledgerline/money';
import { GrpcStatus, GrpcStatusError, serviceRegistration } from '@ledgerline/grpc';
import type { LedgerApp } from '../app/ledger-app.js';
import { MAX_INCOME_SCHEDULE_ENTRIES_PER_CALL, MAX_JOURNALS_PER_CALL } from '../app/limits.js';
import type { Read } from '../app/queries.js';
import type {
  BusinessError,
  CompanyView,
  ExchangeRateView,
  JournalEntryView,
  JournalPreviewView,
  JournalResultView,
  Outcome,
} from '../app/views.js';
import type { PeriodInfo } from '../domain/calendar.js';
import type { AccountType } from '../domain/company.js';
import type { JournalInput, JournalKind, SourceKind } from '../domain/journal.js';

const JOURNAL_FROM_WIRE: Partial<Record<ledgerV1.JournalType, JournalKind>> = {
  [ledgerV1.JournalType.JOURNAL_TYPE_AR_DISTRIBUTION]: 'AR_DISTRIBUTION',
  [ledgerV1.JournalType.JOURNAL_TYPE_CASH_RECEIPTS]: 'CASH_RECEIPTS',
  [ledgerV1.JournalType.JOURNAL_TYPE_INCOME_SCHEDULE]: 'INCOME_SCHEDULE',
  [ledgerV1.JournalType.JOURNAL_TYPE_GENERAL]: 'GENERAL',
};
const JOURNAL_TO_WIRE: Record<JournalKind, ledgerV1.JournalType> = {
  AR_DISTRIBUTION: ledgerV1.JournalType.JOURNAL_TYPE_AR_DISTRIBUTION,
  CASH_RECEIPTS: ledgerV1.JournalType.JOURNAL_TYPE_CASH_RECEIPTS,
  INCOME_SCHEDULE: ledgerV1.JournalType.JOURNAL_TYPE_INCOME_SCHEDULE,
  GENERAL: ledgerV1.JournalType.JOURNAL_TYPE_GENERAL,
};
const SOURCE_FROM_WIRE: Partial<Record<ledgerV1.SourceType, SourceKind>> = {
  [ledgerV1.SourceType.SOURCE_TYPE_INVOICE]: 'INVOICE',
  [ledgerV1.SourceType.SOURCE_TYPE_PAYMENT]: 'PAYMENT',
  [ledgerV1.SourceType.SOURCE_TYPE_INCOME_SCHEDULE]: 'INCOME_SCHEDULE',
};
const SOURCE_TO_WIRE: Record<SourceKind, ledgerV1.SourceType> = {
  INVOICE: ledgerV1.SourceType.SOURCE_TYPE_INVOICE,
  PAYMENT: ledgerV1.SourceType.SOURCE_TYPE_PAYMENT,
  INCOME_SCHEDULE: ledgerV1.SourceType.SOURCE_TYPE_INCOME_SCHEDULE,
};
const ACCOUNT_TYPE_FROM_WIRE: Partial<Record<ledgerV1.AccountType, AccountType>> = {
  [ledgerV1.AccountType.ACCOUNT_TYPE_ASSET]: 'ASSET',
  [ledgerV1.AccountType.ACCOUNT_TYPE_LIABILITY]: 'LIABILITY',
  [ledgerV1.AccountType.ACCOUNT_TYPE_EQUITY]: 'EQUITY',
  [ledgerV1.AccountType.ACCOUNT_TYPE_REVENUE]: 'REVENUE',
  [ledgerV1.AccountType.ACCOUNT_TYPE_EXPENSE]: 'EXPENSE',
};
const ACCOUNT_TYPE_TO_WIRE: Record<AccountType, ledgerV1.AccountType> = {
  ASSET: ledgerV1.AccountType.ACCOUNT_TYPE_ASSET,
  LIABILITY: ledgerV1.AccountType.ACCOUNT_TYPE_LIABILITY,
  EQUITY: ledgerV1.AccountType.ACCOUNT_TYPE_EQUITY,
  REVENUE: ledgerV1.AccountType.ACCOUNT_TYPE_REVENUE,
  EXPENSE: ledgerV1.AccountType.ACCOUNT_TYPE_EXPENSE,
};

/** A request without its company cannot be interpreted at all (common/v1). */
function requireCompanyId(companyId: string): void {
  if (companyId === '') throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'company_id is required');
}

function rejection(errors: readonly BusinessError[]): commonV1.Rejection {
  return { errors: errors.map((error) => ({ code: error.code, message: error.message, fieldPath: error.fieldPath })) };
}

function found<T>(read: Read<T>): T {
  if (read.kind === 'found') return read.value;
  throw new GrpcStatusError(read.kind === 'not-found' ? GrpcStatus.NOT_FOUND : GrpcStatus.INVALID_ARGUMENT, read.message);
}

/** A rounding mode to set, if any: UNSPECIFIED or a value this build does not know is a bad request. */
function roundingModeChange(mode: ledgerV1.RoundingMode | undefined): { roundingMode?: RoundingMode } {
  if (mode === undefined) return {};
  const name = roundingModeNameOf(mode);
  if (name === undefined) {
    throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `rounding_mode must be one of ${ROUNDING_MODES.join(', ')}`);
  }
  return { roundingMode: name };
}

function companyToWire(company: CompanyView): ledgerV1.Company {
  return {
    companyId: company.companyId,
    name: company.name,
    homeCurrency: company.homeCurrency,
    reportingCurrency: company.reportingCurrency,
    fiscalYearStart: company.fiscalYearStart,
    settings: { ...company.settings, roundingMode: roundingModeToWire(company.settings.roundingMode) },
    taxCodes: company.taxCodes.map((taxCode) => ({ ...taxCode })),
    creditTerms: company.creditTerms.map((terms) => ({ ...terms })),
    periods: company.periods.map(periodToWire),
    createdAt: company.createdAt,
    postingProfiles: company.postingProfiles.map((profile) => ({ ...profile })),
  };
}

function periodToWire(period: PeriodInfo): ledgerV1.Period {
  return { period: period.period, startDate: period.startDate, endDate: period.endDate, closed: period.closed };
}

function rateToWire(rate: ExchangeRateView): ledgerV1.ExchangeRate {
  return { fromCurrency: rate.fromCurrency, toCurrency: rate.toCurrency, validFrom: rate.validFrom, rate: rate.rate };
}

function entryToWire(entry: JournalEntryView): ledgerV1.JournalEntry {
  return {
    entryId: entry.entryId,
    companyId: entry.companyId,
    transactionNumber: entry.transactionNumber.toString(),
    journal: JOURNAL_TO_WIRE[entry.journal],
    date: entry.date,
    period: entry.period,
    sourceId: entry.sourceId,
    sourceType: SOURCE_TO_WIRE[entry.sourceType],
    currency: entry.currency,
    documentNumber: entry.documentNumber,
    description: entry.description,
    lines: entry.lines.map((line) => ({ ...line })),
    postedAt: entry.postedAt,
    originSourceId: entry.originSourceId,
  };
}

function resultToWire(result: JournalResultView): ledgerV1.JournalResult {
  return result.ok
    ? { sourceId: result.sourceId, result: { $case: 'entry', value: entryToWire(result.entry) }, replayed: result.replayed }
    : { sourceId: result.sourceId, result: { $case: 'rejection', value: rejection(result.errors) }, replayed: false };
}

function previewToWire(preview: JournalPreviewView): ledgerV1.JournalPreview {
  return preview.ok
    ? { sourceId: preview.sourceId, result: { $case: 'entry', value: { period: preview.period, lines: preview.lines.map((line) => ({ ...line })) } }, posted: preview.posted }
    : { sourceId: preview.sourceId, result: { $case: 'rejection', value: rejection(preview.errors) }, posted: false };
}

/** The journals of a PostJournals or PreviewJournals request, within the per-call limit. */
function journalInputsOf(request: ledgerV1.PostJournalsRequest | ledgerV1.PreviewJournalsRequest): JournalInput[] {
  requireCompanyId(request.companyId);
  if (request.journals.length > MAX_JOURNALS_PER_CALL) {
    throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `at most ${MAX_JOURNALS_PER_CALL} journals per call, got ${request.journals.length}`);
  }
  let scheduleEntries = 0;
  for (const journal of request.journals) for (const line of journal.lines) scheduleEntries += line.incomeSchedule?.periods ?? 0;
  if (scheduleEntries > MAX_INCOME_SCHEDULE_ENTRIES_PER_CALL) {
    throw new GrpcStatusError(
      GrpcStatus.INVALID_ARGUMENT,
      `at most ${MAX_INCOME_SCHEDULE_ENTRIES_PER_CALL} income-schedule entries per call, got ${scheduleEntries}`,
    );
  }
  return request.journals.map((journal) => ({
    sourceId: journal.sourceId,
    sourceType: SOURCE_FROM_WIRE[journal.sourceType],
    journal: JOURNAL_FROM_WIRE[journal.journal],
    date: journal.date,
    currency: journal.currency,
    homeRate: journal.homeRate,
    reportingRate: journal.reportingRate,
    description: journal.description,
    documentNumberSequence: journal.documentNumberSequence,
    lines: journal.lines.map((line) => ({ ...line })),
    linked: journal.linked,
  }));
}

/** A use case's outcome as a oneof result: the value under its case, or the rejection. */
function oneofResult<Case extends string, Value, Wire>(
  $case: Case,
  outcome: Outcome<Value>,
  toWire: (value: Value) => Wire,
): { result: { $case: Case; value: Wire } } | { result: { $case: 'rejection'; value: commonV1.Rejection } } {
  return outcome.ok ? { result: { $case, value: toWire(outcome.value) } } : { result: { $case: 'rejection', value: rejection(outcome.errors) } };
}

function companyResult(outcome: Outcome<CompanyView>): ledgerV1.CreateCompanyResponse {
  return oneofResult('company', outcome, companyToWire);
}

function periodResult(outcome: Outcome<PeriodInfo>): ledgerV1.ClosePeriodResponse {
  return oneofResult('period', outcome, periodToWire);
}

/** The ledger.v1.LedgerService gRPC API: translates the wire to the use cases and back. */
export function ledgerGrpcService(app: LedgerApp) {
  return serviceRegistration<ledgerV1.LedgerServiceServer>('ledger.v1.LedgerService', ledgerV1.LedgerServiceService, {
    async createCompany(request) {
      const outcome = await app.createCompany({
        companyId: request.companyId,
        name: request.name,
        homeCurrency: request.homeCurrency,
        reportingCurrency: request.reportingCurrency,
        fiscalYearStart: request.fiscalYearStart,
        template: request.template === ledgerV1.CompanyTemplate.COMPANY_TEMPLATE_STANDARD ? 'STANDARD' : undefined,
      });
      return companyResult(outcome);
    },

    async getCompany(request) {
      requireCompanyId(request.companyId);
      const company = await app.getCompany(request.companyId);
      if (company === undefined) throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `company ${request.companyId} does not exist`);
      return { company: companyToWire(company) };
    },

    async updateCompanySettings(request) {
      requireCompanyId(request.companyId);
      const { companyId, roundingMode, ...change } = request;
      const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
      return companyResult(await app.updateSettings(companyId, { ...defined, ...roundingModeChange(roundingMode) }));
    },

    async closePeriod(request) {
      requireCompanyId(request.companyId);
      return periodResult(await app.setPeriodClosed(request.companyId, request.period, true));
    },

    async reopenPeriod(request) {
      requireCompanyId(request.companyId);
      return periodResult(await app.setPeriodClosed(request.companyId, request.period, false));
    },

    async openFiscalYear(request) {
      requireCompanyId(request.companyId);
      const outcome = await app.openFiscalYear(request.companyId, request.startDate);
      return oneofResult('fiscalYear', outcome, (periods) => ({ startDate: request.startDate, periods: periods.map(periodToWire) }));
    },

    async setExchangeRate(request) {
      requireCompanyId(request.companyId);
      const rate = request.rate;
      if (rate === undefined) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'rate is required');
      const outcome = await app.setExchangeRate(request.companyId, rate);
      return outcome.ok
        ? { result: { $case: 'rate', value: rateToWire(outcome.value) } }
        : { result: { $case: 'rejection', value: rejection(outcome.errors) } };
    },

    async getExchangeRate(request) {
      requireCompanyId(request.companyId);
      const lookup = await app.getExchangeRate(request.companyId, request.fromCurrency, request.toCurrency, request.date);
      switch (lookup.kind) {
        case 'found':
          return { rate: rateToWire(lookup.rate), reverseRate: lookup.reverseRate };
        case 'invalid':
          throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, lookup.message);
        case 'company-not-found':
          throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `company ${request.companyId} does not exist`);
        case 'rate-not-found':
          throw new GrpcStatusError(
            GrpcStatus.NOT_FOUND,
            `no exchange rate ${request.fromCurrency}/${request.toCurrency} is valid on ${request.date}`,
          );
      }
    },

    async postJournals(request) {
      const results = await app.postJournals(request.companyId, journalInputsOf(request));
      return { results: results.map(resultToWire) };
    },

    async previewJournals(request) {
      const previews = await app.previewJournals(request.companyId, journalInputsOf(request));
      return { results: previews.map(previewToWire) };
    },

    async getEntriesBySource(request) {
      requireCompanyId(request.companyId);
      if (request.sourceId === '') throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'source_id is required');
      const entries = found(await app.entriesBySource(request.companyId, request.sourceId));
      return { entries: entries.map(entryToWire) };
    },

    async getTrialBalance(request) {
      requireCompanyId(request.companyId);
      return found(await app.trialBalance(request.companyId, request.period));
    },

    async getAccountBalance(request) {
      requireCompanyId(request.companyId);
      return found(await app.accountBalance(request.companyId, request.account, request.asOf, request.customerId));
    },

    async createAccount(request) {
      requireCompanyId(request.companyId);
      const account = request.account;
      const outcome = await app.createAccount(request.companyId, {
        account: account?.account ?? '',
        name: account?.name ?? '',
        type: account === undefined ? undefined : ACCOUNT_TYPE_FROM_WIRE[account.type],
        control: account?.control ?? false,
      });
      return oneofResult('account', outcome, (stored) => ({ ...stored, type: ACCOUNT_TYPE_TO_WIRE[stored.type] }));
    },

    async createTaxCode(request) {
      requireCompanyId(request.companyId);
      const taxCode = request.taxCode;
      const outcome = await app.createTaxCode(request.companyId, {
        code: taxCode?.code ?? '',
        name: taxCode?.name ?? '',
        ratePercent: taxCode?.ratePercent ?? '',
        payableAccount: taxCode?.payableAccount ?? '',
      });
      return oneofResult('taxCode', outcome, (stored) => ({ ...stored }));
    },

    async createCreditTerms(request) {
      requireCompanyId(request.companyId);
      const terms = request.creditTerms;
      const outcome = await app.createCreditTerms(request.companyId, {
        creditTermsId: terms?.creditTermsId ?? '',
        name: terms?.name ?? '',
        netDays: terms?.netDays ?? 0,
        discountPercent: terms === undefined || terms.discountPercent === '' ? undefined : terms.discountPercent,
        discountDays: terms?.discountDays ?? 0,
      });
      return oneofResult('creditTerms', outcome, (stored) => ({ ...stored, discountPercent: stored.discountPercent ?? '' }));
    },

    async setPostingProfile(request) {
      requireCompanyId(request.companyId);
      const outcome = await app.setPostingProfile(request.companyId, {
        postingGroup: request.profile?.postingGroup ?? '',
        receivableAccount: request.profile?.receivableAccount ?? '',
      });
      return oneofResult('profile', outcome, (stored) => ({ ...stored }));
    },

    async listAccounts(request) {
      requireCompanyId(request.companyId);
      const page = found(await app.listAccounts(request.companyId, request.page?.pageSize ?? 0, request.page?.cursor ?? ''));
      return {
        accounts: page.accounts.map((account) => ({ ...account, type: ACCOUNT_TYPE_TO_WIRE[account.type] })),
        page: { nextCursor: page.nextCursor },
      };
    },
  });
}
