import type { JournalKind } from '../domain/journal.js';

/**
 * The contract's limits on income schedules: the periods of one schedule (the gateway and
 * invoicing apply it too) and the entries of one document's schedules (posting applies it too).
 */
export { INCOME_SCHEDULE_ENTRIES_PER_DOCUMENT_MAX, INCOME_SCHEDULE_PERIODS_MAX } from '@ledgerline/contracts';

/** PostJournals takes at most this many journals per call (the contract's limit): one transaction must stay short. */
export const MAX_JOURNALS_PER_CALL = 1000;
/**
 * Most income-schedule entries one PostJournals call may bring, for the same reason. Posting's
 * calls stay below it: it sends at most 50,000 lines per call, counting two per schedule entry.
 */
export const MAX_INCOME_SCHEDULE_ENTRIES_PER_CALL = 25_000;
/** ListAccounts page size when the caller asks for 0 (common/v1 PageRequest). */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page any list answers (common/v1 PageRequest). */
export const MAX_PAGE_SIZE = 500;
/** A call that loses a race (deadlock, duplicate source in another journal) is retried this often. */
export const POSTING_ATTEMPTS_MAX = 3;

export const PERIOD_KEY_DESCRIPTION = '"YYYY-MM"';

/** Every journal gets its transaction-number sequence when the company is created. */
export const JOURNAL_KINDS: readonly JournalKind[] = ['AR_DISTRIBUTION', 'CASH_RECEIPTS', 'INCOME_SCHEDULE', 'GENERAL'];
