/** Machine-readable reasons a money operation refused its input. */
export type MoneyErrorCode =
  | 'UNKNOWN_CURRENCY'
  | 'NOT_FINITE'
  | 'INVALID_SCALE'
  | 'INVALID_ROUNDING_MODE'
  | 'SCALE_EXCEEDS_CURRENCY'
  | 'INVALID_WEIGHTS'
  | 'INVALID_PERCENTS'
  | 'INVALID_RATE';

/** The only error type thrown by @ledgerline/money; switch on `code`, not on `message`. */
export class MoneyError extends Error {
  override readonly name = 'MoneyError';
  readonly code: MoneyErrorCode;

  constructor(code: MoneyErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isMoneyError(error: unknown): error is MoneyError {
  return error instanceof MoneyError;
}
