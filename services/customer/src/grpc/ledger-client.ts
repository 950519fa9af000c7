import { ledgerV1 } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus, GrpcStatusError, isServiceError, type PromiseClient } from '@ledgerline/grpc';
import { formatAmount, parseAmount } from '@ledgerline/money';
import type { JournalOutcome, LedgerPort } from '../app/ports.js';
import type { CompanyInfo } from '../domain/company.js';
import type { PaymentJournal } from '../domain/payment-journal.js';

export type LedgerClient = PromiseClient<ledgerV1.LedgerServiceClient>;

export function createLedgerClient(address: string, deadlineMs: number): LedgerClient {
  return createGrpcClient(ledgerV1.LedgerServiceClient, { address, deadlineMs });
}

/**
 * The ledger as the customer service uses it. A transport failure or a deadline becomes
 * UNAVAILABLE for our own caller (the ledger is a dependency, not our bug); NOT_FOUND on
 * GetCompany means "no such company".
 */
export function ledgerPort(client: LedgerClient): LedgerPort {
  const call = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (isServiceError(error)) throw new GrpcStatusError(GrpcStatus.UNAVAILABLE, `ledger ${what} failed: ${error.details}`);
      throw error;
    }
  };
  return {
    async getCompany(companyId) {
      try {
        const { company } = await client.getCompany({ companyId });
        return company === undefined ? undefined : toCompanyInfo(company);
      } catch (error) {
        if (isServiceError(error) && error.code === GrpcStatus.NOT_FOUND) return undefined;
        return call('GetCompany', () => Promise.reject(error));
      }
    },
    async getExchangeRate(companyId, from, to, date) {
      const { rate } = await call('GetExchangeRate', () =>
        client.getExchangeRate({ companyId, fromCurrency: from, toCurrency: to, date }),
      );
      if (rate === undefined) return undefined;
      const parsed = parseAmount(rate.rate, { maxScale: 20 });
      if (!parsed.ok || parsed.value.isZero()) throw new Error(`ledger answered an unusable rate "${rate.rate}"`);
      return parsed.value;
    },
    async postJournals(companyId, journals) {
      const { results } = await call('PostJournals', () =>
        client.postJournals({ companyId, journals: journals.map(toJournalRequest) }),
      );
      return journals.map((journal, index): JournalOutcome => {
        const result = results[index];
        if (result?.result?.$case === 'entry') return { sourceId: journal.sourceId, ok: true, entryId: result.result.value.entryId };
        if (result?.result?.$case === 'rejection') {
          return {
            sourceId: journal.sourceId,
            ok: false,
            errors: result.result.value.errors.map((error) => ({ code: error.code, message: error.message, fieldPath: error.fieldPath })),
          };
        }
        throw new Error(`ledger answered no result for source ${journal.sourceId}`);
      });
    },
  };
}

function toCompanyInfo(company: ledgerV1.Company): CompanyInfo {
  return {
    companyId: company.companyId,
    homeCurrency: company.homeCurrency,
    reportingCurrency: company.reportingCurrency,
    fiscalYearStart: company.fiscalYearStart,
    defaultCreditTermsId: company.settings?.defaultCreditTermsId ?? '',
    receivableAccount: company.settings?.receivableAccount ?? '',
    receivableAccountByPostingGroup: new Map(company.postingProfiles.map((profile) => [profile.postingGroup, profile.receivableAccount])),
    creditTermsIds: company.creditTerms.map((terms) => terms.creditTermsId),
    periods: company.periods.map((period) => ({ period: period.period, startDate: period.startDate, endDate: period.endDate })),
  };
}

function toJournalRequest(journal: PaymentJournal): ledgerV1.JournalRequest {
  return ledgerV1.JournalRequest.fromPartial({
    sourceId: journal.sourceId,
    sourceType: ledgerV1.SourceType.SOURCE_TYPE_PAYMENT,
    journal: ledgerV1.JournalType.JOURNAL_TYPE_CASH_RECEIPTS,
    date: journal.date,
    currency: journal.currency,
    description: journal.description,
    lines: journal.lines.map((line) => ({
      account: line.account,
      amount: formatAmount(line.amount, journal.currency),
      description: line.description,
      customerId: line.customerId,
    })),
  });
}
