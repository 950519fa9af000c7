/** Calendar dates "YYYY-MM-DD" without time zones: the arithmetic runs on UTC midnights. */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True for a real calendar date written "YYYY-MM-DD". */
export function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The date `days` days after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * First day of the fiscal year `date` falls in. Fiscal years start every year on the month and
 * day of the company's first fiscal year start; a start on the 29th–31st falls on the month's
 * last day in months that are shorter.
 */
export function fiscalYearStartOf(companyFiscalYearStart: string, date: string): string {
  const [startMonth, startDay] = monthAndDay(companyFiscalYearStart);
  const year = Number(date.slice(0, 4));
  const candidate = anniversary(year, startMonth, startDay);
  return candidate <= date ? candidate : anniversary(year - 1, startMonth, startDay);
}

function anniversary(year: number, month: number, day: number): string {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

function monthAndDay(date: string): [number, number] {
  return [Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function utcMidnight(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date "YYYY-MM-DD": ${JSON.stringify(date)}`);
  return Date.parse(`${date}T00:00:00Z`);
}
