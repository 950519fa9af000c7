import type { Decimal } from 'decimal.js';
import { allocateByWeights, MoneyDecimal, normalizeZero } from '@ledgerline/money';
import { isIsoDate } from '@ledgerline/calendar';
import { periodContaining, type PeriodInfo } from './calendar.js';
import { ID_MAX_LENGTH } from './identifiers.js';
import { ErrorCode, fieldPath, invalid, type BusinessError } from './outcome.js';

/** A line's income schedule: where the revenue goes, from when, over how many fiscal periods. */
export interface IncomeSchedule {
  revenueAccount: string;
  startDate: string;
  periods: number;
}

/** One income-schedule line: signed like any journal line, debit positive. */
export interface ScheduleLine {
  account: string;
  amount: Decimal;
  homeAmount: Decimal;
  reportingAmount: Decimal;
  description: string;
  correction: boolean;
}

/** The deferred line a schedule recognises, with its amounts as the entry posts them. */
export interface DeferredLine extends ScheduleLine {
  /** 1-based line number in the deferring entry. */
  lineNumber: number;
  schedule: IncomeSchedule;
}

/** One period of a schedule, ready to be numbered and written as an entry of its own. */
export interface ScheduleEntryDraft {
  /** The deferring entry's line this entry recognises. */
  lineNumber: number;
  /** 1-based, of periodCount. */
  periodNumber: number;
  periodCount: number;
  date: string;
  period: string;
  /** The deferred account debited back, then the revenue account credited (for an invoice). */
  lines: [ScheduleLine, ScheduleLine];
}

/** Checks a schedule's own fields; `path` is the schedule's path, e.g. "journals[0].lines[2].incomeSchedule". */
export function parseIncomeSchedule(
  input: IncomeSchedule,
  path: string,
  periodsMax: number,
  errors: BusinessError[],
): IncomeSchedule | undefined {
  const before = errors.length;
  if (input.revenueAccount === '' || input.revenueAccount.length > ID_MAX_LENGTH) {
    errors.push(invalid(fieldPath(path, 'revenueAccount'), 'revenueAccount is required'));
  }
  if (!isIsoDate(input.startDate)) errors.push(invalid(fieldPath(path, 'startDate'), 'startDate must be a calendar date "YYYY-MM-DD"'));
  if (!Number.isInteger(input.periods) || input.periods < 1 || input.periods > periodsMax) {
    errors.push(invalid(fieldPath(path, 'periods'), `periods must be a whole number from 1 to ${periodsMax}`));
  }
  return errors.length > before ? undefined : { ...input };
}

/**
 * The fiscal periods a schedule recognises revenue in: the one containing its start date and the
 * ones that follow it, each of which must exist and be open. `periods` is the company's calendar,
 * oldest first and without gaps (fiscal years open one after the other). The schedule may not
 * start before the period of the deferring entry (`deferredIn`): revenue cannot be recognised
 * from a deferral that does not exist yet.
 */
export function schedulePeriods(
  schedule: IncomeSchedule,
  deferredIn: PeriodInfo,
  periods: readonly PeriodInfo[],
  path: string,
): PeriodInfo[] | BusinessError {
  const at = fieldPath(path, 'startDate');
  if (schedule.startDate < deferredIn.startDate) {
    return invalid(at, `the income schedule starts on ${schedule.startDate}, before the entry's period ${deferredIn.period} that defers the revenue`);
  }
  const first = periodContaining(periods, schedule.startDate);
  if (first === undefined) {
    return { code: ErrorCode.PERIOD_CLOSED, message: `no fiscal period covers the income schedule's start ${schedule.startDate}`, fieldPath: at };
  }
  const start = periods.indexOf(first);
  const covered = periods.slice(start, start + schedule.periods);
  if (covered.length < schedule.periods) {
    const last = periods[periods.length - 1] as PeriodInfo;
    return {
      code: ErrorCode.PERIOD_CLOSED,
      message: `the income schedule needs ${schedule.periods} periods from ${first.period}; the fiscal calendar ends with ${last.period}`,
      fieldPath: at,
    };
  }
  const closed = covered.find((period) => period.closed);
  if (closed !== undefined) {
    return { code: ErrorCode.PERIOD_CLOSED, message: `period ${closed.period} of the income schedule is closed`, fieldPath: at };
  }
  return covered;
}

/**
 * The entries that recognise a deferred line over its periods. Each currency's amount is split
 * evenly with no minor unit lost or invented (largest remainder: every part within one minor unit
 * of its exact share, the extra units on the latest periods), so the deferral clears exactly in
 * document, home and reporting currency. Each entry moves its part back out of the deferred
 * account and into the revenue account, on the deferred line's side reversed; a storno line's
 * schedule is storno too. The first entry is dated the start date, the others on their period's
 * first day.
 */
export function scheduleEntries(
  line: DeferredLine,
  periods: readonly PeriodInfo[],
  currencies: { currency: string; homeCurrency: string; reportingCurrency: string },
): ScheduleEntryDraft[] {
  const count = periods.length;
  const amounts = evenParts(line.amount, count, currencies.currency);
  const homeAmounts = evenParts(line.homeAmount, count, currencies.homeCurrency);
  const reportingAmounts = evenParts(line.reportingAmount, count, currencies.reportingCurrency);
  return periods.map((period, index): ScheduleEntryDraft => {
    const part = {
      amount: amounts[index] as Decimal,
      homeAmount: homeAmounts[index] as Decimal,
      reportingAmount: reportingAmounts[index] as Decimal,
    };
    return {
      lineNumber: line.lineNumber,
      periodNumber: index + 1,
      periodCount: count,
      date: index === 0 ? line.schedule.startDate : period.startDate,
      period: period.period,
      lines: [
        {
          account: line.account,
          amount: normalizeZero(part.amount.negated()),
          homeAmount: normalizeZero(part.homeAmount.negated()),
          reportingAmount: normalizeZero(part.reportingAmount.negated()),
          description: line.description,
          correction: line.correction,
        },
        { account: line.schedule.revenueAccount, ...part, description: line.description, correction: line.correction },
      ],
    };
  });
}

/** `total` in `count` even parts, the units rounding leaves over going to the last parts. */
function evenParts(total: Decimal, count: number, currency: string): Decimal[] {
  const weights = Array.from({ length: count }, () => new MoneyDecimal(1));
  return allocateByWeights(total, weights, currency).reverse();
}

/** The source id of one period's entry: unique per company, since entry ids are. */
export function scheduleSourceId(deferringEntryId: string, lineNumber: number, periodNumber: number): string {
  return `${deferringEntryId}/${lineNumber}/${periodNumber}`;
}

/** The text of one period's entry, e.g. "Income schedule 2/12: Invoice INV-000042 C-1001". */
export function scheduleDescription(periodNumber: number, periodCount: number, deferringDescription: string): string {
  return `Income schedule ${periodNumber}/${periodCount}: ${deferringDescription}`;
}
