import { Metadata, status, type ServiceError } from '@grpc/grpc-js';

export { status as GrpcStatus };

/**
 * An error a handler throws to answer with a specific gRPC status (NOT_FOUND on a read,
 * PERMISSION_DENIED, INVALID_ARGUMENT for a request that cannot be interpreted). Business
 * rejections are not errors: they travel in the response as a `Rejection`.
 */
export class GrpcStatusError extends Error {
  constructor(
    readonly code: status,
    message: string,
    /** A typed code for callers that must tell this error from others of its status (e.g. IDEMPOTENCY_KEY_REUSED). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'GrpcStatusError';
  }
}

/** Trailing metadata entry carrying a GrpcStatusError's reason. */
export const REASON_METADATA = 'ledgerline-reason';

export function toServiceError(error: unknown): Partial<ServiceError> {
  if (error instanceof GrpcStatusError) {
    const metadata = new Metadata();
    if (error.reason !== undefined) metadata.set(REASON_METADATA, error.reason);
    return { code: error.code, details: error.message, metadata };
  }
  // An unexpected error is a broken invariant: its message may reveal internals, so the caller
  // gets a generic INTERNAL while the service logs the cause.
  return { code: status.INTERNAL, details: 'internal error', metadata: new Metadata() };
}

/** The reason a service gave with an error status, if any. */
export function reasonOf(error: ServiceError): string | undefined {
  const [reason] = error.metadata?.get(REASON_METADATA) ?? [];
  return typeof reason === 'string' ? reason : undefined;
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number' && 'details' in error;
}

/**
 * The one mapping from gRPC status to HTTP status used at the REST edge (RFC 9457 problems).
 * gRPC's own HTTP mapping guide is followed, except that FAILED_PRECONDITION and ABORTED answer
 * 409 because for this API they mean "the document's state does not allow it".
 */
const HTTP_STATUS_BY_GRPC: Record<status, number> = {
  [status.OK]: 200,
  [status.CANCELLED]: 499,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 409,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
  [status.UNAUTHENTICATED]: 401,
};

export function httpStatusFromGrpc(code: status): number {
  return HTTP_STATUS_BY_GRPC[code] ?? 500;
}
