import { Writable } from 'node:stream';
import { dropDatabase } from '@ledgerline/db';
import { DATA_SERVICES, databaseName, startSystem, systemOptionsFromEnv, type RunningSystem } from '@ledgerline/local-runtime';
import { eventually, uniqueName } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { restClient, type RestClient } from './rest.js';
import { checkInvariants, E2E_PORTS } from './system.js';

/**
 * No posting lost or doubled when services die: documents are posted in rounds while the services
 * that post them are killed outright (SIGKILL: no shutdown, nothing flushed) and started again,
 * and afterwards every document is Complete once, with one entry, one open item and one balance
 * change each, and the invariants hold. The kill comes right after a round's post request is
 * accepted, while its documents are still being posted (checked); which statement it interrupts
 * is up to the machine, so each run exercises another interleaving of the same guarantees
 * (outbox, idempotent consumers, ledger replays).
 */
const { postgresAdminUrl } = inject('infrastructure');
const DOCUMENTS_PER_ROUND = 100;
/** Services killed together in each round, while its documents are being posted. */
const ROUNDS: readonly (readonly string[])[] = [
  ['posting', 'ledger'],
  ['invoicing', 'customer', 'customer-item', 'batch'],
  ['posting', 'invoicing'],
];
const CREATE_CONCURRENCY = 16;
const CUSTOMERS = ['F-1', 'F-2', 'F-3', 'F-4'];
const COMPLETION_TIMEOUT_MS = 180_000;
/** Creating, posting and three rounds of restarts (each restart waits for readiness) on a busy 2-core machine. */
const TEST_TIMEOUT_MS = 420_000;

const databasePrefix = uniqueName('e2e_faults');
const company = uniqueName('faults').replace(/_/g, '-');
const inCompany = (rest: string) => `/v1/companies/${company}${rest}`;
let system: RunningSystem;
let api: RestClient;
/** The last output of the services, for a failure's message. */
let outputTail = '';

interface Invoice {
  id: string;
  status: string;
  customerId: string;
  totalAmount: string;
}

beforeAll(async () => {
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      outputTail = (outputTail + chunk.toString()).slice(-20_000);
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
  api = restClient(system.gatewayUrl, system.devApiKey);
  const created = await api.post(`/v1/companies`, { id: company, name: 'Faults Co', homeCurrency: 'EUR', reportingCurrency: 'EUR', fiscalYearStart: '2026-01-01', template: 'standard' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  for (const id of CUSTOMERS) {
    const customer = await api.post(inCompany('/customers'), { id, name: `Customer ${id}`, currency: 'EUR', paymentTerms: 'STANDARD' });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  }
});

afterAll(async () => {
  if (system !== undefined) {
    await system.stop();
    await Promise.all(DATA_SERVICES.map((service) => dropDatabase(postgresAdminUrl, databaseName(databasePrefix, service))));
  }
});

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

async function completedOf(documents: readonly Invoice[]): Promise<number> {
  const ids = new Set(documents.map((document) => document.id));
  let completed = 0;
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Invoice[]; nextCursor: string | null } } = await api.get(
      inCompany(`/invoices?status=COMPLETE&limit=500${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`),
    );
    expect(page.status).toBe(200);
    completed += page.body.items.filter((item) => ids.has(item.id)).length;
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return completed;
}

describe('posting while services are killed and restarted', () => {
  it('posts every document exactly once, whichever services die mid-run', async () => {
    const posted: Invoice[] = [];
    for (const [round, victims] of ROUNDS.entries()) {
      const documents = await createDocuments(round);
      const accepted = await api.post(inCompany('/invoices/post'), { invoiceIds: documents.map((document) => document.id) });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
      // The services die right after the request is accepted, while the round is still being
      // posted (checked, or the kill would prove nothing).
      expect(await completedOf(documents)).toBeLessThan(DOCUMENTS_PER_ROUND);
      await Promise.all(victims.map((service) => system.killAndRestart(service)));
      posted.push(...documents);
    }

    await eventually(async () => ((await completedOf(posted)) === posted.length ? true : undefined), {
      what: `all ${posted.length} documents Complete`,
      timeoutMs: COMPLETION_TIMEOUT_MS,
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\nlast output of the services:\n${outputTail}`, { cause: error });
    });

    // One balance change per document: each customer's balance is the sum of its documents.
    for (const customerId of CUSTOMERS) {
      const expected = posted.filter((document) => document.customerId === customerId).reduce((sum, document) => sum + cents(document.totalAmount), 0n);
      const customer = await api.get<{ postedBalance: string }>(inCompany(`/customers/${customerId}`));
      expect(cents(customer.body.postedBalance), customerId).toBe(expected);
      const openItems = await api.get<{ items: { documentId: string }[] }>(inCompany(`/customers/${customerId}/open-items?limit=500`));
      expect(openItems.body.items.map((item) => item.documentId).sort()).toEqual(
        posted.filter((document) => document.customerId === customerId).map((document) => document.id).sort(),
      );
    }
    // One entry per document, balanced in every currency, gapless numbers, balances equal to open
    // items and to the ledger.
    const invariants = checkInvariants({ databasePrefix });
    expect(invariants.status, invariants.output).toBe(0);
  }, TEST_TIMEOUT_MS);
});
