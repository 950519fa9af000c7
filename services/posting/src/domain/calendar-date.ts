/** Fiscal-year arithmetic on calendar dates "YYYY-MM-DD" (see @ledgerline/calendar). */

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
