import { commonV1, ledgerV1, roundingModeFromWire } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus, isServiceError } from '@ledgerline/grpc';
import { formatAmount, MoneyDecimal } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import {
  LedgerUnavailableError,
  type CompanySetup,
  type JournalOutcome,
  type JournalPreviewOutcome,
  type JournalToPost,
  type LedgerGateway,
} from '../app/ledger-port.js';
import type { EntryLine } from '../domain/posted-amounts.js';
import { postingError, type PostingError } from '../domain/posting-document.js';
import type { CreditTermsRule } from '../domain/settlement-discount.js';

export interface LedgerClientOptions {
  /** host:port of the ledger's gRPC API. */
  address: string;
  /** Deadline of each call. */
  deadlineMs: number;
}

/** The ledger's gRPC API as posting's LedgerGateway, translating proto to posting's own types. */
export function createLedgerClient(options: LedgerClientOptions): LedgerGateway & { close(): void } {
  const client = createGrpcClient(ledgerV1.LedgerServiceClient, options);
  return {
    async getCompany(companyId) {
      try {
        const { company } = await call(() => client.getCompany({ companyId }));
        return company === undefined ? undefined : companyOf(company);
      } catch (error) {
        if (isServiceError(error) && error.code === GrpcStatus.NOT_FOUND) return undefined;
        throw error;
      }
    },

    async postJournals(companyId, journals) {
      const response = await call(() =>
        client.postJournals({ companyId, journals: journals.map(journalRequestOf) }),
      );
      return inRequestOrder(journals, response.results).map(journalOutcomeOf);
    },

    async previewJournals(companyId, journals) {
      const response = await call(() =>
        client.previewJournals({ companyId, journals: journals.map(journalRequestOf) }),
      );
      return inRequestOrder(journals, response.results).map(journalPreviewOf);
    },

    async getHomeRate(companyId, currency, homeCurrency, date) {
      const { rate, reverseRate } = await call(() =>
        client.getExchangeRate({ companyId, fromCurrency: currency, toCurrency: homeCurrency, date }),
      );
      if (rate === undefined) return undefined;
      return {
        rate: decimal(rate.rate, 'exchange rate'),
        reverseRate: reverseRate === '' ? undefined : decimal(reverseRate, 'reverse exchange rate'),
      };
    },

    close: () => client.close(),
  };
}

/** Ledger answers that mean "not now": the batch is retried instead of failing documents. */
async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isServiceError(error) && (error.code === GrpcStatus.UNAVAILABLE || error.code === GrpcStatus.DEADLINE_EXCEEDED)) {
      const kind = error.code === GrpcStatus.UNAVAILABLE ? 'UNAVAILABLE' : 'DEADLINE_EXCEEDED';
      throw new LedgerUnavailableError(`ledger ${kind}: ${error.details}`, kind, { cause: error });
    }
    throw error;
  }
}

function companyOf(company: ledgerV1.Company): CompanySetup {
  const settings = company.settings;
  return {
    companyId: company.companyId,
    homeCurrency: company.homeCurrency,
    reportingCurrency: company.reportingCurrency,
    fiscalYearStart: company.fiscalYearStart,
    roundingMode: roundingModeFromWire(settings?.roundingMode ?? ledgerV1.RoundingMode.ROUNDING_MODE_UNSPECIFIED),
    rules: {
      receivableAccount: settings?.receivableAccount ?? '',
      receivableAccountByPostingGroup: new Map(company.postingProfiles.map((profile) => [profile.postingGroup, profile.receivableAccount])),
      postZeroPriceLinesToRevenue: settings?.postZeroPriceLinesToRevenue ?? false,
      taxPayableAccountByCode: new Map(company.taxCodes.map((code) => [code.code, code.payableAccount])),
      deferredRevenueAccount: settings?.deferredRevenueAccount ?? '',
    },
    defaultCreditTermsId: settings?.defaultCreditTermsId ?? '',
    creditTerms: new Map(company.creditTerms.map((terms) => [terms.creditTermsId, creditTermsOf(terms)])),
    periods: company.periods.map((period) => ({
      period: period.period,
      startDate: period.startDate,
      endDate: period.endDate,
      closed: period.closed,
    })),
  };
}

function creditTermsOf(terms: ledgerV1.CreditTerms): CreditTermsRule {
  return {
    creditTermsId: terms.creditTermsId,
    discountPercent: terms.discountPercent === '' ? undefined : decimal(terms.discountPercent, 'discount percent'),
    discountDays: terms.discountDays,
  };
}

function journalRequestOf(journal: JournalToPost): ledgerV1.JournalRequest {
  return ledgerV1.JournalRequest.fromPartial({
    sourceId: journal.sourceId,
    ...(journal.kind === 'DOCUMENT'
      ? { sourceType: ledgerV1.SourceType.SOURCE_TYPE_INVOICE, journal: ledgerV1.JournalType.JOURNAL_TYPE_AR_DISTRIBUTION }
      : { sourceType: ledgerV1.SourceType.SOURCE_TYPE_PAYMENT, journal: ledgerV1.JournalType.JOURNAL_TYPE_CASH_RECEIPTS }),
    date: journal.date,
    currency: journal.currency,
    // Home and reporting amounts and rates are left to the ledger: it converts with its own
    // rates and books any rounding difference on the company's rounding account.
    description: journal.description,
    documentNumberSequence: journal.documentNumberSequence ?? '',
    linked: journal.linked,
    lines: journal.lines.map((line) => ({
      account: line.account,
      amount: formatAmount(line.amount, journal.currency),
      homeAmount: '',
      reportingAmount: '',
      description: line.description,
      customerId: line.customerId,
      correction: line.correction,
      incomeSchedule: line.incomeSchedule,
    })),
  });
}

/** The ledger answers one result per journal, in request order; anything else is a broken contract. */
function inRequestOrder<Result extends { sourceId: string }>(journals: readonly JournalToPost[], results: readonly Result[]): readonly Result[] {
  results.forEach((result, index) => {
    const expected = journals[index]?.sourceId;
    if (result.sourceId !== expected) {
      throw new Error(`ledger answered source ${result.sourceId} where ${String(expected)} was expected`);
    }
  });
  return results;
}

function journalOutcomeOf(result: ledgerV1.JournalResult): JournalOutcome {
  if (result.result?.$case === 'rejection') return rejectedOf(result.result.value);
  const entry = result.result?.$case === 'entry' ? result.result.value : undefined;
  if (entry === undefined) throw new Error(`ledger answered neither an entry nor a rejection for ${result.sourceId}`);
  return {
    kind: 'POSTED',
    replayed: result.replayed,
    entry: {
      entryId: entry.entryId,
      transactionNumber: entry.transactionNumber,
      documentNumber: entry.documentNumber,
      period: entry.period,
      postedAt: entry.postedAt ?? new Date(),
      lines: entry.lines.map(entryLineOf),
    },
  };
}

function journalPreviewOf(preview: ledgerV1.JournalPreview): JournalPreviewOutcome {
  if (preview.result?.$case === 'rejection') return rejectedOf(preview.result.value);
  const entry = preview.result?.$case === 'entry' ? preview.result.value : undefined;
  if (entry === undefined) throw new Error(`ledger previewed neither an entry nor a rejection for ${preview.sourceId}`);
  return { kind: 'BUILT', lines: entry.lines.map(entryLineOf) };
}

function rejectedOf(rejection: commonV1.Rejection): { kind: 'REJECTED'; errors: PostingError[] } {
  const errors = rejection.errors.map((error) => postingError(error.code, error.message, error.fieldPath));
  return {
    kind: 'REJECTED',
    errors: errors.length > 0 ? errors : [postingError('REJECTED', 'the ledger refused the entry without a reason')],
  };
}

function entryLineOf(line: ledgerV1.JournalLine): EntryLine {
  return {
    account: line.account,
    amount: decimal(line.amount, 'entry line amount'),
    homeAmount: decimal(line.homeAmount, 'entry line home amount'),
    customerId: line.customerId,
  };
}

/** A decimal the ledger sent; one that is not is a broken contract, not a business outcome. */
function decimal(text: string, what: string): Decimal {
  const value = new MoneyDecimal(text === '' ? 'NaN' : text);
  if (!value.isFinite()) throw new Error(`ledger sent ${what} ${JSON.stringify(text)}, not a decimal`);
  return value;
}
