/**
 * `npm run check:invariants`: checks the books against the live databases, read-only, at any
 * time. It reads each service's database directly because an auditor's check must not trust the
 * services' own answers; it changes nothing. Exit 0 when every invariant holds, 1 otherwise.
 *
 *  - every journal entry has two or more lines and sums to zero in document, home and reporting currency;
 *  - transaction numbers are gapless and unique per company and journal, and so are document numbers;
 *  - every deferred line (one with an income schedule) is cleared by exactly its schedule's number
 *    of income-schedule entries, which move back exactly its amount in document, home and
 *    reporting currency;
 *  - every Complete document has exactly one ledger entry, and every invoice entry belongs to a
 *    Complete document (or one whose completion is still on its way, reported separately);
 *  - per customer: open items' remaining amounts minus unapplied payments equal the posted
 *    balance, which equals the customer's share of the A/R control accounts in the ledger (a
 *    posting group may send a customer to an A/R account of its own);
 *  - invoice batches are numbered gaplessly per company, their counters match their details,
 *    no document is held by a deleted batch or by a batch its customer is not in, and every
 *    batched document is a Complete document.
 */
import { databaseUrl } from '@ledgerline/db';
import { ensurePostgres } from '@ledgerline/local-runtime';
import { Decimal } from 'decimal.js';
import pg from 'pg';

const prefix = process.env.LEDGERLINE_DATABASE_PREFIX ?? 'ledgerline';
/** Most violations printed per invariant; the count is always printed in full. */
const VIOLATIONS_SHOWN_MAX = 20;

const adminUrl = process.env.DATABASE_URL ?? (await ensurePostgres()).adminUrl;
const connect = async (service: string) => {
  const client = new pg.Client({ connectionString: databaseUrl(adminUrl, `${prefix}_${service}`) });
  await client.connect();
  // Read-only: this command must never change the books it checks.
  await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
  return client;
};
const ledger = await connect('ledger');
const invoicing = await connect('invoicing');
const customer = await connect('customer');
const batch = await connect('batch');

let failures = 0;
function report(invariant: string, violations: readonly string[]): void {
  if (violations.length === 0) {
    process.stdout.write(`ok    ${invariant}\n`);
    return;
  }
  failures += 1;
  process.stdout.write(`FAIL  ${invariant}: ${violations.length} violation(s)\n`);
  for (const violation of violations.slice(0, VIOLATIONS_SHOWN_MAX)) process.stdout.write(`        ${violation}\n`);
}

try {
  const unbalanced = await ledger.query<{ company_id: string; source_id: string; lines: string; amount: string; home: string; reporting: string }>(
    `SELECT e.company_id, e.source_id, count(*)::text AS lines, sum(l.amount)::text AS amount,
            sum(l.home_amount)::text AS home, sum(l.reporting_amount)::text AS reporting
       FROM journal_entry e JOIN journal_line l ON l.entry_id = e.entry_id
      GROUP BY e.entry_id, e.company_id, e.source_id
     HAVING count(*) < 2 OR sum(l.amount) <> 0 OR sum(l.home_amount) <> 0 OR sum(l.reporting_amount) <> 0`,
  );
  report(
    'every entry has two or more lines and is balanced in document, home and reporting currency',
    unbalanced.rows.map((row) => `${row.company_id}/${row.source_id}: ${row.lines} lines, sums ${row.amount} / ${row.home} / ${row.reporting}`),
  );

  const numbering = await ledger.query<{ company_id: string; journal: string; entries: string; first: string; last: string }>(
    `SELECT company_id, journal::text, count(*)::text AS entries, min(transaction_number)::text AS first, max(transaction_number)::text AS last
       FROM journal_entry GROUP BY company_id, journal
     HAVING count(*) <> max(transaction_number) OR min(transaction_number) <> 1 OR count(DISTINCT transaction_number) <> count(*)`,
  );
  report(
    'transaction numbers are gapless and unique per company and journal',
    numbering.rows.map((row) => `${row.company_id} ${row.journal}: ${row.entries} entries numbered ${row.first}..${row.last}`),
  );

  const documentNumbers = await ledger.query<{ company_id: string; sequence: string; entries: string; last: string }>(
    `SELECT company_id, regexp_replace(document_number, '-[0-9]+$', '') AS sequence, count(*)::text AS entries,
            max(substring(document_number from '[0-9]+$')::bigint)::text AS last
       FROM journal_entry WHERE document_number IS NOT NULL AND document_number <> ''
      GROUP BY 1, 2
     HAVING count(*) <> max(substring(document_number from '[0-9]+$')::bigint)
         OR count(DISTINCT document_number) <> count(*)`,
  );
  report(
    'legal document numbers are gapless and unique per company and sequence',
    documentNumbers.rows.map((row) => `${row.company_id} ${row.sequence}: ${row.entries} numbers, highest ${row.last}`),
  );

  const schedules = await ledger.query<{ company_id: string; source_id: string; line_number: number; periods: string; entries: string; amount: string; home: string; reporting: string }>(
    `SELECT e.company_id, e.source_id, l.line_number, l.income_schedule ->> 'periods' AS periods, count(s.entry_id)::text AS entries,
            (l.amount + coalesce(sum(s.amount), 0))::text AS amount, (l.home_amount + coalesce(sum(s.home_amount), 0))::text AS home,
            (l.reporting_amount + coalesce(sum(s.reporting_amount), 0))::text AS reporting
       FROM journal_entry e JOIN journal_line l ON l.entry_id = e.entry_id AND l.income_schedule IS NOT NULL
       LEFT JOIN (SELECT se.company_id, se.origin_source_id, se.source_id, sl.account, rl.account AS revenue_account, sl.amount,
                         sl.home_amount, sl.reporting_amount, se.entry_id
                    FROM journal_entry se
                    JOIN journal_line sl ON sl.entry_id = se.entry_id AND sl.line_number = 1
                    JOIN journal_line rl ON rl.entry_id = se.entry_id AND rl.line_number = 2
                   WHERE se.source_type = 'INCOME_SCHEDULE') s
         ON s.company_id = e.company_id AND s.origin_source_id = e.source_id
        AND s.source_id LIKE e.entry_id::text || '/' || l.line_number || '/%'
        AND s.account = l.account AND s.revenue_account = l.income_schedule ->> 'revenueAccount'
      GROUP BY e.company_id, e.source_id, l.line_number, l.income_schedule, l.amount, l.home_amount, l.reporting_amount
     HAVING count(s.entry_id) <> (l.income_schedule ->> 'periods')::int OR l.amount + coalesce(sum(s.amount), 0) <> 0
         OR l.home_amount + coalesce(sum(s.home_amount), 0) <> 0 OR l.reporting_amount + coalesce(sum(s.reporting_amount), 0) <> 0`,
  );
  // An income-schedule entry must belong to a deferred line: one without would recognise revenue
  // nothing deferred.
  const strays = await ledger.query<{ company_id: string; source_id: string }>(
    `SELECT se.company_id, se.source_id FROM journal_entry se
      WHERE se.source_type = 'INCOME_SCHEDULE'
        AND NOT EXISTS (SELECT 1 FROM journal_entry e JOIN journal_line l ON l.entry_id = e.entry_id AND l.income_schedule IS NOT NULL
                         WHERE e.company_id = se.company_id AND e.source_id = se.origin_source_id
                           AND se.source_id LIKE e.entry_id::text || '/' || l.line_number || '/%')`,
  );
  report(
    "every deferred line is cleared exactly by its income schedule's entries, each from its deferred to its revenue account",
    [
      ...schedules.rows.map(
        (row) => `${row.company_id}/${row.source_id} line ${row.line_number}: ${row.entries} of ${row.periods} entries, left ${row.amount} / ${row.home} / ${row.reporting}`,
      ),
      ...strays.rows.map((row) => `${row.company_id}/${row.source_id} is an income-schedule entry without a deferred line`),
    ],
  );

  const entries = await ledger.query<{ company_id: string; source_id: string; entry_id: string; count: string }>(
    `SELECT company_id, source_id, min(entry_id::text) AS entry_id, count(*)::text AS count
       FROM journal_entry WHERE source_type = 'INVOICE' GROUP BY company_id, source_id`,
  );
  const documents = await invoicing.query<{ company_id: string; invoice_id: string; status: string; ledger_entry_id: string }>(
    `SELECT company_id, invoice_id, status::text, ledger_entry_id FROM invoice WHERE status IN ('COMPLETE', 'READY_TO_POST')`,
  );
  const entryBySource = new Map(entries.rows.map((row) => [`${row.company_id}/${row.source_id}`, row]));
  const documentByKey = new Map(documents.rows.map((row) => [`${row.company_id}/${row.invoice_id}`, row]));
  const documentViolations: string[] = [];
  for (const document of documents.rows) {
    if (document.status !== 'COMPLETE') continue;
    const entry = entryBySource.get(`${document.company_id}/${document.invoice_id}`);
    if (entry === undefined) documentViolations.push(`${document.company_id}/${document.invoice_id} is Complete without a ledger entry`);
    else if (entry.count !== '1') documentViolations.push(`${document.company_id}/${document.invoice_id} has ${entry.count} entries`);
    else if (entry.entry_id !== document.ledger_entry_id) documentViolations.push(`${document.company_id}/${document.invoice_id} names entry ${document.ledger_entry_id}, the ledger has ${entry.entry_id}`);
  }
  let inFlight = 0;
  for (const [key, entry] of entryBySource) {
    const document = documentByKey.get(key);
    if (document === undefined) documentViolations.push(`entry ${entry.entry_id} posts ${key}, which is neither Complete nor Ready to Post`);
    else if (document.status === 'READY_TO_POST') inFlight += 1;
  }
  report('every Complete document has exactly one ledger entry, and every invoice entry a document', documentViolations);
  if (inFlight > 0) process.stdout.write(`note  ${inFlight} document(s) posted to the ledger and still being completed\n`);

  const receivables = await ledger.query<{ company_id: string; customer_id: string | null; amount: string }>(
    `SELECT l.company_id, l.customer_id, sum(l.amount)::text AS amount
       FROM journal_line l JOIN account a ON a.company_id = l.company_id AND a.account = l.account AND a.control
      GROUP BY l.company_id, l.customer_id`,
  );
  const balances = await customer.query<{ company_id: string; customer_id: string; posted_balance: string; open: string; unapplied: string }>(
    `SELECT c.company_id, c.customer_id, c.posted_balance::text,
            coalesce((SELECT sum(remaining) FROM open_item o WHERE o.company_id = c.company_id AND o.customer_id = c.customer_id), 0)::text AS open,
            coalesce((SELECT sum(unapplied_amount) FROM payment p WHERE p.company_id = c.company_id AND p.customer_id = c.customer_id), 0)::text AS unapplied
       FROM customer c`,
  );
  const receivableByCustomer = new Map(receivables.rows.map((row) => [`${row.company_id}/${row.customer_id ?? ''}`, new Decimal(row.amount)]));
  const balanceViolations: string[] = receivables.rows
    .filter((row) => row.customer_id === null)
    .map((row) => `${row.company_id}: A/R lines without a customer sum to ${row.amount}`);
  for (const row of balances.rows) {
    const key = `${row.company_id}/${row.customer_id}`;
    const posted = new Decimal(row.posted_balance);
    const fromItems = new Decimal(row.open).minus(row.unapplied);
    const fromLedger = receivableByCustomer.get(key) ?? new Decimal(0);
    receivableByCustomer.delete(key);
    if (!fromItems.equals(posted)) balanceViolations.push(`${key}: open items ${row.open} - unapplied ${row.unapplied} <> posted balance ${row.posted_balance}`);
    if (!fromLedger.equals(posted)) balanceViolations.push(`${key}: ledger A/R share ${fromLedger.toFixed()} <> posted balance ${row.posted_balance}`);
  }
  for (const [key, amount] of receivableByCustomer) {
    if (!amount.isZero() && !key.endsWith('/')) balanceViolations.push(`${key}: ledger A/R share ${amount.toFixed()} for a customer the customer service does not know`);
  }
  report('per customer: open items - unapplied payments = posted balance = share of the A/R control accounts', balanceViolations);

  const batchNumbers = await batch.query<{ company_id: string; batches: string; last: string }>(
    `SELECT company_id, count(*)::text AS batches, max(batch_number)::text AS last FROM invoice_batch
      GROUP BY company_id HAVING count(*) <> max(batch_number) OR min(batch_number) <> 1`,
  );
  report(
    'invoice batch numbers are gapless per company (deleted batches keep theirs)',
    batchNumbers.rows.map((row) => `${row.company_id}: ${row.batches} batches numbered up to ${row.last}`),
  );
  const batchDetails = await batch.query<{ company_id: string; batch_id: string; problem: string }>(
    `SELECT b.company_id, b.batch_id,
            format('counts %s customers / %s documents, details %s / %s', b.customer_count, b.document_count, c.customers, d.documents) AS problem
       FROM invoice_batch b
       LEFT JOIN (SELECT company_id, batch_id, count(*) AS customers FROM batch_customer GROUP BY 1, 2) c
              ON c.company_id = b.company_id AND c.batch_id = b.batch_id
       LEFT JOIN (SELECT company_id, batch_id, count(*) AS documents FROM ar_document WHERE batch_id IS NOT NULL GROUP BY 1, 2) d
              ON d.company_id = b.company_id AND d.batch_id = b.batch_id
      WHERE (b.status <> 'DELETED' AND b.customer_count <> coalesce(c.customers, 0)) OR b.document_count <> coalesce(d.documents, 0)
     UNION ALL
     SELECT d.company_id, d.batch_id, format('document %s is held by a %s batch', d.document_id, coalesce(b.status, 'missing'))
       FROM ar_document d LEFT JOIN invoice_batch b ON b.company_id = d.company_id AND b.batch_id = d.batch_id
      WHERE d.batch_id IS NOT NULL AND (b.status IS NULL OR b.status = 'DELETED')
     UNION ALL
     SELECT d.company_id, d.batch_id, format('document %s of customer %s is in a batch without its customer', d.document_id, d.customer_id)
       FROM ar_document d
      WHERE d.batch_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM batch_customer bc WHERE bc.company_id = d.company_id AND bc.batch_id = d.batch_id AND bc.customer_id = d.customer_id)`,
  );
  report(
    'invoice batch counters match their details; documents sit only in live batches with their customer',
    batchDetails.rows.map((row) => `${row.company_id}/${row.batch_id}: ${row.problem}`),
  );
  // The batch service hears of a document from the same event that completes it in invoicing, so
  // a document may be batched while invoicing still shows it Ready to Post; both count as posted.
  const batchedDocuments = await batch.query<{ company_id: string; document_id: string }>(`SELECT company_id, document_id FROM ar_document`);
  const unmatched = batchedDocuments.rows.filter((row) => !documentByKey.has(`${row.company_id}/${row.document_id}`));
  const postedSinceRead = await invoicing.query<{ company_id: string; invoice_id: string }>(
    `SELECT company_id, invoice_id FROM invoice
      WHERE (company_id, invoice_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND status IN ('COMPLETE', 'READY_TO_POST')`,
    [unmatched.map((row) => row.company_id), unmatched.map((row) => row.document_id)],
  );
  const posted = new Set(postedSinceRead.rows.map((row) => `${row.company_id}/${row.invoice_id}`));
  report(
    'every A/R document the batch service holds is a posted document',
    unmatched.filter((row) => !posted.has(`${row.company_id}/${row.document_id}`)).map((row) => `${row.company_id}/${row.document_id}`),
  );
} finally {
  await Promise.all([ledger.end(), invoicing.end(), customer.end(), batch.end()]);
}

if (failures > 0) {
  process.stdout.write(`${failures} invariant(s) broken\n`);
  process.exit(1);
}
process.stdout.write('all invariants hold\n');
