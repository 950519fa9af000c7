import { createHash, randomUUID } from 'node:crypto';
import { status, type MethodDefinition } from '@grpc/grpc-js';
import type { Logger } from '@ledgerline/telemetry';
import { GrpcStatusError } from './errors.js';

/**
 * Idempotency keys of writes that are idempotent by nature (close a period, change settings):
 * the caller names the write with a key, and the service records the key with a fingerprint of
 * the request and, once the handler changed something, the encoded response. A repeat with the
 * same key and request answers the recorded response without running the handler again, even
 * when the state changed since; the key with another request is refused, and so is a repeat
 * while the first is still running.
 *
 * Only answers that changed something are recorded. A business rejection (the response's
 * `rejection` alternative) or an error status changed nothing, so the claim is released and a
 * retry with the key runs again: a refusal such as "running now, try again later" must not stick
 * to the key for a day.
 *
 * The record is written beside the handler's own transaction, not in it, so a service that dies
 * after the handler committed and before the answer was recorded runs the handler again when the
 * call is retried after IDEMPOTENCY_CLAIM_LEASE_MS. That is why only writes that are idempotent
 * by themselves take a key this way.
 */

/** gRPC metadata entry carrying the caller's idempotency key, already scoped by the caller. */
export const IDEMPOTENCY_KEY_METADATA = 'idempotency-key';
/** Reason of the ABORTED answer to a repeat while the first call with its key still runs: retry later. */
export const IDEMPOTENCY_KEY_IN_USE = 'IDEMPOTENCY_KEY_IN_USE';
/** Reason of the ALREADY_EXISTS answer to a key used with another request: use a new key. */
export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';
/** Longest key a service records (the gateway's scope adds the company and route to the client's key). */
export const IDEMPOTENCY_KEY_BYTES_MAX = 1_024;
/**
 * How long a claim without an answer holds its key: longer than any call should run (the longest
 * deadline the gateway sets is a recurring run's 120 s, and a transaction is cut at 30 s), so only
 * a claim whose service died while running it is taken over. The server does not stop a handler
 * at its deadline, so this is an assumption: a handler stalled beyond the lease (on locks, say)
 * could run beside a retry that took its key over, which only writes idempotent by nature bear.
 */
export const IDEMPOTENCY_CLAIM_LEASE_MS = 5 * 60 * 1_000;
/** How long a key and its answer are kept; a key reused after that starts afresh. */
export const IDEMPOTENCY_RECORD_RETENTION_MS = 24 * 60 * 60 * 1_000;
/** Attempts to claim a key whose record vanished between reading and claiming (a released claim). */
export const IDEMPOTENCY_CLAIM_ATTEMPTS_MAX = 3;

/** What claiming a key found. */
export type IdempotencyClaim =
  | { readonly kind: 'claimed'; readonly claimId: string }
  | { readonly kind: 'answered'; readonly response: Buffer }
  | { readonly kind: 'running' }
  | { readonly kind: 'other-request' }
  | { readonly kind: 'vanished' };

/** Where a service keeps its idempotency records (its own database). */
export interface IdempotencyRecords {
  /**
   * Claims the key for a request with this fingerprint under a new claim id, or tells what holds
   * it. The claim id ties the answer or release to this claim: one taken over after the lease is
   * another claim, which the first run's late answer or release does not touch.
   */
  claim(key: string, fingerprint: string, claimId: string): Promise<IdempotencyClaim>;
  /** Records the answer of the claim; false when the claim is no longer this one. */
  answer(key: string, claimId: string, response: Buffer): Promise<boolean>;
  /** Frees the key after the handler changed nothing, so a retry runs it again. */
  release(key: string, claimId: string): Promise<void>;
}

/** The fingerprint of a call: its method and its request as encoded on the wire. */
export function requestFingerprint(methodPath: string, requestBytes: Buffer): string {
  return createHash('sha256').update(methodPath).update('\0').update(requestBytes).digest('hex');
}

/**
 * Runs `handle` once per key: the first call with a key runs it and records its answer; a repeat
 * answers the recorded one. Called only for calls that carry a key.
 */
export async function answerOnce<Request, Response>(
  records: IdempotencyRecords,
  key: string,
  method: MethodDefinition<Request, Response>,
  request: Request,
  handle: () => Promise<Response>,
  logger: Logger,
): Promise<Response> {
  if (Buffer.byteLength(key) > IDEMPOTENCY_KEY_BYTES_MAX) {
    throw new GrpcStatusError(status.INVALID_ARGUMENT, `idempotency key longer than ${IDEMPOTENCY_KEY_BYTES_MAX} bytes`);
  }
  const fingerprint = requestFingerprint(method.path, method.requestSerialize(request));
  for (let attempt = 1; attempt <= IDEMPOTENCY_CLAIM_ATTEMPTS_MAX; attempt += 1) {
    const claimId = randomUUID();
    const claim = await records.claim(key, fingerprint, claimId);
    switch (claim.kind) {
      case 'answered':
        return method.responseDeserialize(claim.response);
      case 'running':
        throw new GrpcStatusError(status.ABORTED, 'a request with this Idempotency-Key is still running; retry it later', IDEMPOTENCY_KEY_IN_USE);
      case 'other-request':
        throw new GrpcStatusError(status.ALREADY_EXISTS, 'this Idempotency-Key was used with another request', IDEMPOTENCY_KEY_REUSED);
      case 'vanished':
        continue;
      case 'claimed':
        return runClaimed({ records, key, claimId, method, handle, logger });
    }
  }
  throw new Error(`idempotency key claim kept vanishing after ${IDEMPOTENCY_CLAIM_ATTEMPTS_MAX} attempts`);
}

/** A write's business rejection: its response's `result` is the `rejection` alternative. */
function isRejection(response: unknown): boolean {
  const result = (response as { result?: { $case?: unknown } } | undefined)?.result;
  return result?.$case === 'rejection';
}

interface ClaimedRun<Request, Response> {
  records: IdempotencyRecords;
  key: string;
  claimId: string;
  method: MethodDefinition<Request, Response>;
  handle: () => Promise<Response>;
  logger: Logger;
}

/**
 * Runs the handler under its claim. Recording is second to the write: when the answer cannot be
 * recorded the caller still gets it (the claim then holds the key until its lease ends), and when
 * the claim cannot be released the caller still gets the handler's own error; both are logged.
 */
async function runClaimed<Request, Response>(run: ClaimedRun<Request, Response>): Promise<Response> {
  const { records, key, claimId, method, logger } = run;
  const release = () =>
    records.release(key, claimId).catch((error: unknown) => {
      logger.error({ err: error, method: method.path }, 'could not release an idempotency claim; the key is held until its lease ends');
    });
  let response: Response;
  try {
    response = await run.handle();
  } catch (error) {
    await release();
    throw error;
  }
  if (isRejection(response)) {
    await release();
    return response;
  }
  try {
    const recorded = await records.answer(key, claimId, method.responseSerialize(response));
    if (!recorded) logger.warn({ method: method.path }, 'an idempotent write outlived its claim, which another call took over; its answer was not recorded');
  } catch (error) {
    logger.error({ err: error, method: method.path }, 'could not record the answer of an idempotent write; a repeat after the lease runs it again');
  }
  return response;
}
