import { isIsoDate, periodContaining } from '@ledgerline/calendar';
import type { Decimal } from 'decimal.js';
import { MoneyDecimal, parseAmount, roundToCurrency, sum } from '@ledgerline/money';
import type { Outcome } from '@ledgerline/outcome';
import {
  CUSTOMER_ITEM_UNITS_MAX,
  DESCRIPTION_LENGTH_MAX,
  DISTRIBUTION_SHARES_MAX,
  DOCUMENT_LINES_MAX,
  QUANTITY_SCALE_MAX,
  SERIAL_NUMBERS_MAX,
} from './limits.js';
import type {
  ComputedDocument,
  ComputedLine,
  ComputedTaxLine,
  Distribution,
  DocumentContext,
  DocumentInput,
  FieldError,
  FiscalPeriod,
  IncomeSchedule,
  LineInput,
} from './types.js';

const ONE_HUNDRED = new MoneyDecimal(100);

/**
 * Validates a document's lines against the company's tax codes, accounts and products and
 * computes its amounts: line net = quantity x unit price - line discount, rounded to the
 * currency; tax per tax code on the sum of its lines' nets, rounded once per code; totals as
 * sums of rounded figures, so the document, its tax lines and its voucher always agree.
 * Every problem is reported at once, each naming its field.
 */
export function computeDocument(input: DocumentInput, context: DocumentContext): Outcome<ComputedDocument> {
  const errors: FieldError[] = [];
  if (input.lines.length === 0) {
    errors.push(error('VALIDATION_FAILED', 'a document needs at least one line', 'lines'));
  }
  if (input.lines.length > DOCUMENT_LINES_MAX) {
    errors.push(error('VALIDATION_FAILED', `a document has at most ${DOCUMENT_LINES_MAX} lines`, 'lines'));
  }
  const lines: ComputedLine[] = [];
  input.lines.forEach((line, index) => {
    const computed = computeLine(line, index, input, context, errors);
    if (computed !== undefined) lines.push(computed);
  });
  const customerItemUnits = sum(lines.filter((line) => createsCustomerItems(line, input)).map((line) => line.quantity));
  if (customerItemUnits.greaterThan(CUSTOMER_ITEM_UNITS_MAX)) {
    errors.push(
      error('VALIDATION_FAILED', `products that create customer items total ${customerItemUnits.toFixed()} units; a document has at most ${CUSTOMER_ITEM_UNITS_MAX}`, 'lines'),
    );
  }
  if (errors.length > 0) return { ok: false, errors };

  const taxLines = taxLinesOf(lines, input.currency, context);
  const netAmount = sum(lines.map((line) => line.netAmount));
  const taxAmount = sum(taxLines.map((taxLine) => taxLine.taxAmount));
  return { ok: true, value: { lines, taxLines, netAmount, taxAmount, totalAmount: netAmount.plus(taxAmount) } };
}

function computeLine(
  line: LineInput,
  index: number,
  input: DocumentInput,
  context: DocumentContext,
  errors: FieldError[],
): ComputedLine | undefined {
  const path = `lines[${index}]`;
  const before = errors.length;
  if (line.description.trim() === '') errors.push(error('VALIDATION_FAILED', 'description is required', `${path}.description`));
  if (line.description.length > DESCRIPTION_LENGTH_MAX) {
    errors.push(error('VALIDATION_FAILED', `description has at most ${DESCRIPTION_LENGTH_MAX} characters`, `${path}.description`));
  }
  const quantity = decimal(line.quantity, `${path}.quantity`, { positive: true }, errors);
  const unitPrice = decimal(line.unitPrice, `${path}.unitPrice`, {}, errors);
  // An amount of the document's currency, so in its minor unit: the line is then rounded once
  // (quantity times price), and taking the discount off keeps it on the currency's grid.
  const lineDiscount =
    line.lineDiscount === '' ? new MoneyDecimal(0) : decimal(line.lineDiscount, `${path}.lineDiscount`, { currency: input.currency }, errors);

  let account = line.account;
  let serialized = false;
  let createsCustomerItem = false;
  if (line.productId !== '') {
    const product = context.products.get(line.productId);
    if (product === undefined) {
      errors.push(error('UNKNOWN_PRODUCT', `product ${line.productId} does not exist`, `${path}.productId`));
    } else {
      if (account === '') account = product.revenueAccount;
      serialized = product.serialized;
      createsCustomerItem = product.createsCustomerItem;
    }
  } else if (input.type === 'SALES_ORDER') {
    errors.push(error('VALIDATION_FAILED', 'a sales-order invoice line needs a product', `${path}.productId`));
  } else if (account === '' && line.distribution.length === 0) {
    errors.push(error('VALIDATION_FAILED', 'a free-text line needs a ledger account', `${path}.account`));
  }
  if (account !== '' && !context.accounts.has(account)) {
    errors.push(error('UNKNOWN_ACCOUNT', `account ${account} does not exist`, `${path}.account`));
  }
  if (line.taxCode === '') {
    errors.push(error('VALIDATION_FAILED', 'a tax code is required', `${path}.taxCode`));
  } else if (!context.taxRatesPercent.has(line.taxCode)) {
    errors.push(error('UNKNOWN_TAX_CODE', `tax code ${line.taxCode} does not exist`, `${path}.taxCode`));
  }
  if (line.serialNumbers.length > SERIAL_NUMBERS_MAX) {
    errors.push(error('VALIDATION_FAILED', `a line has at most ${SERIAL_NUMBERS_MAX} serial numbers`, `${path}.serialNumbers`));
  }
  if (quantity !== undefined && createsCustomerItems({ createsCustomerItem }, input) && !quantity.isInteger()) {
    errors.push(error('VALIDATION_FAILED', `product ${line.productId} creates a customer item per unit; the quantity is a whole number`, `${path}.quantity`));
  }
  const incomeSchedule = incomeScheduleOf(line, path, context, errors);
  if (errors.length > before || quantity === undefined || unitPrice === undefined || lineDiscount === undefined) return undefined;

  const gross = roundToCurrency(quantity.times(unitPrice), input.currency, context.roundingMode);
  if (lineDiscount.greaterThan(gross)) {
    errors.push(error('VALIDATION_FAILED', 'the line discount exceeds the line amount', `${path}.lineDiscount`));
    return undefined;
  }
  const netAmount = gross.minus(lineDiscount);
  const distribution = distributionOf(line, path, netAmount, input.currency, context, errors);
  if (distribution === undefined) return undefined;
  const ratePercent = context.taxRatesPercent.get(line.taxCode) ?? new MoneyDecimal(0);
  return {
    lineNumber: index + 1,
    description: line.description,
    quantity,
    unitPrice,
    lineDiscount,
    productId: line.productId,
    account,
    taxCode: line.taxCode,
    distribution,
    serialNumbers: [...line.serialNumbers],
    netAmount,
    taxAmount: roundToCurrency(netAmount.times(ratePercent).dividedBy(ONE_HUNDRED), input.currency, context.roundingMode),
    serialized,
    createsCustomerItem,
    incomeSchedule,
  };
}

/**
 * A line's income schedule, checked (DESIGN 4.3, 4.4): a start date that exists and a whole
 * number of periods from 1 to the shared maximum. Any document type and any line may carry one;
 * whether its periods are open is the ledger's to say when the document posts, since periods
 * can be opened and closed between now and then.
 */
function incomeScheduleOf(line: LineInput, path: string, context: DocumentContext, errors: FieldError[]): IncomeSchedule | undefined {
  const schedule = line.incomeSchedule;
  if (schedule === undefined) return undefined;
  const schedulePath = `${path}.incomeSchedule`;
  const max = context.incomeSchedulePeriodsMax;
  if (!isIsoDate(schedule.startDate)) {
    errors.push(error('VALIDATION_FAILED', 'startDate is a date that exists, YYYY-MM-DD', `${schedulePath}.startDate`));
  }
  if (!Number.isInteger(schedule.periods) || schedule.periods < 1 || schedule.periods > max) {
    errors.push(error('VALIDATION_FAILED', `periods is a whole number from 1 to ${max}`, `${schedulePath}.periods`));
  }
  return { startDate: schedule.startDate, periods: schedule.periods };
}

/**
 * Schedules that start before the document's fiscal period: revenue cannot be recognised before
 * the document defers it, so posting would refuse them. Said when the document is written, so the
 * clerk can correct it at once; a document dated in no known period is left to posting.
 */
export function scheduleStartErrors(lines: readonly LineInput[], invoiceDate: string, periods: readonly FiscalPeriod[]): FieldError[] {
  const documentPeriod = periodContaining(periods, invoiceDate);
  if (documentPeriod === undefined) return [];
  return lines.flatMap((line, index) =>
    line.incomeSchedule !== undefined && isIsoDate(line.incomeSchedule.startDate) && line.incomeSchedule.startDate < documentPeriod.startDate
      ? [
          error(
            'VALIDATION_FAILED',
            `the income schedule starts on ${line.incomeSchedule.startDate}, before the document's period ${documentPeriod.period}`,
            `lines[${index}].incomeSchedule.startDate`,
          ),
        ]
      : [],
  );
}

/**
 * Whether a line's units each become a customer item (DESIGN 4.6): its product says so, and
 * the document sells rather than takes back, so not on a credit memo. Such a quantity is a
 * whole number, and a document has at most CUSTOMER_ITEM_UNITS_MAX of them.
 */
function createsCustomerItems(line: { createsCustomerItem: boolean }, input: DocumentInput): boolean {
  return line.createsCustomerItem && input.type !== 'CREDIT_MEMO';
}

/**
 * A distribution spreads a line's net amount over accounts, either all by percent (summing to
 * exactly 100) or all by amount (summing to exactly the net). Anything else is DISTRIBUTION_INVALID.
 */
function distributionOf(
  line: LineInput,
  path: string,
  netAmount: Decimal,
  currency: string,
  context: DocumentContext,
  errors: FieldError[],
): Distribution[] | undefined {
  if (line.distribution.length === 0) return [];
  const distributionPath = `${path}.distribution`;
  if (line.distribution.length > DISTRIBUTION_SHARES_MAX) {
    errors.push(error('DISTRIBUTION_INVALID', `a line has at most ${DISTRIBUTION_SHARES_MAX} distribution shares`, distributionPath));
    return undefined;
  }
  const before = errors.length;
  const byPercent = line.distribution.every((share) => share.percent !== '' && share.amount === '');
  const byAmount = line.distribution.every((share) => share.amount !== '' && share.percent === '');
  if (!byPercent && !byAmount) {
    errors.push(error('DISTRIBUTION_INVALID', 'give every share either a percent or an amount, not both or a mix', distributionPath));
    return undefined;
  }
  const shares: Distribution[] = line.distribution.map((share, index) => {
    const sharePath = `${distributionPath}[${index}]`;
    if (!context.accounts.has(share.account)) {
      errors.push(error('UNKNOWN_ACCOUNT', `account ${share.account} does not exist`, `${sharePath}.account`));
    }
    return {
      account: share.account,
      percent: byPercent ? decimal(share.percent, `${sharePath}.percent`, {}, errors) : undefined,
      amount: byAmount ? decimal(share.amount, `${sharePath}.amount`, { currency }, errors) : undefined,
    };
  });
  if (errors.length > before) return undefined;
  if (byPercent) {
    const total = sum(shares.map((share) => share.percent ?? new MoneyDecimal(0)));
    if (!total.equals(ONE_HUNDRED)) {
      errors.push(error('DISTRIBUTION_INVALID', `distribution percents add up to ${total.toFixed()}, not 100`, distributionPath));
      return undefined;
    }
    return shares;
  }
  const total = sum(shares.map((share) => share.amount ?? new MoneyDecimal(0)));
  if (!total.equals(netAmount)) {
    errors.push(
      error('DISTRIBUTION_INVALID', `distribution amounts add up to ${total.toFixed()}, not the line amount ${netAmount.toFixed()}`, distributionPath),
    );
    return undefined;
  }
  return shares;
}

function taxLinesOf(lines: readonly ComputedLine[], currency: string, context: DocumentContext): ComputedTaxLine[] {
  const bases = new Map<string, Decimal>();
  for (const line of lines) bases.set(line.taxCode, (bases.get(line.taxCode) ?? new MoneyDecimal(0)).plus(line.netAmount));
  return [...bases]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([taxCode, baseAmount]) => {
      const ratePercent = context.taxRatesPercent.get(taxCode) ?? new MoneyDecimal(0);
      return {
        taxCode,
        ratePercent,
        baseAmount,
        taxAmount: roundToCurrency(baseAmount.times(ratePercent).dividedBy(ONE_HUNDRED), currency, context.roundingMode),
      };
    });
}

function decimal(
  text: string,
  fieldPath: string,
  rules: { positive?: boolean; currency?: string },
  errors: FieldError[],
): Decimal | undefined {
  const parsed = parseAmount(text, rules.currency === undefined ? { maxScale: QUANTITY_SCALE_MAX } : { currency: rules.currency });
  if (!parsed.ok) {
    const reasons: Record<typeof parsed.reason, string> = {
      MALFORMED: 'is not a decimal number such as "12.50"',
      NEGATIVE: 'must not be negative',
      TOO_MANY_DECIMALS: 'has too many decimals',
      OUT_OF_RANGE: 'is too large',
    };
    errors.push(error('VALIDATION_FAILED', `${fieldPath} ${reasons[parsed.reason]}`, fieldPath));
    return undefined;
  }
  if (rules.positive === true && !parsed.value.greaterThan(0)) {
    errors.push(error('VALIDATION_FAILED', `${fieldPath} must be greater than zero`, fieldPath));
    return undefined;
  }
  return parsed.value;
}

function error(code: string, message: string, fieldPath: string): FieldError {
  return { code, message, fieldPath };
}
