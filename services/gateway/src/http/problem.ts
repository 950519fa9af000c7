import { IDEMPOTENCY_KEY_IN_USE, IDEMPOTENCY_KEY_REUSED, isServiceError, httpStatusFromGrpc, reasonOf } from '@ledgerline/grpc';
import type { Logger } from '@ledgerline/telemetry';
import type { ErrorRequestHandler, Response } from 'express';
import type { FieldError } from '../api/validation.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export type { FieldError };

/**
 * An RFC 9457 problem detail; `errors` lists invalid fields for validation problems and, with
 * their `code`, the reasons a service refused a write.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The request field a service's error reason is about, where there is one. */
const FIELD_OF_REASON: Readonly<Record<string, string>> = {
  [IDEMPOTENCY_KEY_IN_USE]: 'Idempotency-Key',
  [IDEMPOTENCY_KEY_REUSED]: 'Idempotency-Key',
};
/** Retry-After of a repeat that arrived while the first request with its key still ran. */
const IDEMPOTENCY_KEY_IN_USE_RETRY_AFTER_S = 1;

/** Thrown by route handlers to answer with a problem. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function sendProblem(response: Response, status: number, detail: string, errors?: FieldError[]): void {
  const problem: Problem = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
  if (errors !== undefined) problem.errors = errors;
  response.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/**
 * The one place errors become HTTP answers: problems as thrown, gRPC statuses by the shared
 * mapping, malformed JSON as 400, anything else as 500 with the cause logged, not sent.
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, _next) => {
    if (error instanceof HttpProblem) {
      sendProblem(response, error.status, error.message, error.errors);
      return;
    }
    if (isServiceError(error)) {
      const status = httpStatusFromGrpc(error.code);
      if (status >= 500) logger.warn({ err: error }, 'downstream service failed');
      const detail = status >= 500 && status !== 504 && status !== 503 ? 'internal error' : error.details;
      const reason = reasonOf(error);
      if (reason === IDEMPOTENCY_KEY_IN_USE) response.setHeader('retry-after', String(IDEMPOTENCY_KEY_IN_USE_RETRY_AFTER_S));
      sendProblem(response, status, detail, reason === undefined ? undefined : [{ path: FIELD_OF_REASON[reason] ?? '', message: detail, code: reason }]);
      return;
    }
    if ((error as { type?: string }).type === 'entity.parse.failed') {
      sendProblem(response, 400, 'request body is not valid JSON');
      return;
    }
    // Other body-parser refusals (too large, unsupported charset) are client errors it marks exposable.
    const clientError = error as { status?: unknown; expose?: unknown; message?: unknown };
    if (clientError.expose === true && typeof clientError.status === 'number' && clientError.status >= 400 && clientError.status < 500) {
      sendProblem(response, clientError.status, typeof clientError.message === 'string' ? clientError.message : 'bad request');
      return;
    }
    logger.error({ err: error }, 'request failed');
    sendProblem(response, 500, 'internal error');
  };
}
