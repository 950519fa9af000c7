import { credentials, Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JournalType,
  LedgerServiceClient,
  LedgerServiceService,
  SourceType,
  type LedgerServiceServer,
  type PostJournalsRequest,
  type PostJournalsResponse,
} from './gen/ledger/v1/ledger_service.js';

// The generated grpc-js definitions serve and call for real: oneof results,
// uint64 as string and Date timestamps cross the wire intact.
const unimplemented = (_call: unknown, callback: sendUnaryData<never>): void =>
  callback({ code: status.UNIMPLEMENTED, details: 'not in this test' }, null);

const implementation: LedgerServiceServer = {
  createCompany: unimplemented,
  getCompany: unimplemented,
  updateCompanySettings: unimplemented,
  closePeriod: unimplemented,
  reopenPeriod: unimplemented,
  setExchangeRate: unimplemented,
  getExchangeRate: unimplemented,
  getEntriesBySource: unimplemented,
  getTrialBalance: unimplemented,
  listAccounts: unimplemented,
  previewJournals: unimplemented,
  createAccount: unimplemented,
  setPostingProfile: unimplemented,
  openFiscalYear: unimplemented,
  getAccountBalance: unimplemented,
  createTaxCode: unimplemented,
  createCreditTerms: unimplemented,
  postJournals(call: ServerUnaryCall<PostJournalsRequest, PostJournalsResponse>, callback) {
    callback(null, {
      results: call.request.journals.map((journal, index) => ({
        sourceId: journal.sourceId,
        replayed: false,
        result:
          index === 0
            ? {
                $case: 'entry' as const,
                value: {
                  entryId: 'entry-1',
                  companyId: call.request.companyId,
                  transactionNumber: '9007199254740993',
                  journal: journal.journal,
                  date: journal.date,
                  period: journal.date.slice(0, 7),
                  sourceId: journal.sourceId,
                  sourceType: journal.sourceType,
                  currency: journal.currency,
                  documentNumber: 'INV-000001',
                  description: journal.description,
                  lines: journal.lines.map((line, n) => ({ ...line, lineNumber: n + 1, currency: journal.currency })),
                  postedAt: new Date('2026-01-31T10:00:00.123Z'),
                  originSourceId: '',
                },
              }
            : {
                $case: 'rejection' as const,
                value: { errors: [{ code: 'PERIOD_CLOSED', message: 'period 2025-12 is closed', fieldPath: '' }] },
              },
      })),
    });
  },
};

let server: Server;
let client: LedgerServiceClient;

beforeAll(async () => {
  server = new Server();
  server.addService(LedgerServiceService, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  client = new LedgerServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
});

afterAll(() => {
  client?.close();
  server?.forceShutdown();
});

describe('generated grpc-js service', () => {
  it('answers PostJournals per item with an entry or a rejection', async () => {
    const line = (account: string, amount: string) => ({
      account,
      amount,
      homeAmount: amount,
      reportingAmount: amount,
      description: '',
      customerId: account === '1200' ? 'C-1' : '',
      correction: false,
    });
    const journal = (sourceId: string, date: string) => ({
      sourceId,
      sourceType: SourceType.SOURCE_TYPE_INVOICE,
      journal: JournalType.JOURNAL_TYPE_AR_DISTRIBUTION,
      date,
      currency: 'EUR',
      homeRate: '1',
      reportingRate: '1',
      description: sourceId,
      lines: [line('1200', '120.00'), line('4000', '-100.00'), line('2200', '-20.00')],
      documentNumberSequence: 'INVOICE',
      linked: false,
    });
    const response = await new Promise<PostJournalsResponse>((resolve, reject) =>
      client.postJournals(
        { companyId: 'acme', journals: [journal('inv-1', '2026-01-15'), journal('inv-2', '2025-12-20')] },
        (error, value) => (error ? reject(error) : resolve(value)),
      ),
    );
    const [first, second] = response.results;
    expect(first?.result?.$case).toBe('entry');
    if (first?.result?.$case !== 'entry') throw new Error('expected an entry');
    expect(first.result.value.transactionNumber).toBe('9007199254740993');
    expect(first.result.value.lines.map((l) => l.amount)).toEqual(['120.00', '-100.00', '-20.00']);
    expect(first.result.value.postedAt).toEqual(new Date('2026-01-31T10:00:00.123Z'));
    expect(second?.result).toEqual({
      $case: 'rejection',
      value: { errors: [{ code: 'PERIOD_CLOSED', message: 'period 2025-12 is closed', fieldPath: '' }] },
    });
  });
});
