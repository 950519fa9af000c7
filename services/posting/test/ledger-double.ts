import { ledgerV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import { MoneyDecimal } from '@ledgerline/money';
import type { Logger } from '@ledgerline/telemetry';

/** USD -> EUR rate of the double's companies. */
export const USD_TO_EUR = '0.9';

/**
 * The ledger as a real gRPC server: every company it is asked for is a standard EUR company
 * whose customers of posting group EXPORT post to A/R account 1210;
 * PostJournals records each call and posts each source once, with increasing transaction
 * numbers per company, converting USD at USD_TO_EUR with the rounding on 8900.
 */
export interface LedgerDouble {
  server: RunningGrpcServer;
  address: string;
  /** Every PostJournals request, in arrival order. */
  calls: ledgerV1.PostJournalsRequest[];
  /** Source ids (invoices, payments) the ledger refuses with PERIOD_CLOSED. */
  closedPeriodInvoices: Set<string>;
  /** Companies GetCompany answers NOT_FOUND for. */
  unknownCompanies: Set<string>;
  /** Companies whose settings require customer items to be confirmed before posting. */
  confirmationCompanies: Set<string>;
  /** Periods GetCompany reports closed, as `${companyId}/${period}` ("YYYY-MM"). */
  closedPeriods: Set<string>;
  /** Company -> PostJournals calls still to answer UNAVAILABLE. */
  unavailableCalls: Map<string, number>;
  /** Entries posted, by company and source id. */
  entries: Map<string, ledgerV1.JournalEntry>;
  /** Posts an entry as if an earlier attempt had (the replay case). */
  prePost(companyId: string, journal: ledgerV1.JournalRequest): ledgerV1.JournalEntry;
  journalsOf(companyId: string): ledgerV1.JournalRequest[];
}

export function standardCompany(companyId: string): ledgerV1.Company {
  return ledgerV1.Company.fromPartial({
    companyId,
    name: companyId,
    homeCurrency: 'EUR',
    reportingCurrency: 'EUR',
    fiscalYearStart: '2026-01-01',
    settings: {
      defaultCreditTermsId: 'NET30',
      receivableAccount: '1200',
      roundingAccount: '8900',
      deferredRevenueAccount: '2500',
      postZeroPriceLinesToRevenue: false,
    },
    taxCodes: [
      { code: 'RED', name: 'Reduced', ratePercent: '5', payableAccount: '2210' },
      { code: 'STD', name: 'Standard', ratePercent: '20', payableAccount: '2200' },
    ],
    postingProfiles: [{ postingGroup: 'EXPORT', receivableAccount: '1210' }],
    creditTerms: [
      { creditTermsId: '2/10NET30', name: '2 % 10 days, net 30', netDays: 30, discountPercent: '2', discountDays: 10 },
      { creditTermsId: 'NET30', name: 'Net 30', netDays: 30, discountPercent: '', discountDays: 0 },
    ],
    periods: Array.from({ length: 12 }, (_, month) => {
      const mm = String(month + 1).padStart(2, '0');
      const end = new Date(Date.UTC(2026, month + 1, 0)).toISOString().slice(0, 10);
      return { period: `2026-${mm}`, startDate: `2026-${mm}-01`, endDate: end, closed: false };
    }),
  });
}

export async function startLedgerDouble(logger: Logger): Promise<LedgerDouble> {
  const calls: ledgerV1.PostJournalsRequest[] = [];
  const entries = new Map<string, ledgerV1.JournalEntry>();
  const transactionNumbers = new Map<string, number>();
  const documentNumbers = new Map<string, number>();
  const closedPeriodInvoices = new Set<string>();
  const unknownCompanies = new Set<string>();
  const confirmationCompanies = new Set<string>();
  const closedPeriods = new Set<string>();
  const unavailableCalls = new Map<string, number>();

  function post(companyId: string, journal: ledgerV1.JournalRequest): ledgerV1.JournalEntry {
    const transactionNumber = (transactionNumbers.get(companyId) ?? 0) + 1;
    transactionNumbers.set(companyId, transactionNumber);
    const sequenceKey = `${companyId}/${journal.documentNumberSequence}`;
    const documentNumber = (documentNumbers.get(sequenceKey) ?? 0) + 1;
    documentNumbers.set(sequenceKey, documentNumber);
    const rate = new MoneyDecimal(journal.currency === 'EUR' ? '1' : USD_TO_EUR);
    const lines = journal.lines.map((line, index) =>
      ledgerV1.JournalLine.fromPartial({
        lineNumber: index + 1,
        account: line.account,
        currency: journal.currency,
        amount: line.amount,
        homeAmount: new MoneyDecimal(line.amount).times(rate).toDecimalPlaces(2).toFixed(2),
        reportingAmount: new MoneyDecimal(line.amount).times(rate).toDecimalPlaces(2).toFixed(2),
        description: line.description,
        customerId: line.customerId,
        correction: line.correction,
      }),
    );
    const homeSum = lines.reduce((acc, line) => acc.plus(line.homeAmount), new MoneyDecimal(0));
    if (!homeSum.isZero()) {
      lines.push(
        ledgerV1.JournalLine.fromPartial({
          lineNumber: lines.length + 1,
          account: '8900',
          currency: journal.currency,
          amount: '0.00',
          homeAmount: homeSum.neg().toFixed(2),
          reportingAmount: homeSum.neg().toFixed(2),
          description: 'Rounding',
        }),
      );
    }
    const entry = ledgerV1.JournalEntry.fromPartial({
      entryId: crypto.randomUUID(),
      companyId,
      transactionNumber: String(transactionNumber),
      journal: journal.journal,
      date: journal.date,
      period: journal.date.slice(0, 7),
      sourceId: journal.sourceId,
      sourceType: journal.sourceType,
      currency: journal.currency,
      documentNumber: journal.documentNumberSequence === '' ? '' : `${journal.documentNumberSequence}-${String(documentNumber).padStart(6, '0')}`,
      description: journal.description,
      lines,
      postedAt: new Date(),
    });
    entries.set(`${companyId}/${journal.sourceId}`, entry);
    return entry;
  }

  const server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    services: [
      serviceRegistration<ledgerV1.LedgerServiceServer>('ledger.v1.LedgerService', ledgerV1.LedgerServiceService, {
        async getCompany(request) {
          if (unknownCompanies.has(request.companyId)) throw new GrpcStatusError(GrpcStatus.NOT_FOUND, 'no such company');
          const company = standardCompany(request.companyId);
          if (company.settings !== undefined) company.settings.requireCustomerItemConfirmation = confirmationCompanies.has(request.companyId);
          for (const period of company.periods) period.closed = closedPeriods.has(`${request.companyId}/${period.period}`);
          return { company };
        },
        async getExchangeRate(request) {
          const rate = request.fromCurrency === request.toCurrency ? '1' : USD_TO_EUR;
          return { rate: { fromCurrency: request.fromCurrency, toCurrency: request.toCurrency, validFrom: '2026-01-01', rate }, reverseRate: '' };
        },
        async postJournals(request) {
          calls.push(request);
          const unavailable = unavailableCalls.get(request.companyId) ?? 0;
          if (unavailable > 0) {
            unavailableCalls.set(request.companyId, unavailable - 1);
            throw new GrpcStatusError(GrpcStatus.UNAVAILABLE, 'ledger is restarting');
          }
          const posted = request.journals.map((journal) => entries.has(`${request.companyId}/${journal.sourceId}`));
          const chainOf = chainIndexes(request.journals);
          const refusals = request.journals.map((journal, index) => {
            // As in the ledger, a source posted before may not join a chain with new sources.
            const chain = chainOf[index] ?? [index];
            if (posted[index] === true) {
              if (!chain.some((member) => posted[member] === false && !closedPeriodInvoices.has(request.journals[member]?.sourceId ?? ''))) return undefined;
              return { code: 'CONFLICT', message: `source ${journal.sourceId} was posted before, not with this chain`, fieldPath: `journals[${index}].sourceId` };
            }
            if (!closedPeriodInvoices.has(journal.sourceId)) return undefined;
            return { code: 'PERIOD_CLOSED', message: `period ${journal.date.slice(0, 7)} is closed`, fieldPath: 'date' };
          });
          // A linked chain posts whole or not at all, as in the ledger.
          return {
            results: request.journals.map((journal, index): ledgerV1.JournalResult => {
              const own = refusals[index];
              const existing = entries.get(`${request.companyId}/${journal.sourceId}`);
              if (existing !== undefined && own === undefined) {
                return { sourceId: journal.sourceId, result: { $case: 'entry', value: existing }, replayed: true };
              }
              const culprit = chainOf[index]?.find((member) => refusals[member] !== undefined);
              const errors =
                own !== undefined
                  ? [own]
                  : culprit === undefined
                    ? []
                    : [{ code: 'LINKED_JOURNAL_REFUSED', message: `not posted: journals[${culprit}] was refused`, fieldPath: `journals[${index}]` }];
              if (errors.length > 0) return { sourceId: journal.sourceId, result: { $case: 'rejection', value: { errors } }, replayed: false };
              return { sourceId: journal.sourceId, result: { $case: 'entry', value: post(request.companyId, journal) }, replayed: false };
            }),
          };
        },
      }),
    ],
  });
  server.health.setServing(true);
  return {
    server,
    address: `127.0.0.1:${server.port}`,
    calls,
    closedPeriodInvoices,
    unknownCompanies,
    confirmationCompanies,
    closedPeriods,
    unavailableCalls,
    entries,
    prePost: post,
    journalsOf: (companyId) => calls.filter((call) => call.companyId === companyId).flatMap((call) => call.journals),
  };
}

/** For each journal, the indexes of its linked chain (itself alone when unlinked). */
function chainIndexes(journals: readonly ledgerV1.JournalRequest[]): number[][] {
  const chains: number[][] = [];
  let current: number[] = [];
  journals.forEach((journal, index) => {
    current.push(index);
    if (!journal.linked) {
      for (const member of current) chains[member] = current;
      current = [];
    }
  });
  for (const member of current) chains[member] = current;
  return chains;
}
