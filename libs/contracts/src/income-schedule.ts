/**
 * Most fiscal periods an income schedule spreads a line's revenue over: five years of monthly
 * periods. The gateway, invoicing and the ledger refuse more, so one document's schedule stays a
 * bounded number of ledger entries.
 */
export const INCOME_SCHEDULE_PERIODS_MAX = 60;

/**
 * Most income-schedule entries one document may bring (every deferred line or share times its
 * periods): the document and its schedules post in one ledger transaction, which must stay
 * bounded. Posting refuses a document above it before the ledger would.
 */
export const INCOME_SCHEDULE_ENTRIES_PER_DOCUMENT_MAX = 10_000;
