import { z } from '@ledgerline/config';
import { INCOME_SCHEDULE_PERIODS_MAX } from '@ledgerline/contracts';
import { MoneyDecimal, ROUNDING_MODES } from '@ledgerline/money';
import {
  accountNumber,
  currencyCode,
  decimalString,
  displayName,
  expected,
  fiscalPeriod,
  isoDate,
  isSet,
  PERCENT_SCALE_MAX,
  queryFlag,
  RATE_SCALE_MAX,
  recordId,
  REFERENCE_LENGTH_MAX,
  text,
} from './validation.js';

/**
 * Schemas of every REST request body, query and path (DESIGN section 11). Objects are strict:
 * an unknown field is refused, so a misspelt optional field cannot be silently ignored.
 */

/** Most lines on one document. */
export const INVOICE_LINES_MAX = 10_000;
/** Most distribution parts on one line. */
export const DISTRIBUTION_PARTS_MAX = 100;
/** Most serial numbers on one line. */
export const SERIAL_NUMBERS_PER_LINE_MAX = 10_000;
/** Longest serial number. */
export const SERIAL_NUMBER_LENGTH_MAX = 100;
/** Largest background-posting line threshold a company may set. */
export const BACKGROUND_POSTING_LINE_THRESHOLD_MAX = INVOICE_LINES_MAX;
/** A customer's invoice batch closes on this day of the month (DESIGN 4.1). */
export const BATCH_CUTOFF_DAY_MIN = 1;
export const BATCH_CUTOFF_DAY_MAX = 31;
/** Page size of list answers when ?limit= is absent. */
export const PAGE_LIMIT_DEFAULT = 50;
/** Largest ?limit= (the services cap pages at 500). */
export const PAGE_LIMIT_MAX = 500;
/** Longest ?cursor= accepted (cursors are opaque tokens from a previous page). */
export const CURSOR_LENGTH_MAX = 1_000;

export const DOCUMENT_TYPE_NAMES = ['SALES_ORDER', 'FREE_TEXT', 'DEBIT_MEMO', 'CREDIT_MEMO'] as const;
export const INVOICE_STATUS_NAMES = ['IN_PROGRESS', 'READY_TO_POST', 'COMPLETE', 'DISCARDED'] as const;
export const PAYMENT_TERMS_NAMES = ['STANDARD', 'CASH_SALES_ONLY'] as const;
export const COMPANY_TEMPLATE_NAMES = ['standard'] as const;
export const ACCOUNT_TYPE_NAMES = ['ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE'] as const;
export const CREDIT_CHECK_MODE_NAMES = ['NONE', 'BALANCE', 'BALANCE_PACKING_SLIPS', 'BALANCE_ALL'] as const;

const bool = () => z.boolean(expected('true or false'));
const batchCutoffDay = () => {
  const wholeDay = `a whole number ${BATCH_CUTOFF_DAY_MIN}-${BATCH_CUTOFF_DAY_MAX}`;
  return z
    .number(expected(wholeDay))
    .int(`expected ${wholeDay}`)
    .min(BATCH_CUTOFF_DAY_MIN, `expected ${wholeDay}`)
    .max(BATCH_CUTOFF_DAY_MAX, `expected ${wholeDay}`);
};

// ---- path parameters ---------------------------------------------------------------------

export const companyPath = z.strictObject({ company: recordId() });
export const customerPath = z.strictObject({ company: recordId(), customerId: recordId() });
export const productPath = z.strictObject({ company: recordId(), productId: recordId() });
export const invoicePath = z.strictObject({ company: recordId(), invoiceId: recordId() });
export const periodPath = z.strictObject({ company: recordId(), period: fiscalPeriod() });
export const postingProfilePath = z.strictObject({ company: recordId(), postingGroup: recordId() });

// ---- companies -----------------------------------------------------------------------------

export const createCompanyBody = z.strictObject({
  id: recordId(),
  name: displayName(),
  homeCurrency: currencyCode(),
  reportingCurrency: currencyCode(),
  fiscalYearStart: isoDate(),
  template: z.enum(COMPANY_TEMPLATE_NAMES, expected(`one of ${COMPANY_TEMPLATE_NAMES.join(', ')}`)),
});

/** What the rounding mode setting does, as the OpenAPI document tells it. */
export const ROUNDING_MODE_DESCRIPTION =
  'How amounts are rounded to the currency\'s minor unit where they are computed: line amounts and tax when a document is created or amended, the settlement discount and the home and reporting amounts when it posts, and payments. HALF_AWAY_FROM_ZERO (the default: 2.345 → 2.35), HALF_EVEN (ties to the even cent: 2.345 → 2.34), DOWN (towards zero) or UP (away from zero). A change applies to amounts computed from then on; amounts already stored stay as they are. Allocations (a line split by percent, an income schedule) always add up to the whole and do not depend on it.';

export const updateSettingsBody = z
  .strictObject({
    requireCustomerItemConfirmation: bool().optional(),
    backgroundPostingLineThreshold: z
      .number(expected('a whole number'))
      .int('expected a whole number')
      .min(0, 'must not be negative')
      .max(BACKGROUND_POSTING_LINE_THRESHOLD_MAX, `at most ${BACKGROUND_POSTING_LINE_THRESHOLD_MAX}`)
      .optional(),
    postZeroPriceLinesToRevenue: bool().optional(),
    sequentialLineNumbers: bool().optional(),
    defaultCreditTermsId: recordId().optional(),
    roundingAccount: accountNumber().optional(),
    receivableAccount: accountNumber().optional(),
    deferredRevenueAccount: accountNumber()
      .describe('Account a line on an income schedule is credited to at posting, and debited from as its revenue is recognised period by period.')
      .optional(),
    roundingMode: z
      .enum(ROUNDING_MODES, expected(`one of ${ROUNDING_MODES.join(', ')}`))
      .describe(ROUNDING_MODE_DESCRIPTION)
      .optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'name at least one setting to change');

export const createAccountBody = z.strictObject({
  account: accountNumber(),
  name: displayName(),
  type: z.enum(ACCOUNT_TYPE_NAMES, expected(`one of ${ACCOUNT_TYPE_NAMES.join(', ')}`)),
  control: bool().optional(),
});

export const postingProfileBody = z.strictObject({ receivableAccount: accountNumber() });

export const createTaxCodeBody = z.strictObject({
  code: recordId(),
  name: displayName(),
  ratePercent: decimalString(),
  payableAccount: accountNumber(),
});

export const createCreditTermsBody = z.strictObject({
  id: recordId(),
  name: displayName(),
  netDays: z.number(expected('a whole number')).int('expected a whole number').min(0, 'must not be negative'),
  discountPercent: decimalString({ allowEmpty: true }).optional(),
  discountDays: z.number(expected('a whole number')).int('expected a whole number').min(0, 'must not be negative').optional(),
});

export const openFiscalYearBody = z.strictObject({ startDate: isoDate() });

export const exchangeRateBody = z
  .strictObject({
    from: currencyCode(),
    to: currencyCode(),
    date: isoDate(),
    rate: decimalString({ scale: RATE_SCALE_MAX, positive: true }),
  })
  .refine((body) => body.from !== body.to, { path: ['to'], message: 'must differ from "from"' });

// ---- customers and payments ----------------------------------------------------------------

export const createCustomerBody = z.strictObject({
  id: recordId(),
  name: displayName(),
  currency: currencyCode(),
  creditTermsId: recordId({ allowEmpty: true }).optional(),
  paymentTerms: z.enum(PAYMENT_TERMS_NAMES, expected(`one of ${PAYMENT_TERMS_NAMES.join(', ')}`)),
  creditLimit: decimalString({ allowEmpty: true }).optional(),
  batchCutoffDay: batchCutoffDay().optional(),
  postingGroup: recordId({ allowEmpty: true }).optional(),
});

/**
 * A change of a customer's master data: fields left out keep their value, null clears one. ""
 * is refused rather than read as either, since in a change it could mean both.
 */
export const updateCustomerBody = z
  .strictObject({
    name: displayName().optional(),
    creditTermsId: recordId().nullable().optional(),
    paymentTerms: z.enum(PAYMENT_TERMS_NAMES, expected(`one of ${PAYMENT_TERMS_NAMES.join(', ')}`)).optional(),
    creditLimit: decimalString().nullable().optional(),
    batchCutoffDay: batchCutoffDay().nullable().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'name at least one field to change');

/** Sales YTD and PTD are computed for the fiscal year and period containing asOf (default today). */
export const getCustomerQuery = z.strictObject({ asOf: isoDate().optional() });

/** Most open items one payment may name (customer_service.proto RecordPaymentRequest). */
export const PAYMENT_APPLICATIONS_MAX = 1_000;

export const recordPaymentBody = z.strictObject({
  customerId: recordId(),
  amount: decimalString({ positive: true }),
  paidDate: isoDate(),
  reference: text(REFERENCE_LENGTH_MAX).optional(),
  currency: currencyCode({ allowEmpty: true }).optional(),
  /** Open items to settle, each with the amount applied to it; left out = oldest first. */
  applications: z
    .array(z.strictObject({ documentId: recordId(), amount: decimalString({ positive: true }) }), expected('a list of {documentId, amount}'))
    .max(PAYMENT_APPLICATIONS_MAX, `at most ${PAYMENT_APPLICATIONS_MAX} applications`)
    .optional(),
});

// ---- products and invoices -----------------------------------------------------------------

export const createProductBody = z.strictObject({
  id: recordId(),
  name: displayName(),
  revenueAccount: accountNumber(),
  serialized: bool().optional(),
  createsCustomerItem: bool().optional(),
});

const distributionPart = z
  .strictObject({
    account: accountNumber(),
    percent: decimalString({ scale: PERCENT_SCALE_MAX, allowEmpty: true }).optional(),
    amount: decimalString({ allowEmpty: true }).optional(),
  })
  .superRefine((part, context) => {
    if (isSet(part.percent) === isSet(part.amount)) {
      context.addIssue({ code: 'custom', path: ['percent'], message: 'give either percent or amount' });
    }
  });

/**
 * A line's income schedule (DESIGN 4.3, 4.4): its revenue is recognised over `periods` fiscal
 * periods from `startDate` instead of at posting. Whether those periods are open is the ledger's
 * to say when the document posts.
 */
const incomeSchedule = () => {
  const periods = `a whole number 1-${INCOME_SCHEDULE_PERIODS_MAX}`;
  const shape = {
    startDate: isoDate().describe('First day of recognition, YYYY-MM-DD.'),
    periods: z
      .number(expected(periods))
      .int(`expected ${periods}`)
      .min(1, `expected ${periods}`)
      .max(INCOME_SCHEDULE_PERIODS_MAX, `expected ${periods}`)
      .describe(`Number of fiscal periods the revenue is spread over, 1 to ${INCOME_SCHEDULE_PERIODS_MAX}.`),
  };
  return z
    .strictObject(shape, expected('an object {startDate, periods}'))
    .describe(
      "Recognise the line's revenue over fiscal periods instead of at posting: posting credits the line's net amount to the company's deferredRevenueAccount, and the ledger moves it to revenue in even parts, one entry per period. A document with one posts in the background. Left out or null: revenue at posting.",
    );
};

const invoiceLine = z.strictObject({
  description: text(),
  quantity: decimalString({ positive: true }),
  unitPrice: decimalString(),
  lineDiscount: decimalString({ allowEmpty: true }).optional(),
  productId: recordId({ allowEmpty: true }).optional(),
  account: accountNumber({ allowEmpty: true }).optional(),
  taxCode: recordId(),
  distribution: z
    .array(distributionPart, expected('an array'))
    .min(1, 'leave distribution out instead of sending none')
    .max(DISTRIBUTION_PARTS_MAX, `at most ${DISTRIBUTION_PARTS_MAX} parts`)
    .optional(),
  serialNumbers: z
    .array(z.string(expected('a serial number')).min(1, 'must not be empty').max(SERIAL_NUMBER_LENGTH_MAX, `at most ${SERIAL_NUMBER_LENGTH_MAX} characters`), expected('an array'))
    .max(SERIAL_NUMBERS_PER_LINE_MAX, `at most ${SERIAL_NUMBERS_PER_LINE_MAX} serial numbers`)
    .optional(),
  // Null is taken as no schedule, as an answer writes a line without one.
  incomeSchedule: incomeSchedule().nullable().optional(),
});

const invoiceLines = () =>
  z
    .array(invoiceLine, expected('an array of lines'))
    .min(1, 'at least one line')
    .max(INVOICE_LINES_MAX, `at most ${INVOICE_LINES_MAX} lines`);

export const createInvoiceBody = z
  .strictObject({
    type: z.enum(DOCUMENT_TYPE_NAMES, expected(`one of ${DOCUMENT_TYPE_NAMES.join(', ')}`)),
    customerId: recordId(),
    invoiceDate: isoDate(),
    currency: currencyCode({ allowEmpty: true }).optional(),
    reference: text(REFERENCE_LENGTH_MAX).optional(),
    lines: invoiceLines(),
  })
  .superRefine((invoice, context) => {
    // Which fields a line needs depends on the document type (DESIGN 4.2).
    invoice.lines.forEach((line, index) => {
      const at = (...path: Array<string | number>) => ['lines', index, ...path];
      const product = isSet(line.productId);
      const account = isSet(line.account);
      const distribution = line.distribution !== undefined && line.distribution.length > 0;
      if (invoice.type === 'SALES_ORDER' && !product) {
        context.addIssue({ code: 'custom', path: at('productId'), message: 'required on sales-order lines' });
      }
      if (invoice.type === 'FREE_TEXT') {
        if (product) context.addIssue({ code: 'custom', path: at('productId'), message: 'not allowed on free-text lines' });
        else if (!account && !distribution) context.addIssue({ code: 'custom', path: at('account'), message: 'required on free-text lines (or a distribution)' });
      }
      if ((invoice.type === 'DEBIT_MEMO' || invoice.type === 'CREDIT_MEMO') && !product && !account && !distribution) {
        context.addIssue({ code: 'custom', path: at('account'), message: 'give a productId, an account or a distribution' });
      }
      if (product && (account || distribution)) {
        context.addIssue({ code: 'custom', path: at(account ? 'account' : 'distribution'), message: "product lines take the product's revenue account" });
      }
      const percentProblem = distribution ? distributionPercentProblem(line.distribution ?? []) : undefined;
      if (percentProblem !== undefined) context.addIssue({ code: 'custom', path: at('distribution'), message: percentProblem });
    });
  });

/**
 * A change of an In Progress document: the date, the reference (left out = none) and every line
 * are replaced. The type, customer and currency never change, so the line rules that depend on
 * the type are the service's to check; the edge checks what holds for every type.
 */
export const amendInvoiceBody = z
  .strictObject({
    invoiceDate: isoDate(),
    reference: text(REFERENCE_LENGTH_MAX).optional(),
    lines: invoiceLines(),
  })
  .superRefine((invoice, context) => {
    invoice.lines.forEach((line, index) => {
      const at = (...path: Array<string | number>) => ['lines', index, ...path];
      const distribution = line.distribution !== undefined && line.distribution.length > 0;
      if (isSet(line.productId) && (isSet(line.account) || distribution)) {
        context.addIssue({ code: 'custom', path: at(isSet(line.account) ? 'account' : 'distribution'), message: "product lines take the product's revenue account" });
      }
      const percentProblem = distribution ? distributionPercentProblem(line.distribution ?? []) : undefined;
      if (percentProblem !== undefined) context.addIssue({ code: 'custom', path: at('distribution'), message: percentProblem });
    });
  });

/**
 * A distribution by percent must add up to exactly 100 (DESIGN 4.2), which the edge can check;
 * whether amounts add up to the line's net amount needs the document currency, and is the
 * service's to check. Parts are all by percent or all by amount.
 */
export function distributionPercentProblem(parts: ReadonlyArray<{ percent?: string | undefined; amount?: string | undefined }>): string | undefined {
  const byPercent = parts.filter((part) => isSet(part.percent));
  if (byPercent.length === 0) return undefined;
  if (byPercent.length !== parts.length) return 'give every part by percent or every part by amount';
  const total = byPercent.reduce((sum, part) => sum.plus(new MoneyDecimal(part.percent ?? '0')), new MoneyDecimal(0));
  return total.equals(100) ? undefined : `percentages add up to ${total.toFixed()}, not 100`;
}

/** A query value given once or repeated (?status=A&status=B), also comma-separated (?status=A,B). */
export function listOf<const Names extends readonly [string, ...string[]]>(names: Names) {
  return z
    .union([z.string(), z.array(z.string())], expected(`one or more of ${names.join(', ')}`))
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')))
    .pipe(z.array(z.enum(names, expected(`one of ${names.join(', ')}`))).max(names.length * 2));
}

export const pageQuery = {
  cursor: text(CURSOR_LENGTH_MAX).optional(),
  /** Larger values are served as PAGE_LIMIT_MAX: page on with nextCursor. */
  limit: z
    .string(expected('a whole number from 1'))
    .regex(/^[1-9][0-9]{0,8}$/, 'expected a whole number from 1')
    .transform((text) => Math.min(Number(text), PAGE_LIMIT_MAX))
    .describe(`Page size; values above ${PAGE_LIMIT_MAX} are served as ${PAGE_LIMIT_MAX}. Default ${PAGE_LIMIT_DEFAULT}.`)
    .optional(),
};

export const listInvoicesQuery = z
  .strictObject({
    status: listOf(INVOICE_STATUS_NAMES).optional(),
    type: listOf(DOCUMENT_TYPE_NAMES).optional(),
    customerId: recordId().optional(),
    invoiceDateFrom: isoDate().optional(),
    invoiceDateTo: isoDate().optional(),
    dueDateFrom: isoDate().optional(),
    dueDateTo: isoDate().optional(),
    ...pageQuery,
  })
  .superRefine((query, context) => {
    for (const [from, to] of [
      ['invoiceDateFrom', 'invoiceDateTo'],
      ['dueDateFrom', 'dueDateTo'],
    ] as const) {
      const start = query[from];
      const end = query[to];
      if (start !== undefined && end !== undefined && start > end) {
        context.addIssue({ code: 'custom', path: [to], message: `must not be before ${from}` });
      }
    }
  });

export const openItemsListQuery = z.strictObject({ includeSettled: queryFlag(), ...pageQuery });

export const postInvoiceQuery = z.strictObject({ wait: queryFlag() });

/**
 * The payment taken together with posting (post and pay), in the document's currency. Its id is
 * the customer service's idempotency key of the payment; left out, it is derived from the
 * Idempotency-Key (see api/idempotency.ts).
 */
const postAndPay = z.strictObject({
  id: recordId().optional(),
  amount: decimalString({ positive: true }),
  paidDate: isoDate(),
  reference: text(REFERENCE_LENGTH_MAX).optional(),
});

/** Optional options of a posting request; the body may be absent. */
export const postInvoiceBody = z
  .strictObject({
    creditCheckMode: z.enum(CREDIT_CHECK_MODE_NAMES, expected(`one of ${CREDIT_CHECK_MODE_NAMES.join(', ')}`)).optional(),
    creditCorrection: bool().optional(),
    payment: postAndPay.optional(),
  })
  .optional();

/** Most documents one request to post many may name. */
export const POST_INVOICES_IDS_MAX = 1_000;

/** A request to post many documents at once, with the options each of them is posted with. */
export const postInvoicesBody = z.strictObject({
  invoiceIds: z
    .array(recordId(), expected('an array of document ids'))
    .min(1, 'at least one document id')
    .max(POST_INVOICES_IDS_MAX, `at most ${POST_INVOICES_IDS_MAX} document ids`)
    .refine((ids) => new Set(ids).size === ids.length, 'document ids must not repeat'),
  creditCheckMode: z.enum(CREDIT_CHECK_MODE_NAMES, expected(`one of ${CREDIT_CHECK_MODE_NAMES.join(', ')}`)).optional(),
  creditCorrection: bool().optional(),
});

// ---- ledger --------------------------------------------------------------------------------

export const ledgerEntriesQuery = z.strictObject({ sourceId: recordId() });
export const trialBalanceQuery = z.strictObject({ period: fiscalPeriod() });
export const accountBalancePath = z.strictObject({ company: recordId(), account: accountNumber() });
export const accountBalanceQuery = z.strictObject({ asOf: isoDate().optional(), customerId: recordId().optional() });

export const emptyQuery = z.strictObject({});

export type CreateCompanyBody = z.infer<typeof createCompanyBody>;
export type UpdateSettingsBody = z.infer<typeof updateSettingsBody>;
export type ExchangeRateBody = z.infer<typeof exchangeRateBody>;
export type CreateAccountBody = z.infer<typeof createAccountBody>;
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;
export type UpdateCustomerBody = z.infer<typeof updateCustomerBody>;
export type RecordPaymentBody = z.infer<typeof recordPaymentBody>;
export type CreateProductBody = z.infer<typeof createProductBody>;
export type CreateInvoiceBody = z.infer<typeof createInvoiceBody>;
export type ListInvoicesQuery = z.infer<typeof listInvoicesQuery>;
export type PostInvoiceBody = z.infer<typeof postInvoiceBody>;
export type PostInvoicesBody = z.infer<typeof postInvoicesBody>;
export type AmendInvoiceBody = z.infer<typeof amendInvoiceBody>;
