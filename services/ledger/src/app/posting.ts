import { randomUUID } from 'node:crypto';
import type { Decimal } from 'decimal.js';
import { DEFAULT_ROUNDING_MODE, formatAmount, money } from '@ledgerline/money';
import { formatDocumentNumber } from '../domain/identifiers.js';
import { scheduleDescription, scheduleSourceId, type IncomeSchedule, type ScheduleEntryDraft, type ScheduleLine } from '../domain/income-schedule.js';
import { chainRefusals } from '../domain/linked-chains.js';
import {
  buildEntry,
  parseJournal,
  sourceTakenByOtherKind,
  ratesNeeded,
  type CompanyCurrencies,
  type DraftLine,
  type EntryDraft,
  type JournalInput,
  type JournalKind,
  type JournalLimits,
  type LedgerContext,
  type ParsedJournal,
  type SourceKind,
} from '../domain/journal.js';
import { ErrorCode, invalid, type BusinessError, type Outcome } from '../domain/outcome.js';
import type { LedgerDatabase, LedgerTransaction } from '../db/client.js';
import {
  ensureSequences,
  findEntriesBySources,
  findLines,
  findRates,
  insertEntries,
  insertLines,
  lockPeriods,
  lockSequences,
  loadPostingReferences,
  readPeriods,
  sequenceId,
  updateSequences,
  type NewEntry,
  type NewLine,
  type RateQuery,
  type SequenceKey,
  type StoredEntry,
  type StoredLine,
  type StoredPeriod,
} from '../db/journal-store.js';
import { isRetryableConflict } from './errors.js';
import { INCOME_SCHEDULE_ENTRIES_PER_DOCUMENT_MAX, INCOME_SCHEDULE_PERIODS_MAX, POSTING_ATTEMPTS_MAX } from './limits.js';
import type { JournalEntryView, JournalLineView, JournalPreviewView, JournalResultView } from './views.js';

/**
 * Companies whose currencies are cached. Home and reporting currency never change once a company
 * exists, so the cache cannot go stale; the cap only bounds memory in a huge installation.
 */
const COMPANY_CACHE_MAX = 10_000;

interface Company extends CompanyCurrencies {
  companyId: string;
}

export function postingUseCases(database: LedgerDatabase) {
  const { prisma, store } = database;
  const companies = new Map<string, Company>();
  /** Sequence rows known to exist ("company|kind:name"); rows are never deleted. */
  const ensured = new Set<string>();

  async function companyOf(companyId: string): Promise<Company | undefined> {
    const cached = companies.get(companyId);
    if (cached !== undefined) return cached;
    const row = await prisma.company.findUnique({
      where: { companyId },
      select: { companyId: true, homeCurrency: true, reportingCurrency: true },
    });
    if (row === null) return undefined;
    if (companies.size >= COMPANY_CACHE_MAX) companies.clear();
    companies.set(companyId, row);
    return row;
  }

  async function ensure(companyId: string, keys: readonly SequenceKey[]): Promise<void> {
    const missing = keys.filter((key) => !ensured.has(`${companyId}|${sequenceId(key)}`));
    if (missing.length === 0) return;
    await ensureSequences(prisma, companyId, missing);
    for (const key of missing) ensured.add(`${companyId}|${sequenceId(key)}`);
  }

  return {
    /**
     * Posts every journal of the call in one database transaction. Each journal is accepted or
     * rejected on its own, except that a linked chain is accepted or rejected whole; numbers go
     * only to accepted journals, in request order, under the sequence locks, so a rejected
     * journal or a rolled-back call leaves no gap.
     */
    async postJournals(companyId: string, journals: readonly JournalInput[]): Promise<JournalResultView[]> {
      if (journals.length === 0) return [];
      const company = await companyOf(companyId);
      if (company === undefined) return companyMissing(companyId, journals);
      const parsed = parseAll(journals, company);
      const keys = sequenceKeys(parsed);
      await ensure(companyId, keys);
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await store.transaction((tx) => postInTransaction(tx, company, journals, parsed, keys));
        } catch (error) {
          // A deadlock victim, or a source posted concurrently in another journal: the retry sees
          // the committed state and answers it (a replay), so the caller never sees the race.
          if (attempt >= POSTING_ATTEMPTS_MAX || !isRetryableConflict(error)) throw error;
        }
      }
    },

    /**
     * Answers what postJournals would answer now, writing nothing: the lines each journal would
     * post (the same parsing, conversion and rounding), the lines of a source already posted, or
     * the rejection. One read-only snapshot serves the whole call; no lock is taken, so a period
     * closed or a rate entered right after may still change what the posting itself answers.
     */
    async previewJournals(companyId: string, journals: readonly JournalInput[]): Promise<JournalPreviewView[]> {
      if (journals.length === 0) return [];
      const company = await companyOf(companyId);
      if (company === undefined) return companyMissing(companyId, journals);
      const parsed = parseAll(journals, company);
      return store.transaction((tx) => previewInTransaction(tx, company, journals, parsed));
    },
  };
}

async function previewInTransaction(
  tx: LedgerTransaction,
  company: Company,
  journals: readonly JournalInput[],
  parsed: readonly Outcome<ParsedJournal>[],
): Promise<JournalPreviewView[]> {
  // One snapshot for every read of the call, and a guarantee that a preview writes nothing.
  await tx.$executeRawUnsafe('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  const sourceIds = journals.map((journal) => journal.sourceId).filter((id) => id !== '');
  const existing = await entriesBySource(tx, company.companyId, sourceIds);
  const { builds } = await buildEntries(tx, company, parsed, existing, readPeriods);
  const postedLines = groupLines(await findLines(tx, [...existing.values()].map((entry) => entry.entryId)));
  return verdictsOf(journals, parsed, existing, builds).map((verdict, index): JournalPreviewView => {
    const sourceId = (journals[index] as JournalInput).sourceId;
    switch (verdict.kind) {
      case 'replay':
        return { sourceId, ok: true, posted: true, period: verdict.entry.period, lines: storedEntryView(verdict.entry, postedLines.get(verdict.entry.entryId) ?? [], company).lines };
      case 'refused':
        return { sourceId, ok: false, errors: verdict.errors };
      case 'build':
        return { sourceId, ok: true, posted: false, period: verdict.draft.period, lines: draftLineViews(verdict.draft, verdict.journal.currency, company) };
    }
  });
}

/** What a journal of a call comes to: its source's earlier entry, a refusal, or an entry to post. */
type Verdict =
  | { kind: 'replay'; entry: StoredEntry }
  | { kind: 'refused'; errors: BusinessError[] }
  | { kind: 'build'; journal: ParsedJournal; draft: EntryDraft };

/**
 * Each journal's verdict, linked chains made atomic (domain/linked-chains.ts): a member that
 * would post is refused when its chain is broken, and a source posted before is refused when it
 * comes in a chain with new ones. A source posted before as another kind of source (an invoice
 * id reused as a payment id) is refused, not replayed.
 */
function verdictsOf(
  journals: readonly JournalInput[],
  parsed: readonly Outcome<ParsedJournal>[],
  existing: ReadonlyMap<string, StoredEntry>,
  builds: ReadonlyMap<ParsedJournal, Outcome<EntryDraft>>,
): Verdict[] {
  const verdicts = journals.map((journal, index): Verdict => {
    const replay = existing.get(journal.sourceId);
    if (replay !== undefined && journal.sourceType !== undefined && replay.sourceType !== journal.sourceType) {
      return { kind: 'refused', errors: [sourceTakenByOtherKind(prefixOf(index), journal.sourceId, replay.sourceType, journal.sourceType)] };
    }
    if (replay !== undefined) return { kind: 'replay', entry: replay };
    const outcome = parsed[index] as Outcome<ParsedJournal>;
    if (!outcome.ok) return { kind: 'refused', errors: outcome.errors };
    const draft = builds.get(outcome.value) as Outcome<EntryDraft>;
    if (!draft.ok) return { kind: 'refused', errors: draft.errors };
    return { kind: 'build', journal: outcome.value, draft: draft.value };
  });
  const refusals = chainRefusals(
    journals.map((journal, index) => {
      const kind = (verdicts[index] as Verdict).kind;
      return { linked: journal.linked, accepted: kind !== 'refused', replayed: kind === 'replay' };
    }),
    prefixOf,
  );
  return verdicts.map((verdict, index) => {
    const reasons = refusals.get(index);
    if (reasons === undefined) return verdict;
    return { kind: 'refused', errors: verdict.kind === 'refused' ? [...verdict.errors, ...reasons] : reasons };
  });
}

/** Every journal of a call for an unknown company is rejected the same way. */
function companyMissing(companyId: string, journals: readonly JournalInput[]): Array<{ sourceId: string; ok: false; errors: BusinessError[] }> {
  const error: BusinessError = { code: ErrorCode.NOT_FOUND, message: `company ${companyId} does not exist`, fieldPath: 'companyId' };
  return journals.map((journal) => ({ sourceId: journal.sourceId, ok: false, errors: [error] }));
}

function prefixOf(index: number): string {
  return `journals[${index}]`;
}

const JOURNAL_LIMITS: JournalLimits = {
  incomeSchedulePeriodsMax: INCOME_SCHEDULE_PERIODS_MAX,
  incomeScheduleEntriesMax: INCOME_SCHEDULE_ENTRIES_PER_DOCUMENT_MAX,
};

function parseAll(journals: readonly JournalInput[], company: Company): Outcome<ParsedJournal>[] {
  const seen = new Set<string>();
  return journals.map((journal, index) => {
    if (seen.has(journal.sourceId)) {
      return { ok: false, errors: [invalid(`${prefixOf(index)}.sourceId`, `sourceId ${journal.sourceId} appears more than once in the call`)] };
    }
    seen.add(journal.sourceId);
    return parseJournal(journal, prefixOf(index), company, JOURNAL_LIMITS);
  });
}

/** Income-schedule entries are numbered in their own journal's sequence. */
const SCHEDULE_SEQUENCE: SequenceKey = { kind: 'TRANSACTION', name: 'INCOME_SCHEDULE' };

function sequenceKeys(parsed: readonly Outcome<ParsedJournal>[]): SequenceKey[] {
  const keys = new Map<string, SequenceKey>();
  for (const outcome of parsed) {
    if (!outcome.ok) continue;
    const transaction: SequenceKey = { kind: 'TRANSACTION', name: outcome.value.journal };
    keys.set(sequenceId(transaction), transaction);
    const sequence = outcome.value.documentNumberSequence;
    if (sequence !== undefined) keys.set(sequenceId({ kind: 'DOCUMENT', name: sequence }), { kind: 'DOCUMENT', name: sequence });
    if (outcome.value.lines.some((line) => line.incomeSchedule !== undefined)) keys.set(sequenceId(SCHEDULE_SEQUENCE), SCHEDULE_SEQUENCE);
  }
  return [...keys.values()];
}

async function postInTransaction(
  tx: LedgerTransaction,
  company: Company,
  journals: readonly JournalInput[],
  parsed: readonly Outcome<ParsedJournal>[],
  keys: readonly SequenceKey[],
): Promise<JournalResultView[]> {
  const { companyId } = company;
  const sourceIds = journals.map((journal) => journal.sourceId).filter((id) => id !== '');
  const postedBefore = await entriesBySource(tx, companyId, sourceIds);
  // Entries are built before the sequence locks, which make a company's postings take turns:
  // the turn then holds only numbering, the inserts and the commit, not the reads and the
  // conversion. Accounts and rates are read unlocked, as they always were.
  const built = await buildEntries(tx, company, parsed, postedBefore, readPeriods);
  const counters = keys.length === 0 ? new Map<string, bigint>() : await lockSequences(tx, companyId, keys);
  // Only under the locks is "not yet posted" true until this transaction commits: a source
  // another call posted since the first look is a replay, and what was built for it is dropped.
  const postedSince = await entriesBySource(tx, companyId, sourceIds.filter((id) => !postedBefore.has(id)));
  const existing = new Map([...postedBefore, ...postedSince]);
  const builds = await underPeriodLocks(tx, company, parsed, existing, built);

  const postedAt = new Date();
  const newEntries: NewEntry[] = [];
  const newLines: NewLine[] = [];
  const changed = new Map<string, bigint>();
  const next = (key: SequenceKey): bigint => {
    const id = sequenceId(key);
    const value = (changed.get(id) ?? counters.get(id) ?? 0n) + 1n;
    changed.set(id, value);
    return value;
  };

  const results = verdictsOf(journals, parsed, existing, builds).map((verdict, index): JournalResultView | { replayOf: StoredEntry } => {
    const sourceId = (journals[index] as JournalInput).sourceId;
    switch (verdict.kind) {
      case 'replay':
        return { replayOf: verdict.entry };
      case 'refused':
        return { sourceId, ok: false, errors: verdict.errors };
      case 'build': {
        const entry = newEntry(company, verdict.journal, verdict.draft, postedAt, next);
        newEntries.push(entry.row);
        newLines.push(...entry.lines);
        for (const schedule of verdict.draft.schedules) {
          const scheduled = newScheduleEntry(entry.row, schedule, postedAt, next);
          newEntries.push(scheduled.row);
          newLines.push(...scheduled.lines);
        }
        return { sourceId, ok: true, entry: entry.view, replayed: false };
      }
    }
  });

  await insertEntries(tx, newEntries);
  await insertLines(tx, companyId, newLines);
  await updateSequences(tx, companyId, changed);

  const replays = [...new Set(results.flatMap((result) => ('replayOf' in result ? [result.replayOf] : [])))];
  const replayLines = groupLines(await findLines(tx, replays.map((entry) => entry.entryId)));
  return results.map((result) =>
    'replayOf' in result
      ? { sourceId: result.replayOf.sourceId, ok: true, entry: storedEntryView(result.replayOf, replayLines.get(result.replayOf.entryId) ?? [], company), replayed: true }
      : result,
  );
}

/**
 * The builds as they stand once the company's periods are locked FOR SHARE, which happens inside
 * the turn: a ClosePeriod then waits for the posting that holds the turn, not for every posting
 * queued behind it holding the periods too, and no entry commits into a period closed meanwhile.
 * Should the periods have changed since the build (one closed, a year opened), every entry is
 * built again against the periods now locked.
 */
async function underPeriodLocks(
  tx: LedgerTransaction,
  company: Company,
  parsed: readonly Outcome<ParsedJournal>[],
  existing: ReadonlyMap<string, StoredEntry>,
  built: Built,
): Promise<Map<ParsedJournal, Outcome<EntryDraft>>> {
  if (built.periods === undefined) return built.builds;
  const locked = await lockPeriods(tx, company.companyId);
  if (samePeriods(built.periods, locked)) return built.builds;
  return (await buildEntries(tx, company, parsed, existing, async () => locked)).builds;
}

function samePeriods(a: readonly StoredPeriod[], b: readonly StoredPeriod[]): boolean {
  return (
    a.length === b.length &&
    a.every((period, index) => {
      const other = b[index];
      return (
        other !== undefined &&
        period.period === other.period &&
        period.startDate === other.startDate &&
        period.endDate === other.endDate &&
        period.closed === other.closed
      );
    })
  );
}

async function entriesBySource(tx: LedgerTransaction, companyId: string, sourceIds: readonly string[]): Promise<Map<string, StoredEntry>> {
  return new Map((await findEntriesBySources(tx, companyId, sourceIds)).map((entry) => [entry.sourceId, entry]));
}

/** Entries built for a call, and the periods they were built against (none read when nothing was built). */
interface Built {
  builds: Map<ParsedJournal, Outcome<EntryDraft>>;
  periods: readonly StoredPeriod[] | undefined;
}

/**
 * Builds, against the ledger's current accounts, periods and rates, each parsed journal whose
 * source has no entry yet (nothing read when there is no such journal). `periodsOf` reads the
 * periods, locking them or not.
 */
async function buildEntries(
  tx: LedgerTransaction,
  company: Company,
  parsed: readonly Outcome<ParsedJournal>[],
  existing: ReadonlyMap<string, StoredEntry>,
  periodsOf: (tx: LedgerTransaction, companyId: string) => Promise<readonly StoredPeriod[]>,
): Promise<Built> {
  const builds = new Map<ParsedJournal, Outcome<EntryDraft>>();
  const toBuild = parsed.flatMap((outcome) => (outcome.ok && !existing.has(outcome.value.sourceId) ? [outcome.value] : []));
  if (toBuild.length === 0) return { builds, periods: undefined };
  const references = await loadPostingReferences(tx, company.companyId);
  const periods = await periodsOf(tx, company.companyId);
  const context: LedgerContext = {
    homeCurrency: company.homeCurrency,
    reportingCurrency: company.reportingCurrency,
    roundingAccount: references.roundingAccount ?? '',
    roundingMode: references.roundingMode ?? DEFAULT_ROUNDING_MODE,
    accounts: new Map(references.accounts.map((account) => [account.account, account])),
    periods,
    rates: await loadRateBook(tx, company.companyId, toBuild, company),
  };
  parsed.forEach((outcome, index) => {
    if (outcome.ok && !existing.has(outcome.value.sourceId)) builds.set(outcome.value, buildEntry(outcome.value, prefixOf(index), context));
  });
  return { builds, periods };
}

/** Looks up, in one query, every rate the journals may need on their dates, in both directions. */
async function loadRateBook(tx: LedgerTransaction, companyId: string, journals: readonly ParsedJournal[], company: Company) {
  const queries = new Map<string, RateQuery>();
  for (const journal of journals) {
    for (const need of ratesNeeded(journal, company)) {
      queries.set(`${need.from}/${need.to}@${need.date}`, need);
      queries.set(`${need.to}/${need.from}@${need.date}`, { from: need.to, to: need.from, date: need.date });
    }
  }
  const found = new Map<string, Decimal>();
  for (const row of await findRates(tx, companyId, [...queries.values()])) {
    found.set(`${row.from}/${row.to}@${row.date}`, money(row.rate));
  }
  return (from: string, to: string, date: string) => found.get(`${from}/${to}@${date}`);
}

function newEntry(
  company: Company,
  journal: ParsedJournal,
  draft: EntryDraft,
  postedAt: Date,
  next: (key: SequenceKey) => bigint,
): { row: NewEntry; lines: NewLine[]; view: JournalEntryView } {
  const entryId = randomUUID();
  const transactionNumber = next({ kind: 'TRANSACTION', name: journal.journal });
  const sequence = journal.documentNumberSequence;
  const documentNumber = sequence === undefined ? null : formatDocumentNumber(sequence, next({ kind: 'DOCUMENT', name: sequence }));
  const lines = draft.lines.map((line, index) => newLine(entryId, index, line));
  const row: NewEntry = {
    entryId,
    companyId: company.companyId,
    journal: journal.journal,
    transactionNumber,
    date: journal.date,
    period: draft.period,
    sourceId: journal.sourceId,
    sourceType: journal.sourceType,
    currency: journal.currency,
    documentNumber,
    description: journal.description,
    postedAt,
    homeRate: draft.homeRate?.toFixed() ?? null,
    reportingRate: draft.reportingRate?.toFixed() ?? null,
    originSourceId: null,
  };
  // The view is formatted from the draft's decimals; reading back the strings just written would
  // parse every amount again.
  return { row, lines, view: entryView(row, draftLineViews(draft, journal.currency, company)) };
}

/**
 * One period of a deferred line's schedule as an entry of its own, in the income-schedule journal,
 * at the deferring entry's rates (the parts were split from its converted amounts).
 */
function newScheduleEntry(
  deferring: NewEntry,
  schedule: ScheduleEntryDraft,
  postedAt: Date,
  next: (key: SequenceKey) => bigint,
): { row: NewEntry; lines: NewLine[] } {
  const entryId = randomUUID();
  const row: NewEntry = {
    entryId,
    companyId: deferring.companyId,
    journal: 'INCOME_SCHEDULE',
    transactionNumber: next(SCHEDULE_SEQUENCE),
    date: schedule.date,
    period: schedule.period,
    sourceId: scheduleSourceId(deferring.entryId, schedule.lineNumber, schedule.periodNumber),
    sourceType: 'INCOME_SCHEDULE',
    currency: deferring.currency,
    documentNumber: null,
    description: scheduleDescription(schedule.periodNumber, schedule.periodCount, deferring.description),
    postedAt,
    homeRate: deferring.homeRate,
    reportingRate: deferring.reportingRate,
    originSourceId: deferring.sourceId,
  };
  return { row, lines: schedule.lines.map((line, index) => newLine(entryId, index, line)) };
}

/** A line to write, numbered from 1 in its entry. */
function newLine(entryId: string, index: number, line: ScheduleLine & Partial<Pick<DraftLine, 'customerId' | 'incomeSchedule'>>): NewLine {
  return {
    entryId,
    lineNumber: index + 1,
    account: line.account,
    amount: line.amount.toFixed(),
    homeAmount: line.homeAmount.toFixed(),
    reportingAmount: line.reportingAmount.toFixed(),
    description: line.description,
    customerId: line.customerId ?? null,
    correction: line.correction,
    incomeSchedule: line.incomeSchedule === undefined ? null : JSON.stringify(line.incomeSchedule),
  };
}

export function groupLines(lines: readonly StoredLine[]): Map<string, StoredLine[]> {
  const byEntry = new Map<string, StoredLine[]>();
  for (const line of lines) {
    const list = byEntry.get(line.entryId) ?? [];
    list.push(line);
    byEntry.set(line.entryId, list);
  }
  return byEntry;
}

/** A built entry's lines as answered, numbered as they would be posted. */
function draftLineViews(draft: EntryDraft, currency: string, currencies: CompanyCurrencies): JournalLineView[] {
  return draft.lines.map((line, index) => ({
    lineNumber: index + 1,
    account: line.account,
    currency,
    amount: formatAmount(line.amount, currency),
    homeAmount: formatAmount(line.homeAmount, currencies.homeCurrency),
    reportingAmount: formatAmount(line.reportingAmount, currencies.reportingCurrency),
    description: line.description,
    customerId: line.customerId ?? '',
    correction: line.correction,
    incomeSchedule: line.incomeSchedule,
  }));
}

/** An entry as answered, amounts in the minor unit of their currencies. */
export function storedEntryView(entry: StoredEntry, lines: readonly StoredLine[], currencies: CompanyCurrencies): JournalEntryView {
  return entryView(
    entry,
    lines.map((line): JournalLineView => ({
      lineNumber: line.lineNumber,
      account: line.account,
      currency: entry.currency,
      amount: formatAmount(money(line.amount), entry.currency),
      homeAmount: formatAmount(money(line.homeAmount), currencies.homeCurrency),
      reportingAmount: formatAmount(money(line.reportingAmount), currencies.reportingCurrency),
      description: line.description,
      customerId: line.customerId ?? '',
      correction: line.correction,
      incomeSchedule: line.incomeSchedule === null ? undefined : (JSON.parse(line.incomeSchedule) as IncomeSchedule),
    })),
  );
}

function entryView(entry: StoredEntry, lines: JournalLineView[]): JournalEntryView {
  return {
    entryId: entry.entryId,
    companyId: entry.companyId,
    transactionNumber: BigInt(entry.transactionNumber),
    journal: entry.journal as JournalKind,
    date: entry.date,
    period: entry.period,
    sourceId: entry.sourceId,
    sourceType: entry.sourceType as SourceKind,
    currency: entry.currency,
    documentNumber: entry.documentNumber ?? '',
    description: entry.description,
    postedAt: entry.postedAt,
    originSourceId: entry.originSourceId ?? '',
    lines,
  };
}
