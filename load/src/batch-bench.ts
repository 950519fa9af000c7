/**
 * `npm run bench:batches`: invoice batch generation at scale (issue 5). It starts the whole
 * system with its own ports and databases, loads 10,000 customers holding 1,000,000 posted
 * documents into the batch service's database, then generates the batches for every customer
 * through the REST API, one generation per cutoff day, and prints the time they take.
 *
 * The documents are loaded with one SQL statement (generate_series) straight into the batch
 * service's tables, in the shape its InvoicePosted handler writes: a million events through
 * Kafka would measure the event path (covered by the service's tests and by `npm run bench`),
 * not generation, and would make every other consumer of invoice.posted work as well. The
 * tables are then vacuumed and analysed, as autovacuum would have done on a live system.
 *
 * Options (environment): BENCH_BATCH_CUSTOMERS (default 10000), BENCH_BATCH_DOCUMENTS (1000000),
 * BENCH_BATCH_CUTOFF_DAYS (28: customers spread over cutoff days 1..28, one generation per day;
 * 1 puts every customer on the 1st, so one generation batches everything), BENCH_BATCH_CONCURRENCY
 * (2: generations in flight at once, one per core, as a scheduler running the day's cutoff
 * days would issue them).
 */
import { randomUUID } from 'node:crypto';
import { inParallel } from '@ledgerline/collections';
import { databaseUrl, dropDatabase } from '@ledgerline/db';
import { DATA_SERVICES, databaseName, ensurePostgres, startSystem, systemOptionsFromEnv } from '@ledgerline/local-runtime';
import pg from 'pg';
import { restCaller } from './rest.js';

const CUSTOMERS = Number(process.env.BENCH_BATCH_CUSTOMERS ?? 10_000);
const DOCUMENTS = Number(process.env.BENCH_BATCH_DOCUMENTS ?? 1_000_000);
const CUTOFF_DAYS = Number(process.env.BENCH_BATCH_CUTOFF_DAYS ?? 28);
const CONCURRENCY = Number(process.env.BENCH_BATCH_CONCURRENCY ?? 2);
/** Payments per customer, so the report has former balances and payments to compute. */
const PAYMENTS_PER_CUSTOMER = 5;
/** Customers per report page when the report of one batch is read in full. */
const REPORT_PAGE_SIZE = 500;
/** The close dates are days of this month; the documents are dated in the month before. */
const CLOSE_MONTH = '2026-11';
const BENCH_PORTS = { grpcPortBase: 31251, healthPortBase: 11081, gatewayPort: 20080 };
const TARGET_SECONDS = 10;

if (!Number.isInteger(CUTOFF_DAYS) || CUTOFF_DAYS < 1 || CUTOFF_DAYS > 28) throw new Error('BENCH_BATCH_CUTOFF_DAYS must be 1..28');

const runId = randomUUID().slice(0, 8);
const company = `bench-${runId}`;
const log = (message: string) => process.stdout.write(`${message}\n`);
const options = {
  ...systemOptionsFromEnv({ ...process.env, LOG_LEVEL: 'warn' }, process.stderr),
  ...BENCH_PORTS,
  databasePrefix: `benchb_${runId}`,
  topicPrefix: `benchb_${runId}.`,
  devApiKey: `bench-key-${runId}-0123456789`,
};

log(`bench:batches: starting the system (${CUSTOMERS} customers, ${DOCUMENTS} documents, cutoff days 1..${CUTOFF_DAYS})`);
const system = await startSystem(options);
const { adminUrl } = await ensurePostgres();
const batchDatabase = new pg.Client({ connectionString: databaseUrl(adminUrl, databaseName(options.databasePrefix, 'batch')) });
await batchDatabase.connect();

const call = restCaller(system.gatewayUrl, options.devApiKey);
const seconds = (since: number) => (Date.now() - since) / 1000;

try {
  const loadStartedAt = Date.now();
  await batchDatabase.query(
    `INSERT INTO batch_customer_profile (company_id, customer_id, name, currency, cutoff_day, revision)
     SELECT $1, 'C' || lpad(i::text, 6, '0'), 'Customer ' || i, 'EUR', 1 + i % $3::int, 1 FROM generate_series(0, $2::int - 1) AS i`,
    [company, CUSTOMERS, CUTOFF_DAYS],
  );
  // Every tenth document is a credit memo; dates and amounts vary so the planner sees real spreads.
  await batchDatabase.query(
    `INSERT INTO ar_document (company_id, document_id, customer_id, document_number, document_type, currency, amount,
                              home_currency, home_amount, invoice_date, due_date, posted_at)
     SELECT $1, 'D' || i, 'C' || lpad((i % $3::int)::text, 6, '0'), 'INV-' || lpad(i::text, 8, '0'),
            CASE WHEN i % 10 = 0 THEN 'CREDIT_MEMO' ELSE 'FREE_TEXT' END, 'EUR',
            (CASE WHEN i % 10 = 0 THEN -1 ELSE 1 END) * (10 + (i % 9973) / 100.0),
            'EUR', (CASE WHEN i % 10 = 0 THEN -1 ELSE 1 END) * (10 + (i % 9973) / 100.0),
            date '2026-10-01' + (i % 28), date '2026-10-31' + (i % 28), now()
       FROM generate_series(0, $2::int - 1) AS i`,
    [company, DOCUMENTS, CUSTOMERS],
  );
  await batchDatabase.query(
    `INSERT INTO ar_payment (company_id, payment_id, customer_id, currency, amount, reference, paid_date, recorded_at)
     SELECT $1, 'P' || i, 'C' || lpad((i % $3::int)::text, 6, '0'), 'EUR', 5 + (i % 500), 'REF-' || i, date '2026-10-01' + (i % 60), now()
       FROM generate_series(0, $2::int - 1) AS i`,
    [company, CUSTOMERS * PAYMENTS_PER_CUSTOMER, CUSTOMERS],
  );
  await batchDatabase.query('VACUUM ANALYZE batch_customer_profile, ar_document, ar_payment');
  log(`bench:batches: loaded and vacuumed in ${seconds(loadStartedAt).toFixed(1)} s (not part of the figures)`);
  await call('POST', '/v1/companies', { id: company, name: 'Bench', homeCurrency: 'EUR', reportingCurrency: 'EUR', fiscalYearStart: '2026-01-01', template: 'standard' });

  const generations: { day: number; ms: number; customers: number; documents: number; id: string }[] = [];
  const startedAt = Date.now();
  await inParallel(CUTOFF_DAYS, CONCURRENCY, async (index) => {
    const day = index + 1;
    const calledAt = Date.now();
    const closeDate = `${CLOSE_MONTH}-${String(day).padStart(2, '0')}`;
    const batch = await call('POST', `/v1/companies/${company}/invoice-batches/generate`, { id: `batch-${day}`, closeDate });
    generations.push({ day, ms: Date.now() - calledAt, customers: Number(batch.customerCount), documents: Number(batch.documentCount), id: String(batch.id) });
  });
  const generationSeconds = seconds(startedAt);
  const batchedCustomers = generations.reduce((total, generation) => total + generation.customers, 0);
  const batchedDocuments = generations.reduce((total, generation) => total + generation.documents, 0);

  const largest = generations.reduce((best, generation) => (generation.documents > best.documents ? generation : best));
  const reportStartedAt = Date.now();
  let cursor: string | null = null;
  let reportedCustomers = 0;
  do {
    const query: string = `limit=${REPORT_PAGE_SIZE}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page = await call('GET', `/v1/companies/${company}/invoice-batches/${largest.id}/report?${query}`);
    reportedCustomers += (page.customers as unknown[]).length;
    cursor = page.nextCursor as string | null;
  } while (cursor !== null);
  const reportSeconds = seconds(reportStartedAt);

  const durations = generations.map((generation) => generation.ms).sort((a, b) => a - b);
  log('');
  log('Ledgerline invoice batch benchmark (every service, Kafka and Postgres on this machine)');
  log(`  generations:                  ${generations.length} (close dates ${CLOSE_MONTH}-01..${String(CUTOFF_DAYS).padStart(2, '0')}), through REST, ${CONCURRENCY} at a time`);
  log(`  customers batched:            ${batchedCustomers} of ${CUSTOMERS}`);
  log(`  documents batched:            ${batchedDocuments} of ${DOCUMENTS}`);
  log(`  time to generate them all:    ${generationSeconds.toFixed(2)} s (target ${TARGET_SECONDS} s): ${(batchedDocuments / generationSeconds).toFixed(0)} documents/s`);
  log(`  one generation:               median ${durations[Math.floor(durations.length / 2)]} ms, slowest ${durations.at(-1)} ms`);
  log(`  full report of the largest:   ${reportedCustomers} customers, ${largest.documents} documents in ${reportSeconds.toFixed(2)} s`);
  if (batchedDocuments !== DOCUMENTS || batchedCustomers !== CUSTOMERS) {
    process.exitCode = 1;
    log('bench:batches: not every document or customer was batched');
  }
} finally {
  await batchDatabase.end();
  await system.stop();
  await Promise.all(DATA_SERVICES.map((service) => dropDatabase(adminUrl, databaseName(options.databasePrefix, service))));
}
