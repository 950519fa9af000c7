import { CALENDAR_YEAR_MAX, CALENDAR_YEAR_MIN, daysInMonth, isIsoDate } from '@ledgerline/calendar';

/**
 * Calendar dates and monthly fiscal periods as ISO strings. "YYYY-MM-DD" strings compare in
 * date order, which keeps period lookups simple and free of time zones.
 */

const PERIOD_PATTERN = /^(\d{4})-(\d{2})$/;


export interface PeriodInfo {
  /** "YYYY-MM" of the month the period starts. */
  period: string;
  startDate: string;
  endDate: string;
  closed: boolean;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** True for a period key "YYYY-MM". */
export function isPeriodKey(text: string): boolean {
  const match = PERIOD_PATTERN.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return year >= CALENDAR_YEAR_MIN && year <= CALENDAR_YEAR_MAX && month >= 1 && month <= 12;
}

export function isFirstOfMonth(date: string): boolean {
  return isIsoDate(date) && date.endsWith('-01');
}

/** `count` consecutive open monthly periods, the first starting on `firstDay` (a first of month). */
export function monthlyPeriods(firstDay: string, count: number): PeriodInfo[] {
  const periods: PeriodInfo[] = [];
  let year = Number(firstDay.slice(0, 4));
  let month = Number(firstDay.slice(5, 7));
  for (let i = 0; i < count; i += 1) {
    const key = `${pad(year, 4)}-${pad(month, 2)}`;
    periods.push({ period: key, startDate: `${key}-01`, endDate: `${key}-${pad(daysInMonth(year, month), 2)}`, closed: false });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return periods;
}

export { periodContaining } from '@ledgerline/calendar';
