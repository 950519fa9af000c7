/** Why a request was refused: the `common.v1.BusinessError` of the wire, without the wire. */
export interface BusinessError {
  code: string;
  message: string;
  /** lowerCamelCase path of the offending request field, as in the REST API; empty for the whole request. */
  fieldPath: string;
}

/** The rejection codes the customer-item service answers with (common/v1 types.proto). */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_STATE: 'INVALID_STATE',
} as const;

export function validationError(fieldPath: string, message: string): BusinessError {
  return { code: ErrorCode.VALIDATION_FAILED, message, fieldPath };
}

/** A use case's outcome: its value, or every reason it was refused (nothing was changed). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: BusinessError[] };

export function accepted<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function rejected<T>(errors: BusinessError[]): Outcome<T> {
  return { ok: false, errors };
}
