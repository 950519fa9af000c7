import { setTimeout as sleep } from 'node:timers/promises';

/** Longest time POST .../invoices/{id}/post?wait=true waits for the posting outcome (DESIGN 11). */
export const POST_WAIT_MAX_MS = 10_000;
/** First pause between two reads of the document while waiting. */
export const POST_POLL_INTERVAL_MS = 100;
/** Pauses grow by this factor up to POST_POLL_INTERVAL_MAX_MS, to spare the service. */
export const POST_POLL_BACKOFF = 1.5;
export const POST_POLL_INTERVAL_MAX_MS = 1_000;

export interface WaitOptions {
  maxMs: number;
  intervalMs: number;
  signal?: AbortSignal;
  /** Injected for tests. */
  now?: () => number;
}

/**
 * Reads `read()` until `done(value)` or the time is up, pausing between reads (never past the
 * deadline). Answers the last value read and whether it is done. Stops early, answering what it
 * has, when the signal aborts (the client went away) or a read fails after the first.
 */
export async function waitUntil<Value>(
  first: Value,
  read: (remainingMs: number) => Promise<Value>,
  done: (value: Value) => boolean,
  options: WaitOptions,
): Promise<{ value: Value; done: boolean; error?: unknown }> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.maxMs;
  let value = first;
  let pause = options.intervalMs;
  while (!done(value)) {
    const remaining = deadline - now();
    if (remaining <= 0 || options.signal?.aborted === true) return { value, done: false };
    try {
      await sleep(Math.min(pause, remaining), undefined, { signal: options.signal });
    } catch {
      return { value, done: false };
    }
    pause = Math.min(pause * POST_POLL_BACKOFF, POST_POLL_INTERVAL_MAX_MS);
    const left = deadline - now();
    if (left <= 0) return { value, done: false };
    try {
      value = await read(left);
    } catch (error) {
      return { value, done: false, error };
    }
  }
  return { value, done: true };
}
