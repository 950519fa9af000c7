/**
 * A service posting asks for facts (customer, customer-item, invoicing) could not answer: it is
 * down, too slow, or does not implement the call yet (deployed before the service that serves
 * it). Nothing is known about the documents, so they must neither pass nor fail: the batch is
 * retried. Its `code` is a connection error's, which the consumer's default transient-failure
 * test recognises, so the consumer keeps retrying, logging each attempt, and restarts rather
 * than dead-lettering the requests.
 */
export class ServiceUnavailableError extends Error {
  readonly code: 'ECONNREFUSED' | 'ETIMEDOUT';

  constructor(
    readonly service: string,
    readonly call: string,
    readonly kind: 'UNAVAILABLE' | 'DEADLINE_EXCEEDED' | 'UNIMPLEMENTED',
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      kind === 'UNIMPLEMENTED'
        ? `${service} does not implement ${call} yet (${detail}); posting waits until it does`
        : `${service} ${kind} on ${call}: ${detail}`,
      options,
    );
    this.name = 'ServiceUnavailableError';
    this.code = kind === 'DEADLINE_EXCEEDED' ? 'ETIMEDOUT' : 'ECONNREFUSED';
  }
}
