import { createHash } from 'node:crypto';
import { isIsoDate } from '@ledgerline/calendar';
import {
  advanceRecurring,
  claimRecurring,
  dueRecurring,
  findRecurring,
  insertRecurring,
  releaseRecurring,
  type RecurringKey,
  type RecurringRecord,
} from '../db/recurring-runs.js';
import type { CreditCheckMode } from '../domain/blockers.js';
import { postingError, type PostingError } from '../domain/posting-document.js';
import { advanceInstant, occurrenceSelection, type RecurrenceIncrement } from '../domain/recurrence.js';
import { commitPostingRun, createPostingRun, type CommitsInProgress, type PostingRunContext, type RunSelection } from './posting-runs.js';
import { draftNumberRangeErrors } from './draft-number-range.js';

/** How long one occurrence may hold its recurring run before another replica may take over. */
export const RECURRING_LEASE_MS = 10 * 60_000;
/** Recurring runs started per scheduler tick. */
export const RECURRING_DUE_BATCH = 10;
/** Longest posting-run id (common/v1 ids). */
const RUN_ID_LENGTH_MAX = 64;

export interface CreateRecurringRequest extends RecurringKey {
  selection: RunSelection;
  increment: RecurrenceIncrement;
  firstRunAt: Date;
  creditCheckMode: CreditCheckMode;
  creditCorrection: boolean;
  description: string;
}

export type RecurringOutcome = { ok: true; value: RecurringRecord } | { ok: false; errors: PostingError[] };

const rejected = (code: string, message: string, fieldPath = ''): RecurringOutcome => ({ ok: false, errors: [postingError(code, message, fieldPath)] });

/** Saves a recurring run; idempotent by id (the same request answers it, another is a CONFLICT). */
export async function createRecurringRun(context: PostingRunContext, request: CreateRecurringRequest): Promise<RecurringOutcome> {
  for (const [date, path] of [
    [request.selection.invoiceDateFrom, 'selection.invoiceDateFrom'],
    [request.selection.invoiceDateTo, 'selection.invoiceDateTo'],
    [request.selection.dueDateFrom, 'selection.dueDateFrom'],
    [request.selection.dueDateTo, 'selection.dueDateTo'],
  ] as const) {
    if (date !== '' && !isIsoDate(date)) return rejected('VALIDATION_FAILED', `"${date}" is not a YYYY-MM-DD date`, path);
  }
  const [numberRangeError] = draftNumberRangeErrors(request.selection.numberFrom, request.selection.numberTo, 'selection.number');
  if (numberRangeError !== undefined) return { ok: false, errors: [numberRangeError] };
  if (Number.isNaN(request.firstRunAt.getTime())) return rejected('VALIDATION_FAILED', 'firstRunAt is not an instant', 'firstRunAt');
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([request.selection, request.increment, request.firstRunAt.toISOString(), request.creditCheckMode, request.creditCorrection, request.description]))
    .digest('hex');
  await insertRecurring(context.database.prisma, { ...request, requestFingerprint: fingerprint });
  const stored = await findRecurring(context.database.prisma, request);
  if (stored === undefined) throw new Error(`recurring posting run ${request.recurringRunId} vanished after it was stored`);
  if (stored.requestFingerprint !== fingerprint) {
    return rejected('CONFLICT', `recurring posting run ${request.recurringRunId} exists with other content; use a new id`, 'id');
  }
  return { ok: true, value: stored };
}

export function getRecurringRun(context: PostingRunContext, key: RecurringKey): Promise<RecurringRecord | undefined> {
  return findRecurring(context.database.prisma, key);
}

/** The posting run of an occurrence: derived from the recurring run, so a retried occurrence finds its run again. */
export function occurrenceRunId(recurringRunId: string, occurrence: number): string {
  const readable = `${recurringRunId}.${occurrence + 1}`;
  if (readable.length <= RUN_ID_LENGTH_MAX) return readable;
  return `recurring-${createHash('sha256').update(recurringRunId).digest('hex').slice(0, 32)}.${occurrence + 1}`;
}

/**
 * Runs the next occurrence [002]: its posting run (the selection with dates moved on) is created
 * and committed, then the schedule moves one increment on. Everything keyed by the occurrence's
 * number, so running it again after an interruption finds the same run and resumes its commit;
 * and since a posted document is no longer In Progress, no later occurrence selects it again.
 */
export async function runOccurrence(context: PostingRunContext, commits: CommitsInProgress, key: RecurringKey, dueOnly: boolean): Promise<RecurringOutcome> {
  const claimed = await claimRecurring(context.database.prisma, key, RECURRING_LEASE_MS, dueOnly);
  if (claimed === undefined) {
    const exists = await findRecurring(context.database.prisma, key);
    if (exists === undefined) return rejected('NOT_FOUND', `recurring posting run ${key.recurringRunId} does not exist`);
    return rejected('INVALID_STATE', dueOnly ? 'the next occurrence is not due yet or is running' : 'an occurrence of this recurring run is running now; try again later');
  }
  try {
    const occurrence = claimed.occurrences;
    const postingRunId = occurrenceRunId(claimed.recurringRunId, occurrence);
    const created = await createPostingRun(context, {
      companyId: claimed.companyId,
      postingRunId,
      selection: occurrenceSelection(claimed.selection as RunSelection, claimed.increment, occurrence),
      creditCheckMode: claimed.creditCheckMode as CreditCheckMode,
      creditCorrection: claimed.creditCorrection,
      description: `${claimed.description} (occurrence ${occurrence + 1})`.trim(),
      omitDocuments: true,
    });
    const nothingSelected = !created.ok && created.errors.every((error) => error.code === 'NOTHING_SELECTED');
    if (!created.ok && !nothingSelected) {
      await releaseRecurring(context.database.prisma, key);
      return { ok: false, errors: created.errors };
    }
    if (created.ok) {
      const committed = await commitPostingRun(context, { companyId: claimed.companyId, postingRunId }, commits);
      // A run with nothing postable cannot be committed: its report says why, and the schedule moves on.
      if (!committed.ok && !committed.errors.every((error) => error.code === 'INVALID_STATE')) {
        await releaseRecurring(context.database.prisma, key);
        return { ok: false, errors: committed.errors };
      }
    }
    await advanceRecurring(context.database.prisma, key, occurrence, advanceInstant(claimed.firstRunAt, claimed.increment, occurrence + 1), created.ok ? postingRunId : undefined);
  } catch (error) {
    await releaseRecurring(context.database.prisma, key);
    throw error;
  }
  const after = await findRecurring(context.database.prisma, key);
  if (after === undefined) throw new Error(`recurring posting run ${key.recurringRunId} vanished during an occurrence`);
  return { ok: true, value: after };
}

/** Runs due occurrences every `pollMs`, one at a time; a missed schedule catches up one occurrence per tick. */
export class RecurringScheduler {
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: PostingRunContext,
    private readonly commits: CommitsInProgress,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.tick = this.tick.then(() => this.runDue());
    }, this.pollMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.tick;
  }

  private async runDue(): Promise<void> {
    try {
      for (const key of await dueRecurring(this.context.database.prisma, RECURRING_DUE_BATCH)) {
        const outcome = await runOccurrence(this.context, this.commits, key, true);
        if (!outcome.ok) this.context.logger.warn({ ...key, errors: outcome.errors }, 'a due recurring posting run did not run');
      }
    } catch (error) {
      this.context.logger.error({ err: error }, 'recurring posting runs could not be run; the next tick tries again');
    }
  }
}
