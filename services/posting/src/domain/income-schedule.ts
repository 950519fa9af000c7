import { periodContaining } from '@ledgerline/calendar';
import { minorUnits, MoneyDecimal } from '@ledgerline/money';
import { postingError, type PostingError } from './posting-document.js';
import type { Voucher } from './voucher.js';

/** A fiscal period as the ledger reports it. */
interface FiscalPeriod {
  readonly period: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly closed: boolean;
}

/**
 * Why the income schedules of a voucher's deferred lines cannot post, each named on its document
 * line. A schedule recognises revenue in the period of its start date and the ones after it:
 * every one of them must exist and be open, the first may not come before the document's own
 * period (revenue is not recognised before it is deferred), every period's part must be at least
 * one minor unit, and one document's schedules may bring at most `entriesMax` entries. The ledger
 * checks the same when it posts; checking here names the document's line, and lets a posting
 * run's report list the document as blocked. `periods` is the company's calendar, oldest first
 * and without gaps.
 */
export function incomeScheduleBlockers(
  voucher: Voucher,
  document: { readonly invoiceDate: string; readonly currency: string; readonly lines: readonly { readonly lineNumber: number }[] },
  periods: readonly FiscalPeriod[],
  entriesMax: number,
): PostingError[] {
  // Nearly every document has no schedule; this runs for each one on the posting path.
  if (!voucher.lines.some((line) => line.incomeSchedule !== undefined)) return [];
  const errors = new Map<string, PostingError>();
  const add = (error: PostingError) => errors.set(`${error.fieldPath}|${error.message}`, error);
  const documentPeriod = periodContaining(periods, document.invoiceDate);
  const oneUnit = new MoneyDecimal(10).pow(-minorUnits(document.currency));
  let entries = 0;
  for (const line of voucher.lines) {
    const schedule = line.incomeSchedule;
    if (schedule === undefined || line.documentLineIndex === undefined) continue;
    entries += schedule.periods;
    const path = `lines[${line.documentLineIndex}].incomeSchedule`;
    // Named by the document's own line number, which need not follow its position.
    const label = `line ${document.lines[line.documentLineIndex]?.lineNumber ?? line.documentLineIndex + 1}`;
    if (line.amount.abs().lessThan(oneUnit.times(schedule.periods))) {
      add(postingError('VALIDATION_FAILED', `${label}: ${line.amount.abs().toFixed()} ${document.currency} is too small to recognise over ${schedule.periods} periods`, path));
    }
    // A document dated in no open period fails on its invoice date already.
    if (documentPeriod === undefined) continue;
    if (schedule.startDate < documentPeriod.startDate) {
      add(postingError('VALIDATION_FAILED', `${label}: the income schedule starts on ${schedule.startDate}, before the document's period ${documentPeriod.period}`, `${path}.startDate`));
      continue;
    }
    const first = periodContaining(periods, schedule.startDate);
    const start = first === undefined ? -1 : periods.indexOf(first);
    const covered = start < 0 ? [] : periods.slice(start, start + schedule.periods);
    if (covered.length < schedule.periods) {
      const last = periods[periods.length - 1] as FiscalPeriod;
      add(
        postingError(
          'PERIOD_CLOSED',
          `${label}: the income schedule needs ${schedule.periods} periods from ${schedule.startDate}; the fiscal calendar ends with ${last.period}, so the company must open the next fiscal year first`,
          `${path}.startDate`,
        ),
      );
      continue;
    }
    const closed = covered.find((period) => period.closed);
    if (closed !== undefined) add(postingError('PERIOD_CLOSED', `${label}: period ${closed.period} of the income schedule is closed`, `${path}.startDate`));
  }
  if (entries > entriesMax) {
    add(postingError('VALIDATION_FAILED', `the document's income schedules come to ${entries} ledger entries, more than ${entriesMax}; spread fewer lines or periods`, 'lines'));
  }
  return [...errors.values()];
}
