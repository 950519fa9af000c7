import { ledgerV1 } from '@ledgerline/contracts';
import { createGrpcClient, type PromiseClient } from '@ledgerline/grpc';
import type { RunningDataService } from '@ledgerline/service-host';
import { createTestDatabase, testLogger, type TestDatabase } from '@ledgerline/testing';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadLedgerConfig } from '../src/config.js';
import { createLedgerDatabase, type LedgerDatabase } from '../src/db/client.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startLedgerService } from '../src/service.js';

export type LedgerClient = PromiseClient<ledgerV1.LedgerServiceClient>;

export interface LedgerUnderTest {
  client: LedgerClient;
  /** The service's own database, to check what was (not) written. */
  db: LedgerDatabase;
}

/** Starts the real service on a fresh database for this test file, reached through a real gRPC client. */
export function useLedgerService(): LedgerUnderTest {
  const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
  let database: TestDatabase | undefined;
  let service: RunningDataService | undefined;
  const handle = {} as LedgerUnderTest;

  beforeAll(async () => {
    database = await createTestDatabase(postgresAdminUrl, 'ledger', MIGRATIONS_DIR);
    service = await startLedgerService(
      loadLedgerConfig({ DATABASE_URL: database.url, KAFKA_BROKERS: kafkaBrokers.join(','), GRPC_PORT: '0' }),
      testLogger('ledger'),
    );
    handle.client = createGrpcClient(ledgerV1.LedgerServiceClient, { address: `127.0.0.1:${service.grpcPort}`, deadlineMs: 30_000 });
    handle.db = createLedgerDatabase(database.url, 2);
  });

  afterAll(async () => {
    handle.client?.close();
    await handle.db?.disconnect();
    await service?.stop();
    await database?.drop();
  });

  return handle;
}

let companySerial = 0;

/** Creates a STANDARD company with a unique id and returns the id. */
export async function createCompany(
  client: LedgerClient,
  options: { homeCurrency?: string; reportingCurrency?: string; fiscalYearStart?: string } = {},
): Promise<string> {
  companySerial += 1;
  const companyId = `co-${companySerial}-${Math.random().toString(36).slice(2, 8)}`;
  const response = await client.createCompany({
    companyId,
    name: `Company ${companySerial}`,
    homeCurrency: options.homeCurrency ?? 'EUR',
    reportingCurrency: options.reportingCurrency ?? options.homeCurrency ?? 'EUR',
    fiscalYearStart: options.fiscalYearStart ?? '2026-01-01',
    template: ledgerV1.CompanyTemplate.COMPANY_TEMPLATE_STANDARD,
  });
  if (response.result?.$case !== 'company') throw new Error(`createCompany failed: ${JSON.stringify(response.result)}`);
  return companyId;
}

export function line(account: string, amount: string, extra: Partial<ledgerV1.JournalLineRequest> = {}): ledgerV1.JournalLineRequest {
  return { account, amount, homeAmount: '', reportingAmount: '', description: '', customerId: '', correction: false, ...extra };
}

/** An invoice journal: A/R debit for customer C-1 against revenue, in the given currency. */
export function invoiceJournal(sourceId: string, overrides: Partial<ledgerV1.JournalRequest> = {}): ledgerV1.JournalRequest {
  return {
    sourceId,
    sourceType: ledgerV1.SourceType.SOURCE_TYPE_INVOICE,
    journal: ledgerV1.JournalType.JOURNAL_TYPE_AR_DISTRIBUTION,
    date: '2026-03-15',
    currency: 'EUR',
    homeRate: '',
    reportingRate: '',
    description: `Invoice ${sourceId}`,
    lines: [line('1200', '120.00', { customerId: 'C-1' }), line('4000', '-100.00'), line('2200', '-20.00')],
    documentNumberSequence: '',
    linked: false,
    ...overrides,
  };
}

export function entryOf(result: ledgerV1.JournalResult | undefined): ledgerV1.JournalEntry {
  if (result?.result?.$case !== 'entry') throw new Error(`expected an entry, got ${JSON.stringify(result)}`);
  return result.result.value;
}

export function errorsOf(result: ledgerV1.JournalResult | ledgerV1.JournalPreview | undefined): Array<{ code: string; fieldPath: string; message: string }> {
  if (result?.result?.$case !== 'rejection') throw new Error(`expected a rejection, got ${JSON.stringify(result)}`);
  return result.result.value.errors;
}

/** Entries and lines stored for a company. */
export async function countWritten(db: LedgerDatabase, companyId: string): Promise<{ entries: number; lines: number }> {
  const [entries, lines] = await Promise.all([
    db.prisma.journalEntry.count({ where: { companyId } }),
    db.prisma.journalLine.count({ where: { companyId } }),
  ]);
  return { entries, lines };
}
