import { createRequire } from 'node:module';

/**
 * kafkajs 2.2.4 keeps every broker connection busy: when nothing is pending and the client is
 * not throttled, RequestQueue.scheduleCheckPendingRequests sets a timer of a negative delay
 * (Node runs it after 1 ms) whose callback schedules the next one, forever (kafkajs issues 1556
 * and 1704, fix proposed in pull request 1667, never released). Every service holds several
 * connections, so the whole system spent about a third of a core doing nothing, and the same
 * loop ran through every posting batch.
 *
 * The fix is the one proposed upstream: with nothing pending and no throttle in effect, schedule
 * nothing. Nothing is lost, because the queue is checked again whenever a request is pushed, a
 * response arrives or a request times out; a throttle or a pending request still schedules a check.
 */
const FIXED_KAFKAJS_VERSION = '2.2.4';
/** kafkajs's own CHECK_PENDING_REQUESTS_INTERVAL, for a queue that has requests pending. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

interface RequestQueueState {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checkPendingRequests(): void;
}

let applied = false;

/** Replaces RequestQueue.scheduleCheckPendingRequests once per process; later calls do nothing. */
export function fixKafkajsRequestQueue(): void {
  if (applied) return;
  const require = createRequire(import.meta.url);
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== FIXED_KAFKAJS_VERSION) {
    throw new Error(
      `kafkajs ${version} is not the ${FIXED_KAFKAJS_VERSION} whose request queue libs/kafka/src/request-queue-fix.ts mends; check whether it still needs the fix and update it`,
    );
  }
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueueState & { scheduleCheckPendingRequests(): void } };
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueState): void {
    if (this.throttleCheckTimeoutId) return;
    const untilUnthrottledMs = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && untilUnthrottledMs <= 0) return;
    const delayMs = untilUnthrottledMs > 0 ? untilUnthrottledMs : CHECK_PENDING_REQUESTS_INTERVAL_MS;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delayMs);
  };
  applied = true;
}
