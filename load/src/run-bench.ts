/**
 * `npm run bench:runs`, the posting-run mode of the benchmark (issue 4). It starts the whole
 * system with its own ports and databases, creates the customers through REST, loads 100,000 In
 * Progress documents of 5 lines into invoicing's tables, and then through REST:
 *  1. creates a posting run selecting all of them and prints how long the report took (the median
 *     of several runs over the same selection);
 *  2. commits it and prints the documents posted per second while the commit runs.
 *
 * The documents are written with one SQL statement per table in exactly the shape invoicing's
 * CreateInvoice stores (totals, lines, tax lines), because creating 100,000 documents through
 * REST would take longer than the run itself and is not what this measures.
 *
 * Options (environment): BENCH_RUN_DOCUMENTS (default 100000), BENCH_RUN_CUSTOMERS (200),
 * BENCH_RUN_REPORTS (3: how many times the selection is reported, each as a new run; the median is
 * printed and the last run committed), BENCH_RUN_COMMIT_SECONDS (60: how long the commit is
 * measured; 0 waits for the whole run; -1 measures the report only), BENCH_LOG_LEVEL (warn: the
 * services' log level).
 */
import { randomUUID } from 'node:crypto';
import { inParallel } from '@ledgerline/collections';
import { databaseUrl, dropDatabase } from '@ledgerline/db';
import { DATA_SERVICES, databaseName, ensurePostgres, startSystem, systemOptionsFromEnv } from '@ledgerline/local-runtime';
import pg from 'pg';
import { restCaller } from './rest.js';

const DOCUMENTS = Number(process.env.BENCH_RUN_DOCUMENTS ?? 100_000);
const CUSTOMERS = Number(process.env.BENCH_RUN_CUSTOMERS ?? 200);
const COMMIT_SECONDS = Number(process.env.BENCH_RUN_COMMIT_SECONDS ?? 60);
const REPORTS = Math.max(1, Number(process.env.BENCH_RUN_REPORTS ?? 3));
const LINES_PER_DOCUMENT = 5;
const REPORT_TARGET_SECONDS = 5;
const POLL_INTERVAL_MS = 1_000;
/** Customers created at once through REST. */
const CUSTOMER_CONCURRENCY = 16;
const BENCH_PORTS = { grpcPortBase: 31351, healthPortBase: 12081, gatewayPort: 21080 };

const runId = randomUUID().slice(0, 8);
const company = `bench-${runId}`;
const log = (message: string) => process.stdout.write(`${message}\n`);
const seconds = (since: number) => (Date.now() - since) / 1000;
const options = {
  ...systemOptionsFromEnv({ ...process.env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' }, process.stderr),
  ...BENCH_PORTS,
  databasePrefix: `benchr_${runId}`,
  topicPrefix: `benchr_${runId}.`,
  devApiKey: `bench-key-${runId}-0123456789`,
};

log(`bench:runs: starting the system (${DOCUMENTS} documents of ${LINES_PER_DOCUMENT} lines, ${CUSTOMERS} customers)`);
const system = await startSystem(options);
const { adminUrl } = await ensurePostgres();
const invoicingDatabase = new pg.Client({ connectionString: databaseUrl(adminUrl, databaseName(options.databasePrefix, 'invoicing')) });
await invoicingDatabase.connect();

const call = restCaller(system.gatewayUrl, options.devApiKey);

try {
  await call('POST', '/v1/companies', { id: company, name: 'Bench', homeCurrency: 'EUR', reportingCurrency: 'EUR', fiscalYearStart: '2026-01-01', template: 'standard' });
  await inParallel(CUSTOMERS, CUSTOMER_CONCURRENCY, (index) =>
    call('POST', `/v1/companies/${company}/customers`, { id: `C${String(index).padStart(4, '0')}`, name: `Customer ${index}`, currency: 'EUR', paymentTerms: 'STANDARD' }),
  );

  const loadStartedAt = Date.now();
  // Line k of document i costs 10 + (i + k) % 90 EUR, quantity 1, 20 % tax (STD), account 4000;
  // the document's totals are the sums of its lines, as CreateInvoice computes them.
  await invoicingDatabase.query(
    `INSERT INTO invoice (company_id, invoice_id, type, status, customer_id, draft_number, invoice_date, currency, net_amount, tax_amount,
                          total_amount, updated_at, due_date, credit_terms_id)
     SELECT $1, 'D' || lpad(i::text, 7, '0'), 'FREE_TEXT', 'IN_PROGRESS', 'C' || lpad((i % $3::int)::text, 4, '0'), i + 1,
            date '2026-11-02', 'EUR', s.net, s.tax, s.net + s.tax, now(), date '2026-12-02', 'NET30'
       FROM generate_series(0, $2::int - 1) AS i,
            LATERAL (SELECT sum(10 + (i + k) % 90) AS net, sum(round((10 + (i + k) % 90) * 0.2, 2)) AS tax
                       FROM generate_series(1, $4::int) AS k) AS s`,
    [company, DOCUMENTS, CUSTOMERS, LINES_PER_DOCUMENT],
  );
  await invoicingDatabase.query(
    `INSERT INTO invoice_line (company_id, invoice_id, line_number, description, quantity, unit_price, line_discount, product_id, account,
                               tax_code, distribution, serial_numbers, net_amount, tax_amount, serialized, creates_customer_item)
     SELECT $1, 'D' || lpad(i::text, 7, '0'), k, 'Line ' || k, 1, 10 + (i + k) % 90, 0, '', '4000', 'STD', '[]', '{}',
            10 + (i + k) % 90, round((10 + (i + k) % 90) * 0.2, 2), false, false
       FROM generate_series(0, $2::int - 1) AS i, generate_series(1, $3::int) AS k`,
    [company, DOCUMENTS, LINES_PER_DOCUMENT],
  );
  await invoicingDatabase.query('INSERT INTO draft_number_sequence (company_id, last_value) VALUES ($1, $2)', [company, DOCUMENTS]);
  await invoicingDatabase.query(
    `INSERT INTO tax_line (company_id, invoice_id, tax_code, rate_percent, base_amount, tax_amount)
     SELECT company_id, invoice_id, 'STD', 20, sum(net_amount), sum(tax_amount) FROM invoice_line WHERE company_id = $1 GROUP BY company_id, invoice_id`,
    [company],
  );
  await invoicingDatabase.query('VACUUM ANALYZE invoice, invoice_line, tax_line');
  log(`bench:runs: loaded ${DOCUMENTS} documents in ${seconds(loadStartedAt).toFixed(1)} s (not part of the figures)`);

  // The same selection is reported several times, each time as a new run, because one report's
  // time varies by a second or more on this machine; the last run is the one committed.
  const reportSeconds: number[] = [];
  let run: Record<string, unknown> = {};
  for (let attempt = 1; attempt <= REPORTS; attempt += 1) {
    const reportStartedAt = Date.now();
    run = await call('POST', `/v1/companies/${company}/posting-runs`, {
      id: `run-${runId}-${attempt}`,
      selection: { invoiceDateFrom: '2026-11-01', invoiceDateTo: '2026-11-30' },
      description: 'bench',
    });
    reportSeconds.push(seconds(reportStartedAt));
  }
  const report = run.report as { documentCount: number; postableCount: number; blockedCount: number };

  const committedAt = Date.now();
  if (COMMIT_SECONDS >= 0) await call('POST', `/v1/companies/${company}/posting-runs/${String(run.id)}/commit`);
  const commitAnsweredSeconds = seconds(committedAt);
  let posted = 0;
  let failed = 0;
  let status = '';
  const deadline = COMMIT_SECONDS === 0 ? Number.POSITIVE_INFINITY : committedAt + Math.max(COMMIT_SECONDS, 0) * 1000;
  while (Date.now() < deadline && status !== 'COMPLETED') {
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    const current = await call('GET', `/v1/companies/${company}/posting-runs/${String(run.id)}`);
    posted = Number(current.postedCount);
    failed = Number(current.failedCount);
    status = String(current.status);
  }
  const commitSeconds = seconds(committedAt);

  log('');
  log('Ledgerline posting-run benchmark (every service, Kafka and Postgres on this machine)');
  log(`  documents selected:           ${report.documentCount} (${report.postableCount} postable, ${report.blockedCount} blocked)`);
  const sorted = [...reportSeconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  log(`  report ready in:              ${median.toFixed(2)} s median of ${REPORTS} (${reportSeconds.map((value) => value.toFixed(2)).join(', ')}; target ${REPORT_TARGET_SECONDS} s)`);
  if (COMMIT_SECONDS >= 0) {
    log(`  commit answered in:           ${commitAnsweredSeconds.toFixed(2)} s (unpacks the run's documents into rows first)`);
    log(`  commit, ${status === 'COMPLETED' ? 'whole run' : `first ${commitSeconds.toFixed(0)} s`}:       ${posted} posted, ${failed} failed`);
    log(`  posting throughput of the commit: ${(posted / commitSeconds).toFixed(0)} documents/s`);
  }
  if (report.documentCount !== DOCUMENTS || failed > 0) process.exitCode = 1;
} finally {
  await invoicingDatabase.end();
  await system.stop();
  await Promise.all(DATA_SERVICES.map((service) => dropDatabase(adminUrl, databaseName(options.databasePrefix, service))));
}
