import type { Decimal } from 'decimal.js';
import { formatAmount, isCurrencyCode, MAX_AMOUNT_SCALE, minorUnits, MoneyDecimal, parseAmount, sum, type RoundingMode } from '@ledgerline/money';
import { isIsoDate } from '@ledgerline/calendar';
import { periodContaining, type PeriodInfo } from './calendar.js';
import { convertAmount, effectiveRate, parseRate, resolveRate, type RateBook, type ResolvedRate } from './exchange-rate.js';
import { ID_MAX_LENGTH, isValidId, isValidSequenceName, TEXT_MAX_LENGTH } from './identifiers.js';
import { parseIncomeSchedule, scheduleEntries, schedulePeriods, type IncomeSchedule, type ScheduleEntryDraft } from './income-schedule.js';
import { accept, ErrorCode, fieldPath, invalid, reject, type BusinessError, type Outcome } from './outcome.js';

export type JournalKind = 'AR_DISTRIBUTION' | 'CASH_RECEIPTS' | 'INCOME_SCHEDULE' | 'GENERAL';
export type SourceKind = 'INVOICE' | 'PAYMENT' | 'INCOME_SCHEDULE';

/** A voucher always moves an amount from somewhere to somewhere (DESIGN 4.3). */
export const MIN_LINES_PER_JOURNAL = 2;
/**
 * Generous upper bound: a 10,000-line invoice with per-line revenue, tax and distribution lines
 * still fits, while one request cannot make the ledger build an unbounded entry.
 */
export const MAX_LINES_PER_JOURNAL = 50_000;
/** Text of the line the ledger adds for conversion rounding differences. */
export const ROUNDING_LINE_DESCRIPTION = 'Rounding difference';

/** One line as it arrives: decimal strings, empty = not given. */
export interface JournalLineInput {
  account: string;
  amount: string;
  homeAmount: string;
  reportingAmount: string;
  description: string;
  customerId: string;
  correction: boolean;
  /** Absent when the line recognises its amount at once. */
  incomeSchedule?: IncomeSchedule | undefined;
}

/** One journal as it arrives; kinds are undefined when the request named none we know. */
export interface JournalInput {
  sourceId: string;
  sourceType: SourceKind | undefined;
  journal: JournalKind | undefined;
  date: string;
  currency: string;
  homeRate: string;
  reportingRate: string;
  description: string;
  lines: readonly JournalLineInput[];
  documentNumberSequence: string;
  /** Posts only together with the next journal of the call (domain/linked-chains.ts). */
  linked: boolean;
}

export interface ParsedLine {
  account: string;
  amount: Decimal;
  /** Undefined when the ledger is to convert it. */
  homeAmount: Decimal | undefined;
  reportingAmount: Decimal | undefined;
  description: string;
  customerId: string | undefined;
  correction: boolean;
  incomeSchedule: IncomeSchedule | undefined;
}

export interface ParsedJournal {
  sourceId: string;
  sourceType: SourceKind;
  journal: JournalKind;
  date: string;
  currency: string;
  description: string;
  homeRate: Decimal | undefined;
  reportingRate: Decimal | undefined;
  lines: ParsedLine[];
  documentNumberSequence: string | undefined;
}

export interface CompanyCurrencies {
  homeCurrency: string;
  reportingCurrency: string;
}

/** What the ledger knows when it books a journal: chart, calendar, rates and settings. */
export interface LedgerContext extends CompanyCurrencies {
  roundingAccount: string;
  /** How converted amounts are rounded to the home and reporting currencies. */
  roundingMode: RoundingMode;
  accounts: ReadonlyMap<string, { control: boolean }>;
  periods: readonly PeriodInfo[];
  rates: RateBook;
}

export interface DraftLine {
  account: string;
  amount: Decimal;
  homeAmount: Decimal;
  reportingAmount: Decimal;
  description: string;
  customerId: string | undefined;
  correction: boolean;
  incomeSchedule: IncomeSchedule | undefined;
}

/** A journal ready to be numbered and written: every currency sums to exactly zero. */
export interface EntryDraft {
  period: string;
  /** The from-document rate the ledger converted at; the request's own rate when it converted nothing. */
  homeRate: Decimal | undefined;
  reportingRate: Decimal | undefined;
  lines: DraftLine[];
  /** The income-schedule entries its deferred lines bring, posted with it; each sums to zero too. */
  schedules: ScheduleEntryDraft[];
}

/** Limits the contract sets on journals, passed in by the application. */
export interface JournalLimits {
  incomeSchedulePeriodsMax: number;
  /** Most income-schedule entries one journal may bring, every deferred line times its periods. */
  incomeScheduleEntriesMax: number;
}

/**
 * Checks everything about a journal that needs no ledger data: ids, kinds, date, currency,
 * line count, amounts in their currencies' minor units, and that the document-currency amounts
 * sum to zero. `prefix` is the journal's path in the request, e.g. "journals[3]".
 */
export function parseJournal(input: JournalInput, prefix: string, currencies: CompanyCurrencies, limits: JournalLimits): Outcome<ParsedJournal> {
  const errors: BusinessError[] = [];
  const at = (field: string) => fieldPath(prefix, field);
  if (!isValidId(input.sourceId)) {
    errors.push(invalid(at('sourceId'), `sourceId must be 1-${ID_MAX_LENGTH} letters, digits or . _ : / -`));
  }
  if (input.sourceType === undefined) errors.push(invalid(at('sourceType'), 'sourceType must be INVOICE, PAYMENT or INCOME_SCHEDULE'));
  if (input.journal === undefined) {
    errors.push(invalid(at('journal'), 'journal must be AR_DISTRIBUTION, CASH_RECEIPTS, INCOME_SCHEDULE or GENERAL'));
  }
  if (!isIsoDate(input.date)) errors.push(invalid(at('date'), 'date must be a calendar date "YYYY-MM-DD"'));
  const currencyKnown = isCurrencyCode(input.currency);
  if (!currencyKnown) errors.push(invalid(at('currency'), `currency ${JSON.stringify(input.currency)} is not an ISO 4217 currency code`));
  if (input.description.length > TEXT_MAX_LENGTH) errors.push(invalid(at('description'), `description is longer than ${TEXT_MAX_LENGTH} characters`));
  const homeRate = optionalRate(input.homeRate, at('homeRate'), errors);
  const reportingRate = optionalRate(input.reportingRate, at('reportingRate'), errors);
  if (input.documentNumberSequence !== '' && !isValidSequenceName(input.documentNumberSequence)) {
    errors.push(invalid(at('documentNumberSequence'), 'documentNumberSequence must be upper-case letters, digits and _ (at most 32)'));
  }
  if (input.lines.length < MIN_LINES_PER_JOURNAL || input.lines.length > MAX_LINES_PER_JOURNAL) {
    errors.push(invalid(at('lines'), `a journal needs ${MIN_LINES_PER_JOURNAL} to ${MAX_LINES_PER_JOURNAL} lines, got ${input.lines.length}`));
  }
  const lines: ParsedLine[] = [];
  input.lines.forEach((line, index) => {
    const parsed = parseLine(line, at(`lines[${index}]`), currencyKnown ? input.currency : undefined, currencies, limits, errors);
    if (parsed !== undefined) lines.push(parsed);
  });
  const scheduleEntryCount = lines.reduce((count, line) => count + (line.incomeSchedule?.periods ?? 0), 0);
  if (scheduleEntryCount > limits.incomeScheduleEntriesMax) {
    errors.push(
      invalid(at('lines'), `the journal's income schedules come to ${scheduleEntryCount} entries, more than ${limits.incomeScheduleEntriesMax}`),
    );
  }
  if (errors.length > 0 || input.sourceType === undefined || input.journal === undefined) return reject(...errors);
  const documentTotal = sum(lines.map((line) => line.amount));
  if (!documentTotal.isZero()) {
    return reject({
      code: ErrorCode.UNBALANCED_ENTRY,
      message: `the lines' amounts sum to ${formatAmount(documentTotal, input.currency)} ${input.currency}, not zero`,
      fieldPath: at('lines'),
    });
  }
  return accept({
    sourceId: input.sourceId,
    sourceType: input.sourceType,
    journal: input.journal,
    date: input.date,
    currency: input.currency,
    description: input.description,
    homeRate,
    reportingRate,
    lines,
    documentNumberSequence: input.documentNumberSequence === '' ? undefined : input.documentNumberSequence,
  });
}

function optionalRate(text: string, path: string, errors: BusinessError[]): Decimal | undefined {
  if (text === '') return undefined;
  const rate = parseRate(text);
  if (rate === undefined) errors.push(invalid(path, 'rate must be a positive decimal with at most 10 decimals'));
  return rate;
}

function parseLine(
  line: JournalLineInput,
  path: string,
  currency: string | undefined,
  currencies: CompanyCurrencies,
  limits: JournalLimits,
  errors: BusinessError[],
): ParsedLine | undefined {
  const before = errors.length;
  const at = (field: string) => fieldPath(path, field);
  if (line.account === '' || line.account.length > ID_MAX_LENGTH) errors.push(invalid(at('account'), 'account is required'));
  const amount = parseLineAmount(line.amount, currency, at('amount'), errors);
  const homeAmount = line.homeAmount === '' ? undefined : parseLineAmount(line.homeAmount, currencies.homeCurrency, at('homeAmount'), errors);
  const reportingAmount =
    line.reportingAmount === '' ? undefined : parseLineAmount(line.reportingAmount, currencies.reportingCurrency, at('reportingAmount'), errors);
  if (line.description.length > TEXT_MAX_LENGTH) errors.push(invalid(at('description'), `description is longer than ${TEXT_MAX_LENGTH} characters`));
  if (line.customerId !== '' && !isValidId(line.customerId)) errors.push(invalid(at('customerId'), 'customerId is not a valid id'));
  const incomeSchedule =
    line.incomeSchedule === undefined
      ? undefined
      : parseIncomeSchedule(line.incomeSchedule, at('incomeSchedule'), limits.incomeSchedulePeriodsMax, errors);
  if (incomeSchedule !== undefined && line.customerId !== '') {
    errors.push(invalid(at('incomeSchedule'), "a customer's line cannot defer revenue; defer the revenue line instead"));
  }
  if (incomeSchedule !== undefined && amount !== undefined && currency !== undefined) {
    // Every period's entry must move something: a part of 0 would only take a transaction number.
    const minorUnitsOfAmount = amount.abs().times(new MoneyDecimal(10).pow(minorUnits(currency)));
    if (minorUnitsOfAmount.lessThan(incomeSchedule.periods)) {
      errors.push(
        invalid(
          at('incomeSchedule'),
          amount.isZero()
            ? 'a line of 0 has no revenue to recognise over periods'
            : `${formatAmount(amount.abs(), currency)} ${currency} is too small to recognise over ${incomeSchedule.periods} periods`,
        ),
      );
    }
  }
  if (errors.length > before || amount === undefined) return undefined;
  return {
    account: line.account,
    amount,
    homeAmount,
    reportingAmount,
    description: line.description,
    customerId: line.customerId === '' ? undefined : line.customerId,
    correction: line.correction,
    incomeSchedule,
  };
}

function parseLineAmount(text: string, currency: string | undefined, path: string, errors: BusinessError[]): Decimal | undefined {
  const parsed = parseAmount(text, { allowNegative: true, maxScale: currency === undefined ? MAX_AMOUNT_SCALE : minorUnits(currency) });
  if (parsed.ok) return parsed.value;
  const reason =
    parsed.reason === 'TOO_MANY_DECIMALS'
      ? `has more decimals than ${currency ?? 'the currency'} allows`
      : parsed.reason === 'OUT_OF_RANGE'
        ? 'is out of range'
        : 'is not a decimal number like "-12.30"';
  errors.push(invalid(path, `${JSON.stringify(text)} ${reason}`));
  return undefined;
}

/** Amounts in a target currency: given ones as they are, missing ones converted at `rate`. */
export function convertLines(
  amounts: readonly Decimal[],
  given: readonly (Decimal | undefined)[],
  rate: ResolvedRate | undefined,
  currency: string,
  mode: RoundingMode,
): Decimal[] {
  return amounts.map((amount, index) => {
    const known = given[index];
    if (known !== undefined) return known;
    if (rate === undefined) throw new Error('convertLines: a line needs conversion but no rate was resolved');
    return convertAmount(amount, rate, currency, mode);
  });
}

/**
 * How far one converted amount can be from its exact value, in minor units, and whether it can
 * reach that bound: at most half of one when rounded to the nearest, less than a whole one when
 * rounded towards or away from zero.
 */
const CONVERSION_ERROR_BOUND: Readonly<Record<RoundingMode, { unitsPerLine: number; reachable: boolean }>> = {
  HALF_AWAY_FROM_ZERO: { unitsPerLine: 0.5, reachable: true },
  HALF_EVEN: { unitsPerLine: 0.5, reachable: true },
  DOWN: { unitsPerLine: 1, reachable: false },
  UP: { unitsPerLine: 1, reachable: false },
};

/**
 * The amount a rounding line must carry so `amounts` sum to zero, or undefined when the gap is
 * larger than the conversion of `convertedCount` lines in `mode` can explain: a bigger gap means
 * the given amounts themselves do not balance.
 */
export function roundingDifference(amounts: readonly Decimal[], convertedCount: number, currency: string, mode: RoundingMode): Decimal | undefined {
  const difference = sum(amounts).negated();
  const bound = CONVERSION_ERROR_BOUND[mode];
  const gapMax = new MoneyDecimal(10).pow(-minorUnits(currency)).times(bound.unitsPerLine).times(convertedCount);
  const explained = bound.reachable ? difference.abs().lte(gapMax) : difference.abs().lt(gapMax);
  return explained ? new MoneyDecimal(difference) : undefined;
}

/**
 * Books a parsed journal against the ledger's data: accounts exist (control accounts name a
 * customer), the date's period exists and is open, amounts are converted to home and reporting
 * currency where the caller left them empty, and a rounding line makes every currency sum to zero.
 */
export function buildEntry(journal: ParsedJournal, prefix: string, context: LedgerContext): Outcome<EntryDraft> {
  const errors: BusinessError[] = [];
  const at = (field: string) => fieldPath(prefix, field);
  journal.lines.forEach((line, index) => {
    const account = context.accounts.get(line.account);
    if (account === undefined) {
      errors.push(invalid(at(`lines[${index}].account`), `account ${line.account} does not exist in the chart of accounts`));
    } else if (account.control && line.customerId === undefined) {
      errors.push(invalid(at(`lines[${index}].customerId`), `account ${line.account} is a control account; the line must name its customer`));
    }
  });
  const period = periodContaining(context.periods, journal.date);
  const schedulePeriodsByLine = new Map<number, PeriodInfo[]>();
  journal.lines.forEach((line, index) => {
    if (line.incomeSchedule === undefined || period === undefined) return;
    const path = at(`lines[${index}].incomeSchedule`);
    const revenue = context.accounts.get(line.incomeSchedule.revenueAccount);
    if (revenue === undefined) {
      errors.push(invalid(fieldPath(path, 'revenueAccount'), `account ${line.incomeSchedule.revenueAccount} does not exist in the chart of accounts`));
    } else if (revenue.control) {
      errors.push(invalid(fieldPath(path, 'revenueAccount'), `account ${line.incomeSchedule.revenueAccount} is a control account and cannot take revenue`));
    }
    const periods = schedulePeriods(line.incomeSchedule, period, context.periods, path);
    if ('code' in periods) errors.push(periods);
    else schedulePeriodsByLine.set(index, periods);
  });
  if (period === undefined) {
    errors.push({ code: ErrorCode.PERIOD_CLOSED, message: `no fiscal period covers ${journal.date}`, fieldPath: at('date') });
  } else if (period.closed) {
    errors.push({
      code: ErrorCode.PERIOD_CLOSED,
      message: `period ${period.period} is closed; ${journal.date} cannot be posted`,
      fieldPath: at('date'),
    });
  }
  const homeRate = rateFor(journal, context.homeCurrency, (line) => line.homeAmount, context.rates, at('currency'), errors);
  const reportingErrors: BusinessError[] = [];
  const reportingRate = rateFor(journal, context.reportingCurrency, (line) => line.reportingAmount, context.rates, at('currency'), reportingErrors);
  // With reporting currency = home currency a missing rate is one problem, reported once.
  errors.push(...reportingErrors.filter((error) => !errors.some((known) => known.message === error.message)));
  if (errors.length > 0 || period === undefined) return reject(...errors);

  const documentAmounts = journal.lines.map((line) => line.amount);
  const homeGiven = journal.lines.map((line) => line.homeAmount);
  const reportingGiven = journal.lines.map((line) => line.reportingAmount);
  const homeAmounts = convertLines(documentAmounts, homeGiven, homeRate, context.homeCurrency, context.roundingMode);
  const reportingAmounts = convertLines(documentAmounts, reportingGiven, reportingRate, context.reportingCurrency, context.roundingMode);
  const homeDifference = roundingDifference(homeAmounts, countMissing(homeGiven), context.homeCurrency, context.roundingMode);
  const reportingDifference = roundingDifference(reportingAmounts, countMissing(reportingGiven), context.reportingCurrency, context.roundingMode);
  if (homeDifference === undefined || reportingDifference === undefined) {
    const [currency, amounts] =
      homeDifference === undefined ? [context.homeCurrency, homeAmounts] : [context.reportingCurrency, reportingAmounts];
    return reject({
      code: ErrorCode.UNBALANCED_ENTRY,
      message: `the lines' ${currency} amounts sum to ${formatAmount(sum(amounts), currency)}, more than conversion rounding can explain`,
      fieldPath: at('lines'),
    });
  }

  const lines: DraftLine[] = journal.lines.map((line, index) => ({
    account: line.account,
    amount: line.amount,
    homeAmount: homeAmounts[index] as Decimal,
    reportingAmount: reportingAmounts[index] as Decimal,
    description: line.description,
    customerId: line.customerId,
    correction: line.correction,
    incomeSchedule: line.incomeSchedule,
  }));
  const currencies = { currency: journal.currency, homeCurrency: context.homeCurrency, reportingCurrency: context.reportingCurrency };
  const schedules = [...schedulePeriodsByLine].flatMap(([index, periods]) => {
    const line = lines[index] as DraftLine;
    const schedule = line.incomeSchedule as IncomeSchedule;
    return scheduleEntries({ ...line, lineNumber: index + 1, schedule }, periods, currencies);
  });
  if (!homeDifference.isZero() || !reportingDifference.isZero()) {
    lines.push({
      account: context.roundingAccount,
      amount: new MoneyDecimal(0),
      homeAmount: homeDifference,
      reportingAmount: reportingDifference,
      description: ROUNDING_LINE_DESCRIPTION,
      customerId: undefined,
      correction: false,
      incomeSchedule: undefined,
    });
  }
  return accept({
    period: period.period,
    homeRate: homeRate === undefined ? journal.homeRate : effectiveRate(homeRate),
    reportingRate: reportingRate === undefined ? journal.reportingRate : effectiveRate(reportingRate),
    lines,
    schedules,
  });
}

function countMissing(given: readonly (Decimal | undefined)[]): number {
  return given.filter((amount) => amount === undefined).length;
}

/** The rate to a target currency, resolved only when some line leaves that amount to the ledger. */
function rateFor(
  journal: ParsedJournal,
  target: string,
  given: (line: ParsedLine) => Decimal | undefined,
  rates: RateBook,
  path: string,
  errors: BusinessError[],
): ResolvedRate | undefined {
  if (journal.lines.every((line) => given(line) !== undefined)) return undefined;
  const rate = resolveRate(rates, journal.currency, target, journal.date);
  if (rate === undefined) {
    errors.push({
      code: ErrorCode.EXCHANGE_RATE_MISSING,
      message: `no exchange rate ${journal.currency}/${target} (or ${target}/${journal.currency}) is valid on ${journal.date}`,
      fieldPath: path,
    });
  }
  return rate;
}

/** The currency pairs (document -> target) whose rates posting `journal` may need on its date. */
export function ratesNeeded(journal: ParsedJournal, currencies: CompanyCurrencies): Array<{ from: string; to: string; date: string }> {
  const needed: Array<{ from: string; to: string; date: string }> = [];
  const sides: Array<[string, (line: ParsedLine) => Decimal | undefined]> = [
    [currencies.homeCurrency, (line) => line.homeAmount],
    [currencies.reportingCurrency, (line) => line.reportingAmount],
  ];
  for (const [target, given] of sides) {
    if (target !== journal.currency && journal.lines.some((line) => given(line) === undefined)) {
      needed.push({ from: journal.currency, to: target, date: journal.date });
    }
  }
  return needed;
}

/**
 * Source ids are one key space per company, so an id posted as one kind of source (an invoice)
 * cannot be replayed as another (a payment): that would answer an entry the caller never posted.
 */
export function sourceTakenByOtherKind(prefix: string, sourceId: string, postedKind: string, requestedKind: SourceKind): BusinessError {
  return {
    code: ErrorCode.CONFLICT,
    message: `source ${sourceId} is taken by an entry of source type ${postedKind}; give this ${requestedKind} source an id of its own`,
    fieldPath: fieldPath(prefix, 'sourceId'),
  };
}
