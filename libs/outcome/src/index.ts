/**
 * Business rejections as result values (TIGER_STYLE): a use case answers with its value or with
 * every reason it refused, and the gRPC edge maps the reasons to `common.v1.Rejection` in one
 * place. Each service keeps its own codes; the shape is the same everywhere.
 */

/** Why a request was refused: the `common.v1.BusinessError` of the wire, without the wire. */
export interface BusinessError {
  code: string;
  message: string;
  /** lowerCamelCase path of the offending request field, as in the REST API; empty for the whole request. */
  fieldPath: string;
}

/** The code every service answers malformed input with (common/v1 types.proto). */
export const VALIDATION_FAILED = 'VALIDATION_FAILED';

export function validationError(fieldPath: string, message: string): BusinessError {
  return { code: VALIDATION_FAILED, message, fieldPath };
}

/** A use case's outcome: its value, or every reason it was refused (nothing was changed). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: BusinessError[] };

export function accepted<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function rejected<T>(errors: BusinessError[]): Outcome<T> {
  return { ok: false, errors };
}
