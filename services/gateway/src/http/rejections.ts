import type { commonV1 } from '@ledgerline/contracts';
import { HttpProblem, type FieldError } from './problem.js';

/**
 * The one place where a service's business rejection (the `rejection` alternative of a write's
 * response) becomes an HTTP problem. gRPC status errors are mapped by problemHandler instead.
 *
 * - NOT_FOUND about the addressed record (no field path): 404.
 * - CONFLICT (an id or Idempotency-Key reused with other content), ALREADY_POSTED,
 *   INVALID_STATE, BATCH_PRINTED, BATCH_DELETED, DOCUMENT_ALREADY_BATCHED: 409.
 * - Everything else: 422 - VALIDATION_FAILED, unknown references in the body (NOT_FOUND or
 *   *_NOT_FOUND with a field path), PERIOD_CLOSED, EXCHANGE_RATE_MISSING, CREDIT_LIMIT_EXCEEDED,
 *   the other blockers, and codes this gateway does not know yet.
 * With several errors the strongest status wins (404, then 409, then 422). The problem lists
 * every error as {path, message, code}.
 */
export const CONFLICT_CODES: ReadonlySet<string> = new Set(['CONFLICT', 'ALREADY_POSTED', 'INVALID_STATE', 'BATCH_PRINTED', 'BATCH_DELETED', 'DOCUMENT_ALREADY_BATCHED']);

const STATUS_PRECEDENCE = [404, 409, 422] as const;

export function httpStatusOfBusinessError(error: commonV1.BusinessError): 404 | 409 | 422 {
  if (error.code === 'NOT_FOUND' && error.fieldPath === '') return 404;
  if (CONFLICT_CODES.has(error.code)) return 409;
  return 422;
}

export function problemFromRejection(rejection: commonV1.Rejection): HttpProblem {
  const errors: FieldError[] = rejection.errors.map((error) => ({ path: error.fieldPath, message: error.message, code: error.code }));
  if (rejection.errors.length === 0) return new HttpProblem(422, 'the service refused the request without giving a reason', []);
  const statuses = new Set(rejection.errors.map(httpStatusOfBusinessError));
  const status = STATUS_PRECEDENCE.find((candidate) => statuses.has(candidate)) ?? 422;
  const first = rejection.errors.find((error) => httpStatusOfBusinessError(error) === status) ?? rejection.errors[0];
  return new HttpProblem(status, first?.message ?? 'refused', errors);
}

/** A write response's result, or its rejection thrown as a problem. */
export function resultOrThrow<Result extends { $case: string; value: unknown }>(
  result: Result | undefined,
  what: string,
): Exclude<Result, { $case: 'rejection' }>['value'] {
  if (result === undefined) throw new Error(`the service answered ${what} without a result`);
  if (result.$case === 'rejection') throw problemFromRejection(result.value as commonV1.Rejection);
  return result.value as Exclude<Result, { $case: 'rejection' }>['value'];
}
