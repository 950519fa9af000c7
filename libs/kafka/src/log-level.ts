import { logLevel } from 'kafkajs';

/**
 * Conditions kafkajs logs at ERROR although they pass by themselves, which every start of the
 * system meets: the broker is still loading its group and transaction coordinators, a topic just
 * created has no leader yet, or another service created the same topic first (ensureTopics
 * checks that the topics end up ready and raises the creation error when they do not). kafkajs
 * retries each of them, restarting a consumer when its group's coordinator was not ready. Logged
 * at ERROR they flood every start with errors that need no one, and hide those that do.
 */
const SELF_RESOLVING_CONDITIONS = [
  "The coordinator is loading and hence can't process requests for this group",
  'This server does not host this topic-partition',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  'Topic creation errors',
  // kafkajs says so after restarting a consumer that crashed on a retriable error; the crash
  // itself is logged on its own, at ERROR unless it is one of the conditions above.
  'Restarting the consumer in',
] as const;

/** The level a kafkajs log entry is written at: WARN for an error that resolves itself, else as kafkajs says. */
export function kafkaLogLevel(level: logLevel, message: string, error: unknown): logLevel {
  if (level !== logLevel.ERROR) return level;
  const text = `${message} ${typeof error === 'string' ? error : ''}`;
  return SELF_RESOLVING_CONDITIONS.some((condition) => text.includes(condition)) ? logLevel.WARN : level;
}
