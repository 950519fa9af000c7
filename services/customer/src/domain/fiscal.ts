import { periodContaining } from '@ledgerline/calendar';
import type { CompanyInfo } from './company.js';

/** Where a date falls in a company's fiscal calendar: the keys sales PTD and YTD are kept by. */
export interface FiscalPosition {
  /** "YYYY-MM" of the fiscal period containing the date. */
  period: string;
  /** First day of the fiscal year containing the date, "YYYY-MM-DD". */
  fiscalYearStart: string;
}

/**
 * The fiscal period and fiscal year containing `date`. The period comes from the company's
 * periods; a date outside them (the calendar not yet extended) falls back to its calendar month,
 * which is what the standard template's monthly periods are. Fiscal years start on each
 * anniversary of the company's first fiscal year start.
 */
export function fiscalPositionOf(date: string, company: Pick<CompanyInfo, 'fiscalYearStart' | 'periods'>): FiscalPosition {
  const found = periodContaining(company.periods, date);
  return { period: found?.period ?? date.slice(0, 7), fiscalYearStart: fiscalYearStartOf(date, company.fiscalYearStart) };
}

function fiscalYearStartOf(date: string, firstFiscalYearStart: string): string {
  const monthDay = firstFiscalYearStart.slice(4);
  const year = Number(date.slice(0, 4));
  const sameYear = `${String(year).padStart(4, '0')}${monthDay}`;
  return sameYear <= date ? sameYear : `${String(year - 1).padStart(4, '0')}${monthDay}`;
}
