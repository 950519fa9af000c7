import { isCurrencyCode, MAX_AMOUNT_SCALE, parseAmount, type ParseFailureReason } from '@ledgerline/money';
import { z } from '@ledgerline/config';
import { isIsoDate } from '@ledgerline/calendar';
import { parseDraftNumber } from '@ledgerline/contracts';

/**
 * Building blocks of the REST edge's input validation (DESIGN section 11): decimal strings,
 * calendar dates that exist, fiscal periods, ISO 4217 codes and client-chosen ids. Pure: no I/O.
 */

/** Decimal places accepted in amounts, prices and quantities (the stored NUMERIC scale). */
export const AMOUNT_SCALE_MAX = MAX_AMOUNT_SCALE;
/** Decimal places accepted in percentages (tax and distribution). */
export const PERCENT_SCALE_MAX = 4;
/** Decimal places accepted in exchange rates ("1.0825"). */
export const RATE_SCALE_MAX = 8;
/** Longest client-chosen id (proto common/v1 convention). */
export const ID_LENGTH_MAX = 64;
/** Longest display name. */
export const NAME_LENGTH_MAX = 200;
/** Longest description or line text. */
export const TEXT_LENGTH_MAX = 1_000;
/** Longest free reference. */
export const REFERENCE_LENGTH_MAX = 200;
/** Longest Idempotency-Key header value. */
export const IDEMPOTENCY_KEY_LENGTH_MAX = 255;

/**
 * The error option of a zod type: "required" when the field is missing, else what was expected.
 * Used for every field so clients see one wording.
 */
export function expected(what: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : `expected ${what}`) };
}

const FAILURE_MESSAGES: Record<ParseFailureReason, (scale: number) => string> = {
  MALFORMED: () => 'expected a decimal string such as "1234.50" (no exponent, no "+", no spaces)',
  NEGATIVE: () => 'must not be negative',
  TOO_MANY_DECIMALS: (scale) => `at most ${scale} decimal places`,
  OUT_OF_RANGE: () => 'too large',
};

export interface DecimalOptions {
  /** Maximum decimal places; default AMOUNT_SCALE_MAX. */
  scale?: number;
  /** Negative values allowed; default false. */
  allowNegative?: boolean;
  /** Zero rejected; default false. */
  positive?: boolean;
  /** "" accepted as "not set" (optional fields); default false. */
  allowEmpty?: boolean;
}

/** A decimal string in plain notation; numbers, exponents and extra decimals are refused. */
export function decimalString(options: DecimalOptions = {}) {
  const scale = options.scale ?? AMOUNT_SCALE_MAX;
  return z
    .string(expected('a decimal string such as "1234.50"'))
    .regex(options.allowEmpty === true ? /^(-?(0|[1-9][0-9]*)(\.[0-9]+)?)?$/ : /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/, {
      error: FAILURE_MESSAGES.MALFORMED(scale),
      abort: true,
    })
    .describe(
      `Decimal string, at most ${scale} decimal places${options.allowNegative === true ? '' : options.positive === true ? ', greater than zero' : ', not negative'}.`,
    )
    .superRefine((text, context) => {
      if (text === '') return;
      const parsed = parseAmount(text, { maxScale: scale, allowNegative: options.allowNegative === true });
      if (!parsed.ok) {
        // The regex already reported malformed text.
        if (parsed.reason !== 'MALFORMED') context.addIssue({ code: 'custom', message: FAILURE_MESSAGES[parsed.reason](scale) });
        return;
      }
      if (options.positive === true && !parsed.value.greaterThan(0)) {
        context.addIssue({ code: 'custom', message: 'must be greater than zero' });
      }
    });
}

/** A calendar date "YYYY-MM-DD" that exists. */
export const isoDate = () =>
  z
    .string(expected('a date YYYY-MM-DD'))
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date YYYY-MM-DD', abort: true })
    .refine(isIsoDate, 'no such date')
    .describe('Calendar date YYYY-MM-DD.');

/** A document's draft number as invoicing gives it, "D-000123" (zero padding optional). */
export const draftNumber = () =>
  z
    .string(expected('a draft number such as "D-000123"'))
    .refine((text) => parseDraftNumber(text) !== undefined, 'expected a draft number such as "D-000123"')
    .describe('Draft number, "D-" and digits.');

/** A fiscal period "YYYY-MM". */
export const fiscalPeriod = () =>
  z.string(expected('a period YYYY-MM')).regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a period YYYY-MM');

/** Options of optional text fields. */
export interface TextOptions {
  /** "" accepted as "not set", as the contracts write it; default false. */
  allowEmpty?: boolean;
}

/** An active ISO 4217 alphabetic code, upper case. */
export const currencyCode = (options: TextOptions = {}) =>
  z
    .string(expected('an ISO 4217 currency code such as "EUR"'))
    .regex(options.allowEmpty === true ? /^([A-Z]{3})?$/ : /^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code such as "EUR"', abort: true })
    .refine((code) => (code === '' && options.allowEmpty === true) || isCurrencyCode(code), 'not an active ISO 4217 currency code')
    .describe('Active ISO 4217 currency code.');

function identifier(what: string, options: TextOptions) {
  const schema = z.string(expected(what)).max(ID_LENGTH_MAX, `at most ${ID_LENGTH_MAX} characters`);
  return (options.allowEmpty === true ? schema : schema.min(1, 'must not be empty')).regex(
    /^[\x21-\x7e]*$/,
    'only visible ASCII characters, no spaces',
  );
}

/** A client-chosen id: 1-64 visible ASCII characters. */
export const recordId = (options: TextOptions = {}) => identifier('an id', options);

/** A ledger account number such as "4000". */
export const accountNumber = (options: TextOptions = {}) => identifier('an account number', options);

/** True for a value of an optional field that is set ("" and undefined mean "not set"). */
export const isSet = (value: string | undefined): value is string => value !== undefined && value !== '';

/** A display name. */
export const displayName = () =>
  z.string(expected('a name')).trim().min(1, 'must not be empty').max(NAME_LENGTH_MAX, `at most ${NAME_LENGTH_MAX} characters`);

/** Free text of bounded length. */
export const text = (max: number = TEXT_LENGTH_MAX) => z.string(expected('a string')).max(max, `at most ${max} characters`);

/** A query-string flag: "true" or "false". */
export const queryFlag = () =>
  z
    .enum(['true', 'false'], expected('true or false'))
    .optional()
    .transform((value) => value === 'true');

/** A field error of a problem+json body. */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

/** "lines[2].quantity" from ['lines', 2, 'quantity'], prefixed when given ("query", "header"). */
export function fieldPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const part of path) {
    if (typeof part === 'number') result += `[${part}]`;
    else result += result === '' ? String(part) : `.${String(part)}`;
  }
  return result;
}

/** The field errors of a failed zod parse, in the REST API's path notation. */
export function fieldErrors(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { path: fieldPath([...prefix, ...issue.path, ...(issue.keys.length === 1 ? issue.keys : [])]), message: `unknown field${issue.keys.length === 1 ? '' : `s ${issue.keys.join(', ')}`}` };
    }
    return { path: fieldPath([...prefix, ...issue.path]), message: issue.message };
  });
}
