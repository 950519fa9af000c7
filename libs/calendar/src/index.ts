/**
 * Calendar dates as every API and event carries them: "YYYY-MM-DD" strings, free of time zones,
 * which compare in date order as plain strings. Arithmetic runs on UTC midnights. One definition
 * for every service, so the edge never accepts a date a service would then refuse.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Earliest year accepted: an earlier one is almost certainly a typo. */
export const CALENDAR_YEAR_MIN = 1900;
/** Latest year accepted: keeps dates four-digit. */
export const CALENDAR_YEAR_MAX = 9999;

/** True for a date that exists, written "YYYY-MM-DD", within the accepted years ("2026-02-30" is not one). */
export function isIsoDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return (
    year >= CALENDAR_YEAR_MIN &&
    year <= CALENDAR_YEAR_MAX &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Days in a month, with month 1..12. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date `days` days after `date` (before it for a negative count). */
export function addDays(date: string, days: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date "YYYY-MM-DD": ${JSON.stringify(date)}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Today's date in UTC, "YYYY-MM-DD". */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A span of dates, both ends included, such as a fiscal period. */
export interface DateSpan {
  readonly startDate: string;
  readonly endDate: string;
}

/** The span of `spans` (a company's fiscal periods) that contains `date`, if any. */
export function periodContaining<Span extends DateSpan>(spans: readonly Span[], date: string): Span | undefined {
  return spans.find((span) => span.startDate <= date && date <= span.endDate);
}
