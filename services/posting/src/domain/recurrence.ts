import { addDays, daysInMonth } from '@ledgerline/calendar';

/** How far a recurring run's date ranges move between occurrences. */
export type RecurrenceIncrement = 'DAY' | 'WEEK' | 'MONTH';

const DAYS_PER_WEEK = 7;
const MONTHS_PER_YEAR = 12;

/**
 * The date `count` increments after `date` ("YYYY-MM-DD"). Months keep the day of month, except
 * that a month's last day stays a last day (a range "2026-11-01..2026-11-30" becomes
 * "2026-12-01..2026-12-31") and a day the target month lacks becomes its last day.
 */
export function advanceDate(date: string, increment: RecurrenceIncrement, count: number): string {
  if (increment === 'DAY') return addDays(date, count);
  if (increment === 'WEEK') return addDays(date, count * DAYS_PER_WEEK);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = year * MONTHS_PER_YEAR + (month - 1) + count;
  const targetYear = Math.floor(monthIndex / MONTHS_PER_YEAR);
  const targetMonth = (monthIndex % MONTHS_PER_YEAR) + 1;
  const lastDay = daysInMonth(targetYear, targetMonth);
  const targetDay = day === daysInMonth(year, month) ? lastDay : Math.min(day, lastDay);
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`;
}

/** The instant `count` increments after `start`, the time of day kept (UTC). */
export function advanceInstant(start: Date, increment: RecurrenceIncrement, count: number): Date {
  const iso = start.toISOString();
  return new Date(`${advanceDate(iso.slice(0, 10), increment, count)}${iso.slice(10)}`);
}

/** The date ranges of a selection that an occurrence moves. */
export interface DatedSelection {
  invoiceDateFrom: string;
  invoiceDateTo: string;
  dueDateFrom: string;
  dueDateTo: string;
}

/** Occurrence `occurrence` (0 = the first) of a recurring selection: every set date moved on. */
export function occurrenceSelection<S extends DatedSelection>(selection: S, increment: RecurrenceIncrement, occurrence: number): S {
  const move = (date: string) => (date === '' ? '' : advanceDate(date, increment, occurrence));
  return {
    ...selection,
    invoiceDateFrom: move(selection.invoiceDateFrom),
    invoiceDateTo: move(selection.invoiceDateTo),
    dueDateFrom: move(selection.dueDateFrom),
    dueDateTo: move(selection.dueDateTo),
  };
}
