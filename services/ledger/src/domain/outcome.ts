/**
 * Business outcomes are values, not exceptions: a refused request is an ordinary answer with
 * every reason it was refused, and transports render it as a typed rejection.
 */

/** Stable codes of the rejections the ledger gives (see common/v1 BusinessError). */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PERIOD_CLOSED: 'PERIOD_CLOSED',
  EXCHANGE_RATE_MISSING: 'EXCHANGE_RATE_MISSING',
  UNBALANCED_ENTRY: 'UNBALANCED_ENTRY',
  LINKED_JOURNAL_REFUSED: 'LINKED_JOURNAL_REFUSED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface BusinessError {
  code: ErrorCode;
  message: string;
  /** lowerCamelCase path of the offending request field as in REST ("lines[2].account"); empty for the whole request. */
  fieldPath: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: BusinessError[] };

export function accept<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function reject<T = never>(...errors: BusinessError[]): Outcome<T> {
  return { ok: false, errors };
}

export function invalid(fieldPath: string, message: string): BusinessError {
  return { code: ErrorCode.VALIDATION_FAILED, message, fieldPath };
}

/** Joins a path prefix ("journals[3]") and a field ("lines[0].amount"); either may be empty. */
export function fieldPath(prefix: string, field: string): string {
  if (prefix === '') return field;
  if (field === '') return prefix;
  return `${prefix}.${field}`;
}
