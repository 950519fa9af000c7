import { prismaSql } from '@ledgerline/db';
import type { RecurrenceIncrement } from '../domain/recurrence.js';
import type { PostingDatabase } from './client.js';

export interface RecurringKey {
  companyId: string;
  recurringRunId: string;
}

export interface RecurringRecord extends RecurringKey {
  selection: unknown;
  increment: RecurrenceIncrement;
  creditCheckMode: string;
  creditCorrection: boolean;
  description: string;
  requestFingerprint: string;
  firstRunAt: Date;
  occurrences: number;
  nextRunAt: Date;
  postingRunIds: string[];
  createdAt: Date;
}

interface RecurringRow {
  company_id: string;
  recurring_run_id: string;
  selection: unknown;
  increment: RecurrenceIncrement;
  credit_check_mode: string;
  credit_correction: boolean;
  description: string;
  request_fingerprint: string;
  first_run_at: Date;
  occurrences: number;
  next_run_at: Date;
  posting_run_ids: string[];
  created_at: Date;
}

type Reader = PostingDatabase['prisma'];

function toRecord(row: RecurringRow): RecurringRecord {
  return {
    companyId: row.company_id,
    recurringRunId: row.recurring_run_id,
    selection: row.selection,
    increment: row.increment,
    creditCheckMode: row.credit_check_mode,
    creditCorrection: row.credit_correction,
    description: row.description,
    requestFingerprint: row.request_fingerprint,
    firstRunAt: new Date(row.first_run_at),
    occurrences: row.occurrences,
    nextRunAt: new Date(row.next_run_at),
    postingRunIds: row.posting_run_ids,
    createdAt: new Date(row.created_at),
  };
}

/** Stores a new recurring run; false when its id is taken. */
export async function insertRecurring(
  db: Reader,
  record: Omit<RecurringRecord, 'occurrences' | 'nextRunAt' | 'postingRunIds' | 'createdAt'>,
): Promise<boolean> {
  const inserted = await prismaSql(db).execute(
    `INSERT INTO recurring_posting_run (company_id, recurring_run_id, selection, increment, credit_check_mode, credit_correction, description,
                                        request_fingerprint, first_run_at, next_run_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (company_id, recurring_run_id) DO NOTHING`,
    [
      record.companyId,
      record.recurringRunId,
      JSON.stringify(record.selection),
      record.increment,
      record.creditCheckMode,
      record.creditCorrection,
      record.description,
      record.requestFingerprint,
      record.firstRunAt.toISOString(),
    ],
  );
  return inserted === 1;
}

export async function findRecurring(db: Reader, key: RecurringKey): Promise<RecurringRecord | undefined> {
  const [row] = await prismaSql(db).query<RecurringRow>(`SELECT * FROM recurring_posting_run WHERE company_id = $1 AND recurring_run_id = $2`, [
    key.companyId,
    key.recurringRunId,
  ]);
  return row === undefined ? undefined : toRecord(row);
}

/**
 * Takes the lease of a recurring run for `leaseMs` unless another holder's lease is still
 * running; `dueOnly` takes it only when its next occurrence is due. Undefined = not taken.
 */
export async function claimRecurring(db: Reader, key: RecurringKey, leaseMs: number, dueOnly: boolean): Promise<RecurringRecord | undefined> {
  const [row] = await prismaSql(db).query<RecurringRow>(
    `UPDATE recurring_posting_run SET claimed_until = now() + ($3::int * interval '1 millisecond')
      WHERE company_id = $1 AND recurring_run_id = $2 AND (claimed_until IS NULL OR claimed_until < now())
        AND (NOT $4::boolean OR next_run_at <= now())
     RETURNING *`,
    [key.companyId, key.recurringRunId, leaseMs, dueOnly],
  );
  return row === undefined ? undefined : toRecord(row);
}

/** Records occurrence `occurrence` as done, moves the schedule on and gives the lease back. */
export async function advanceRecurring(db: Reader, key: RecurringKey, occurrence: number, nextRunAt: Date, postingRunId: string | undefined): Promise<void> {
  await prismaSql(db).execute(
    `UPDATE recurring_posting_run
        SET occurrences = $3 + 1, next_run_at = $4,
            posting_run_ids = CASE WHEN $5::text IS NULL OR $5::text = ANY(posting_run_ids) THEN posting_run_ids ELSE posting_run_ids || $5::text END,
            claimed_until = NULL
      WHERE company_id = $1 AND recurring_run_id = $2 AND occurrences = $3`,
    [key.companyId, key.recurringRunId, occurrence, nextRunAt.toISOString(), postingRunId ?? null],
  );
}

export async function releaseRecurring(db: Reader, key: RecurringKey): Promise<void> {
  await prismaSql(db).execute(`UPDATE recurring_posting_run SET claimed_until = NULL WHERE company_id = $1 AND recurring_run_id = $2`, [
    key.companyId,
    key.recurringRunId,
  ]);
}

/** Recurring runs whose next occurrence is due and whose lease is free. */
export async function dueRecurring(db: Reader, limit: number): Promise<RecurringKey[]> {
  const rows = await prismaSql(db).query<{ company_id: string; recurring_run_id: string }>(
    `SELECT company_id, recurring_run_id FROM recurring_posting_run
      WHERE next_run_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
      ORDER BY next_run_at LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({ companyId: row.company_id, recurringRunId: row.recurring_run_id }));
}
