import { Writable } from 'node:stream';
import { databaseUrl, dropDatabase } from '@ledgerline/db';
import {
  DATA_SERVICES,
  databaseName,
  RESTART_READY_TIMEOUT_MS,
  startSystem,
  systemOptionsFromEnv,
  type RunningSystem,
  type ServiceName,
} from '@ledgerline/local-runtime';
import { eventually, uniqueName } from '@ledgerline/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { restClient, type RestClient } from './rest.js';
import { checkInvariants, E2E_PORTS } from './system.js';

/**
 * No posting lost or doubled when services die: documents are posted in rounds while the services
 * that post them are killed outright (SIGKILL: no shutdown, nothing flushed) and started again,
 * and afterwards every document is Complete once, with one entry, one open item and one balance
 * change each, and the invariants hold.
 *
 * Each round kills at a moment read from the databases, and checks right after the kill that the
 * round was under way and unfinished: the first round as soon as its post request is accepted
 * (its events queued or being posted), the others as soon as the ledger holds entries of the
 * round (posting between the ledger's commit and its own, or the InvoicePosted consumers about to
 * apply them). Which statement a kill interrupts is up to the machine, so each run exercises
 * another interleaving of the same guarantees (outbox, idempotent consumers, ledger replays).
 */
const { postgresAdminUrl } = inject('infrastructure');
const DOCUMENTS_PER_ROUND = 100;
type KillMoment = 'accepted' | 'ledger-posted';
/** Services killed together in each round, and when. */
const ROUNDS: readonly { victims: readonly ServiceName[]; moment: KillMoment }[] = [
  { victims: ['posting', 'ledger'], moment: 'accepted' },
  { victims: ['invoicing', 'customer', 'customer-item', 'batch'], moment: 'ledger-posted' },
  { victims: ['posting', 'invoicing'], moment: 'ledger-posted' },
];
/** Requests creating documents at once: enough to keep the gateway busy, few enough for two cores. */
const CREATE_CONCURRENCY = 16;
const CUSTOMERS = ['F-1', 'F-2', 'F-3', 'F-4'];
/** How often the databases are read while waiting for a round's kill moment. */
const KILL_MOMENT_POLL_MS = 10;
/** Longest wait for a round's kill moment; the ledger posts a round within seconds. */
const KILL_MOMENT_TIMEOUT_MS = 60_000;
/**
 * Longest wait for all documents after the last restart: each killed consumer stays a member of
 * its group until its 30 s session times out, and the groups rebalance after that.
 */
const COMPLETION_TIMEOUT_MS = 180_000;
/** Longest time one round takes to create its documents on a busy 2-core machine. */
const ROUND_CREATION_MS_MAX = 60_000;
const TEST_TIMEOUT_MS =
  ROUNDS.length * (ROUND_CREATION_MS_MAX + KILL_MOMENT_TIMEOUT_MS + RESTART_READY_TIMEOUT_MS) + 2 * COMPLETION_TIMEOUT_MS;
/** Characters of the services' last output kept for a failure's message. */
const OUTPUT_TAIL_CHARS = 20_000;
/** Page size of the lists read (the API's largest). */
const PAGE_SIZE = 500;

const databasePrefix = uniqueName('e2e_faults');
const company = uniqueName('faults').replace(/_/g, '-');
const inCompany = (rest: string) => `/v1/companies/${company}${rest}`;
let system: RunningSystem;
let api: RestClient;
let invoicingDatabase: pg.Pool;
let ledgerDatabase: pg.Pool;
let outputTail = '';

interface Invoice {
  id: string;
  customerId: string;
  totalAmount: string;
}

beforeAll(async () => {
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      outputTail = (outputTail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
      done();
    },
  });
  system = await startSystem({
    ...systemOptionsFromEnv({ LOG_LEVEL: 'warn' }, output),
    ...E2E_PORTS,
    databasePrefix,
    topicPrefix: `${databasePrefix}.`,
    devApiKey: `e2e-${uniqueName('key')}`,
  });
  invoicingDatabase = new pg.Pool({ connectionString: databaseUrl(postgresAdminUrl, databaseName(databasePrefix, 'invoicing')), max: 1 });
  ledgerDatabase = new pg.Pool({ connectionString: databaseUrl(postgresAdminUrl, databaseName(databasePrefix, 'ledger')), max: 1 });
  api = restClient(system.gatewayUrl, system.devApiKey);
  const created = await api.post(`/v1/companies`, { id: company, name: 'Faults Co', homeCurrency: 'EUR', reportingCurrency: 'EUR', fiscalYearStart: '2026-01-01', template: 'standard' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  for (const id of CUSTOMERS) {
    const customer = await api.post(inCompany('/customers'), { id, name: `Customer ${id}`, currency: 'EUR', paymentTerms: 'STANDARD' });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  }
});

afterAll(async () => {
  await invoicingDatabase?.end();
  await ledgerDatabase?.end();
  if (system !== undefined) {
    await system.stop();
    await Promise.all(DATA_SERVICES.map((service) => dropDatabase(postgresAdminUrl, databaseName(databasePrefix, service))));
  }
});

/** The documents' ledger entries and Complete documents, read from the services' databases (which outlive a kill). */
async function progressOf(documents: readonly Invoice[]): Promise<{ entries: number; completed: number }> {
  const ids = documents.map((document) => document.id);
  const [entries, completed] = await Promise.all([
    ledgerDatabase.query<{ count: string }>('SELECT count(*) AS count FROM journal_entry WHERE company_id = $1 AND source_id = ANY($2::text[])', [company, ids]),
    invoicingDatabase.query<{ count: string }>("SELECT count(*) AS count FROM invoice WHERE company_id = $1 AND invoice_id = ANY($2::text[]) AND status = 'COMPLETE'", [company, ids]),
  ]);
  return { entries: Number(entries.rows[0]?.count), completed: Number(completed.rows[0]?.count) };
}

async function waitForKillMoment(moment: KillMoment, documents: readonly Invoice[]): Promise<void> {
  if (moment === 'accepted') return;
  await eventually(async () => ((await progressOf(documents)).entries > 0 ? true : undefined), {
    what: 'the ledger to post some of the round',
    intervalMs: KILL_MOMENT_POLL_MS,
    timeoutMs: KILL_MOMENT_TIMEOUT_MS,
  });
}

async function createDocuments(round: number): Promise<Invoice[]> {
  const documents: Invoice[] = [];
  for (let start = 0; start < DOCUMENTS_PER_ROUND; start += CREATE_CONCURRENCY) {
    const count = Math.min(CREATE_CONCURRENCY, DOCUMENTS_PER_ROUND - start);
    const created = await Promise.all(
      Array.from({ length: count }, (_unused, offset) => {
        const index = start + offset;
        return api.post<Invoice>(inCompany('/invoices'), {
          type: 'FREE_TEXT',
          customerId: CUSTOMERS[index % CUSTOMERS.length],
          invoiceDate: '2026-11-10',
          lines: [
            { description: `Round ${round} work`, quantity: '2', unitPrice: `${10 + index}.25`, taxCode: 'STD', account: '4000' },
            { description: `Round ${round} parts`, quantity: '1', unitPrice: '3.10', taxCode: 'RED', account: '4100' },
          ],
        });
      }),
    );
    for (const answer of created) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      documents.push(answer.body);
    }
  }
  return documents;
}

/** A euro amount ("123.45", two decimals as the API answers it) in cents, exactly. */
function cents(amount: string): bigint {
  if (!/^-?\d+\.\d{2}$/.test(amount)) throw new Error(`not an amount with two decimals: ${amount}`);
  return BigInt(amount.replace('.', ''));
}

describe('posting while services are killed and restarted', () => {
  it('posts every document exactly once, whichever services die mid-run', async () => {
    const crashed = system.crashed.then((reason) => {
      throw new Error(`a service crashed on its own: ${reason}\n${outputTail}`);
    });
    await Promise.race([postThroughKills(), crashed]);
  }, TEST_TIMEOUT_MS);
});

async function postThroughKills(): Promise<void> {
  const posted: Invoice[] = [];
  for (const [round, { victims, moment }] of ROUNDS.entries()) {
    const documents = await createDocuments(round);
    const accepted = await api.post(inCompany('/invoices/post'), { invoiceIds: documents.map((document) => document.id) });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    await waitForKillMoment(moment, documents);
    await Promise.all(victims.map((service) => system.kill(service)));
    // Read after the kill: the round was not finished when its services died.
    const atKill = await progressOf(documents);
    expect(atKill.completed, `round ${round}`).toBeLessThan(DOCUMENTS_PER_ROUND);
    if (moment === 'ledger-posted') expect(atKill.entries, `round ${round}`).toBeGreaterThan(0);
    await Promise.all(victims.map((service) => system.restart(service)));
    posted.push(...documents);
  }

  await eventually(async () => ((await progressOf(posted)).completed === posted.length ? true : undefined), {
    what: `all ${posted.length} documents Complete`,
    timeoutMs: COMPLETION_TIMEOUT_MS,
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\nlast output of the services:\n${outputTail}`, { cause: error });
  });

  // One balance change and one open item per document. The customer service applies InvoicePosted
  // on its own, so it may finish a moment after the documents show Complete.
  for (const customerId of CUSTOMERS) {
    const theirs = posted.filter((document) => document.customerId === customerId);
    const expected = { balance: theirs.reduce((sum, document) => sum + cents(document.totalAmount), 0n), documentIds: theirs.map((document) => document.id).sort() };
    const actual = async () => {
      const customer = await api.get<{ postedBalance: string }>(inCompany(`/customers/${customerId}`));
      const openItems = await api.get<{ items: { documentId: string }[]; nextCursor: string | null }>(inCompany(`/customers/${customerId}/open-items?limit=${PAGE_SIZE}`));
      expect(openItems.body.nextCursor).toBeNull();
      return { balance: cents(customer.body.postedBalance), documentIds: openItems.body.items.map((item) => item.documentId).sort() };
    };
    // Open items are unique per document, so their count only rises to the expected one; the
    // balance, changed in the same transaction, is then compared exactly (a doubled one fails).
    await eventually(async () => ((await actual()).documentIds.length >= expected.documentIds.length ? true : undefined), {
      what: `customer ${customerId} to apply its documents`,
      timeoutMs: COMPLETION_TIMEOUT_MS,
    });
    expect(await actual(), customerId).toEqual(expected);
  }
  // One entry per document, balanced in every currency, gapless numbers, balances equal to open
  // items and to the ledger.
  const invariants = checkInvariants({ databasePrefix });
  expect(invariants.status, invariants.output).toBe(0);
}
