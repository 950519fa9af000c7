/**
 * Most fiscal periods an income schedule spreads a line's revenue over: five years of monthly
 * periods. The gateway, invoicing and the ledger refuse more, so one document's schedule stays a
 * bounded number of ledger entries.
 */
export const INCOME_SCHEDULE_PERIODS_MAX = 60;
