import type { DocumentLine, PostingError } from './posting-document.js';
import { postingError } from './posting-document.js';

/** A fiscal period as the ledger reports it. */
interface FiscalPeriod {
  readonly period: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly closed: boolean;
}

/**
 * Why the income schedules of a document's lines cannot post: each recognises revenue in the
 * period of its start date and the ones after it, and every one of them must exist and be open.
 * The ledger checks the same under its period locks when it posts; checking here names the
 * document's line, and lets a posting run's report list the document as blocked.
 * `periods` is the company's calendar, oldest first and without gaps.
 */
export function incomeScheduleBlockers(lines: readonly DocumentLine[], periods: readonly FiscalPeriod[]): PostingError[] {
  const errors: PostingError[] = [];
  lines.forEach((line, index) => {
    const schedule = line.incomeSchedule;
    if (schedule === undefined || line.netAmount.isZero()) return;
    const path = `lines[${index}].incomeSchedule.startDate`;
    const start = periods.findIndex((period) => period.startDate <= schedule.startDate && schedule.startDate <= period.endDate);
    if (start < 0) {
      errors.push(postingError('PERIOD_CLOSED', `line ${line.lineNumber}: no fiscal period covers the income schedule's start ${schedule.startDate}`, path));
      return;
    }
    const covered = periods.slice(start, start + schedule.periods);
    if (covered.length < schedule.periods) {
      const last = periods[periods.length - 1] as FiscalPeriod;
      errors.push(
        postingError(
          'PERIOD_CLOSED',
          `line ${line.lineNumber}: the income schedule needs ${schedule.periods} periods from ${(periods[start] as FiscalPeriod).period}; the fiscal calendar ends with ${last.period}, so the company must open the next fiscal year first`,
          path,
        ),
      );
      return;
    }
    const closed = covered.find((period) => period.closed);
    if (closed !== undefined) {
      errors.push(postingError('PERIOD_CLOSED', `line ${line.lineNumber}: period ${closed.period} of the income schedule is closed`, path));
    }
  });
  return errors;
}
