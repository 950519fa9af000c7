/**
 * The posting hot path in raw SQL: PostJournals handles up to 1,000 journals per call, so every
 * statement here is one round trip for the whole batch (arrays through unnest), never one per row.
 * NUMERIC values are read as text: the pg adapter would otherwise hand them over as binary floats.
 */
import { prismaSql } from '@ledgerline/db';
import type { RoundingMode } from '@ledgerline/money';
import type { LedgerTransaction } from './client.js';

type Sql = Pick<LedgerTransaction, '$queryRawUnsafe' | '$executeRawUnsafe'>;

// Through the shared executor, which binds each array as one literal: here they carry a batch's
// thousands of values.
function run(sql: Sql, text: string, ...values: unknown[]): Promise<number> {
  return prismaSql(sql).execute(text, values);
}

function read<Row>(sql: Sql, text: string, ...values: unknown[]): Promise<Row[]> {
  return prismaSql(sql).query<Row>(text, values);
}

export type SequenceKind = 'TRANSACTION' | 'DOCUMENT';

export interface SequenceKey {
  kind: SequenceKind;
  name: string;
}

export interface StoredEntry {
  entryId: string;
  companyId: string;
  journal: string;
  transactionNumber: bigint;
  date: string;
  period: string;
  sourceId: string;
  sourceType: string;
  currency: string;
  documentNumber: string | null;
  description: string;
  postedAt: Date;
  /** For an income-schedule entry, the source whose deferred line it recognises. */
  originSourceId: string | null;
}

export interface StoredLine {
  entryId: string;
  lineNumber: number;
  account: string;
  amount: string;
  homeAmount: string;
  reportingAmount: string;
  description: string;
  customerId: string | null;
  correction: boolean;
  /** The income schedule of a deferred line as JSON text ({revenueAccount, startDate, periods}), else null. */
  incomeSchedule: string | null;
}

export interface NewEntry extends StoredEntry {
  homeRate: string | null;
  reportingRate: string | null;
}

export interface NewLine extends StoredLine {}

const ENTRY_COLUMNS = `e.entry_id::text AS "entryId", e.company_id AS "companyId", e.journal::text AS journal,
  e.transaction_number AS "transactionNumber", to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.period,
  e.source_id AS "sourceId", e.source_type::text AS "sourceType", e.currency, e.document_number AS "documentNumber",
  e.description, e.posted_at AS "postedAt", e.origin_source_id AS "originSourceId"`;

const LINE_COLUMNS = `l.entry_id::text AS "entryId", l.line_number AS "lineNumber", l.account, l.amount::text AS amount,
  l.home_amount::text AS "homeAmount", l.reporting_amount::text AS "reportingAmount", l.description,
  l.customer_id AS "customerId", l.correction, l.income_schedule::text AS "incomeSchedule"`;

/**
 * Creates missing sequence rows at 0 in their own short statement, outside the posting
 * transaction: an unused row is no gap, and the posting transaction then only ever locks rows that
 * exist, always in the same order, so concurrent postings cannot deadlock on them.
 */
export async function ensureSequences(sql: Sql, companyId: string, keys: readonly SequenceKey[]): Promise<void> {
  if (keys.length === 0) return;
  const sorted = [...keys].sort(compareKeys);
  await run(
    sql,
    `INSERT INTO number_sequence (company_id, kind, name, last_value)
     SELECT $1, k.kind::number_sequence_kind, k.name, 0 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS k(kind, name, ord)
     ORDER BY k.ord
     ON CONFLICT DO NOTHING`,
    companyId,
    sorted.map((key) => key.kind),
    sorted.map((key) => key.name),
  );
}

function compareKeys(a: SequenceKey, b: SequenceKey): number {
  return a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind === 'TRANSACTION' ? -1 : 1;
}

/**
 * Locks the sequence rows FOR UPDATE in a fixed order (kind, then name) and returns their last
 * values. Every posting for a company and journal serialises here until it commits or rolls back.
 */
export async function lockSequences(sql: Sql, companyId: string, keys: readonly SequenceKey[]): Promise<Map<string, bigint>> {
  const rows = await read<{ kind: SequenceKind; name: string; lastValue: bigint }>(
    sql,
    `SELECT s.kind::text AS kind, s.name, s.last_value AS "lastValue" FROM number_sequence s
     JOIN unnest($2::text[], $3::text[]) AS k(kind, name) ON s.kind = k.kind::number_sequence_kind AND s.name = k.name
     WHERE s.company_id = $1
     ORDER BY s.kind, s.name
     FOR UPDATE OF s`,
    companyId,
    keys.map((key) => key.kind),
    keys.map((key) => key.name),
  );
  return new Map(rows.map((row) => [sequenceId(row), BigInt(row.lastValue)]));
}

export function sequenceId(key: SequenceKey): string {
  return `${key.kind}:${key.name}`;
}

export async function updateSequences(sql: Sql, companyId: string, values: ReadonlyMap<string, bigint>): Promise<void> {
  if (values.size === 0) return;
  const entries = [...values.entries()].map(([id, value]) => {
    const separator = id.indexOf(':');
    return { kind: id.slice(0, separator), name: id.slice(separator + 1), value: value.toString() };
  });
  await run(
    sql,
    `UPDATE number_sequence s SET last_value = v.last_value
     FROM unnest($2::text[], $3::text[], $4::bigint[]) AS v(kind, name, last_value)
     WHERE s.company_id = $1 AND s.kind = v.kind::number_sequence_kind AND s.name = v.name`,
    companyId,
    entries.map((entry) => entry.kind),
    entries.map((entry) => entry.name),
    entries.map((entry) => entry.value),
  );
}

export async function findEntriesBySources(sql: Sql, companyId: string, sourceIds: readonly string[]): Promise<StoredEntry[]> {
  if (sourceIds.length === 0) return [];
  return read<StoredEntry>(
    sql,
    `SELECT ${ENTRY_COLUMNS} FROM journal_entry e WHERE e.company_id = $1 AND e.source_id = ANY($2::text[])
     ORDER BY e.posted_at, e.journal, e.transaction_number`,
    companyId,
    sourceIds,
  );
}

/**
 * The entries of one source: its own, then the income-schedule entries of its deferred lines in
 * date order.
 */
export async function findEntriesOfSource(sql: Sql, companyId: string, sourceId: string): Promise<StoredEntry[]> {
  return read<StoredEntry>(
    sql,
    `SELECT ${ENTRY_COLUMNS} FROM journal_entry e
     WHERE e.company_id = $1 AND (e.source_id = $2 OR e.origin_source_id = $2)
     ORDER BY e.origin_source_id IS NOT NULL, e.entry_date, e.journal, e.transaction_number`,
    companyId,
    sourceId,
  );
}

export async function findLines(sql: Sql, entryIds: readonly string[]): Promise<StoredLine[]> {
  if (entryIds.length === 0) return [];
  return read<StoredLine>(
    sql,
    `SELECT ${LINE_COLUMNS} FROM journal_line l WHERE l.entry_id = ANY($1::uuid[]) ORDER BY l.entry_id, l.line_number`,
    entryIds,
  );
}

export interface PostingReferenceData {
  roundingAccount: string | undefined;
  roundingMode: RoundingMode | undefined;
  accounts: Array<{ account: string; control: boolean }>;
}

export async function loadPostingReferences(sql: Sql, companyId: string): Promise<PostingReferenceData> {
  const rows = await read<{ account: string | null; control: boolean; roundingAccount: string | null; roundingMode: RoundingMode | null }>(
    sql,
    `SELECT a.account, a.control, s.rounding_account AS "roundingAccount", s.rounding_mode AS "roundingMode"
     FROM company_settings s LEFT JOIN account a ON a.company_id = s.company_id
     WHERE s.company_id = $1`,
    companyId,
  );
  return {
    roundingAccount: rows[0]?.roundingAccount ?? undefined,
    roundingMode: rows[0]?.roundingMode ?? undefined,
    accounts: rows.flatMap((row) => (row.account === null ? [] : [{ account: row.account, control: row.control }])),
  };
}

/**
 * The company's periods, locked FOR SHARE so that a ClosePeriod waits for postings in flight
 * and no entry can commit into a period after it was closed.
 */
export async function lockPeriods(sql: Sql, companyId: string): Promise<StoredPeriod[]> {
  return read(sql, `${PERIODS_QUERY} FOR SHARE`, companyId);
}

/** The company's periods, read without a lock (a preview takes none). */
export async function readPeriods(sql: Sql, companyId: string): Promise<StoredPeriod[]> {
  return read(sql, PERIODS_QUERY, companyId);
}

export interface StoredPeriod {
  period: string;
  startDate: string;
  endDate: string;
  closed: boolean;
}

const PERIODS_QUERY = `SELECT p.period, to_char(p.start_date, 'YYYY-MM-DD') AS "startDate", to_char(p.end_date, 'YYYY-MM-DD') AS "endDate", p.closed
     FROM fiscal_period p WHERE p.company_id = $1 ORDER BY p.start_date`;

export interface RateQuery {
  from: string;
  to: string;
  date: string;
}

/** For each (from, to, date): the stored rate with the latest valid_from on or before the date. */
export async function findRates(sql: Sql, companyId: string, queries: readonly RateQuery[]): Promise<Array<RateQuery & { rate: string }>> {
  if (queries.length === 0) return [];
  return read(
    sql,
    `SELECT q.from_currency AS "from", q.to_currency AS "to", to_char(q.on_date, 'YYYY-MM-DD') AS date, r.rate::text AS rate
     FROM unnest($2::text[], $3::text[], $4::date[]) AS q(from_currency, to_currency, on_date)
     CROSS JOIN LATERAL (
       SELECT x.rate FROM exchange_rate x
       WHERE x.company_id = $1 AND x.from_currency = q.from_currency AND x.to_currency = q.to_currency AND x.valid_from <= q.on_date
       ORDER BY x.valid_from DESC LIMIT 1
     ) r`,
    companyId,
    queries.map((query) => query.from),
    queries.map((query) => query.to),
    queries.map((query) => query.date),
  );
}

export async function insertEntries(sql: Sql, entries: readonly NewEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await run(
    sql,
    `INSERT INTO journal_entry (entry_id, company_id, journal, transaction_number, entry_date, period, source_id, source_type,
       currency, home_rate, reporting_rate, document_number, description, posted_at, origin_source_id)
     SELECT e.entry_id, e.company_id, e.journal::journal_type, e.transaction_number, e.entry_date, e.period, e.source_id,
       e.source_type::source_type, e.currency, e.home_rate, e.reporting_rate, e.document_number, e.description, e.posted_at,
       e.origin_source_id
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::date[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::numeric[], $11::numeric[], $12::text[], $13::text[], $14::timestamptz[], $15::text[])
       AS e(entry_id, company_id, journal, transaction_number, entry_date, period, source_id, source_type, currency, home_rate,
            reporting_rate, document_number, description, posted_at, origin_source_id)`,
    entries.map((entry) => entry.entryId),
    entries.map((entry) => entry.companyId),
    entries.map((entry) => entry.journal),
    entries.map((entry) => entry.transactionNumber.toString()),
    entries.map((entry) => entry.date),
    entries.map((entry) => entry.period),
    entries.map((entry) => entry.sourceId),
    entries.map((entry) => entry.sourceType),
    entries.map((entry) => entry.currency),
    entries.map((entry) => entry.homeRate),
    entries.map((entry) => entry.reportingRate),
    entries.map((entry) => entry.documentNumber),
    entries.map((entry) => entry.description),
    entries.map((entry) => entry.postedAt.toISOString()),
    entries.map((entry) => entry.originSourceId),
  );
}

export async function insertLines(sql: Sql, companyId: string, lines: readonly NewLine[]): Promise<void> {
  if (lines.length === 0) return;
  await run(
    sql,
    `INSERT INTO journal_line (entry_id, line_number, company_id, account, amount, home_amount, reporting_amount, description,
       customer_id, correction, income_schedule)
     SELECT l.entry_id, l.line_number, $1, l.account, l.amount, l.home_amount, l.reporting_amount, l.description, l.customer_id,
       l.correction, l.income_schedule::jsonb
     FROM unnest($2::uuid[], $3::int[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::text[], $9::text[], $10::boolean[],
       $11::text[])
       AS l(entry_id, line_number, account, amount, home_amount, reporting_amount, description, customer_id, correction, income_schedule)`,
    companyId,
    lines.map((line) => line.entryId),
    lines.map((line) => line.lineNumber),
    lines.map((line) => line.account),
    lines.map((line) => line.amount),
    lines.map((line) => line.homeAmount),
    lines.map((line) => line.reportingAmount),
    lines.map((line) => line.description),
    lines.map((line) => line.customerId),
    lines.map((line) => line.correction),
    lines.map((line) => line.incomeSchedule),
  );
}
