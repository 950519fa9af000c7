import { randomUUID } from 'node:crypto';
import { commonV1, ledgerV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import { testLogger } from '@ledgerline/testing';

/** Companies whose id starts with this are unknown to the double (GetCompany answers NOT_FOUND). */
export const UNKNOWN_COMPANY_PREFIX = 'unknown';

/** The fiscal calendar of the double's standard company: two calendar fiscal years. */
export const FISCAL_YEAR_START = '2025-01-01';

/**
 * A real gRPC server answering as the ledger does for what the customer service calls: every
 * company is a standard-template EUR company, PostJournals records what it is sent, posts each
 * source once (a repeat gets the first entry) and refuses sources it was told to refuse.
 */
export class LedgerDouble {
  readonly postedJournals: { companyId: string; journal: ledgerV1.JournalRequest }[] = [];
  readonly getCompanyCalls: string[] = [];
  private readonly entries = new Map<string, ledgerV1.JournalEntry>();
  private readonly refusals = new Map<string, commonV1.BusinessError>();
  private server: RunningGrpcServer | undefined;

  get address(): string {
    return `127.0.0.1:${this.server?.port ?? 0}`;
  }

  /** PostJournals refuses this source with the error. */
  refuse(sourceId: string, error: commonV1.BusinessError): void {
    this.refusals.set(sourceId, error);
  }

  journalsFor(sourceId: string): ledgerV1.JournalRequest[] {
    return this.postedJournals.filter((posted) => posted.journal.sourceId === sourceId).map((posted) => posted.journal);
  }

  async start(): Promise<void> {
    this.server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger: testLogger('ledger-double'),
      services: [
        serviceRegistration<ledgerV1.LedgerServiceServer>('ledger.v1.LedgerService', ledgerV1.LedgerServiceService, {
          getCompany: async (request) => {
            this.getCompanyCalls.push(request.companyId);
            if (request.companyId.startsWith(UNKNOWN_COMPANY_PREFIX)) {
              throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `company ${request.companyId} not found`);
            }
            return { company: standardCompany(request.companyId) };
          },
          getExchangeRate: async () => ({ reverseRate: '' }),
          postJournals: async (request) => ({
            results: request.journals.map((journal) => {
              this.postedJournals.push({ companyId: request.companyId, journal });
              const key = `${request.companyId}/${journal.sourceId}`;
              const refusal = this.refusals.get(journal.sourceId);
              if (refusal !== undefined) {
                return { sourceId: journal.sourceId, result: { $case: 'rejection' as const, value: { errors: [refusal] } }, replayed: false };
              }
              const first = this.entries.get(key);
              const entry =
                first ??
                ledgerV1.JournalEntry.fromPartial({
                  entryId: randomUUID(),
                  companyId: request.companyId,
                  sourceId: journal.sourceId,
                  date: journal.date,
                  journal: journal.journal,
                  sourceType: journal.sourceType,
                });
              this.entries.set(key, entry);
              return { sourceId: journal.sourceId, result: { $case: 'entry' as const, value: entry }, replayed: first !== undefined };
            }),
          }),
        }),
      ],
    });
    this.server.health.setServing(true);
  }

  async stop(): Promise<void> {
    await this.server?.shutdown(0);
  }
}

function standardCompany(companyId: string): ledgerV1.Company {
  const periods: ledgerV1.Period[] = [];
  for (const year of [2025, 2026]) {
    for (let month = 1; month <= 12; month += 1) {
      const mm = String(month).padStart(2, '0');
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      periods.push({ period: `${year}-${mm}`, startDate: `${year}-${mm}-01`, endDate: `${year}-${mm}-${last}`, closed: false });
    }
  }
  return ledgerV1.Company.fromPartial({
    companyId,
    name: `Company ${companyId}`,
    homeCurrency: 'EUR',
    reportingCurrency: 'EUR',
    fiscalYearStart: FISCAL_YEAR_START,
    settings: { defaultCreditTermsId: 'NET30', roundingAccount: '8900', receivableAccount: '1200' },
    postingProfiles: [{ postingGroup: 'EXPORT', receivableAccount: '1210' }],
    creditTerms: [
      { creditTermsId: '2/10NET30', name: '2 % 10 days, net 30', netDays: 30, discountPercent: '2', discountDays: 10 },
      { creditTermsId: 'NET30', name: 'Net 30', netDays: 30, discountPercent: '', discountDays: 0 },
    ],
    periods,
  });
}
