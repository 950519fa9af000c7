import { createHash } from 'node:crypto';

/**
 * The SHA-256 of a request's content as JSON: stored beside the id the request was accepted
 * under, so that the same id with other content is told from a repeat. Property order is part
 * of the content, so each caller builds its object in one fixed order.
 */
export function fingerprintOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
