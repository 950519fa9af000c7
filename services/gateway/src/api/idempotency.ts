import { createHash, randomUUID } from 'node:crypto';

/**
 * Idempotency of REST writes with a stateless gateway (DESIGN section 11): the gateway keeps no
 * record of keys; the services do.
 *
 * Creates whose body carries the record's id (companies, customers, products) need nothing
 * here: the id is the key of the service's own idempotency. Invoices and payments carry no id,
 * so the gateway derives one from the Idempotency-Key: a UUID v5 of
 * `${company}:${route}:${key}` under IDEMPOTENCY_NAMESPACE. A repeat therefore reaches the
 * service with the same id, and the service answers with the first result (same content) or
 * CONFLICT (other content). Without a key the id is a random UUID.
 *
 * Writes that are idempotent by nature (close a period, change settings) pass the scoped key to
 * the service, which records it with the request and its answer (libs/grpc idempotency.ts).
 */

/** Fixed namespace of derived record ids. Changing it would break every client's retries. */
export const IDEMPOTENCY_NAMESPACE = '5c3f4a5e-8b1d-4f0e-9a57-3b6f0d2c9e41';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 9562 UUID version 5 (SHA-1, name-based). */
export function uuidV5(name: string, namespace: string): string {
  if (!UUID_PATTERN.test(namespace)) throw new Error(`namespace is not a UUID: ${namespace}`);
  const namespaceBytes = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Id of a record created through `route` (the route's template, e.g.
 * "POST /v1/companies/{company}/invoices"): derived from the Idempotency-Key when there is one,
 * else random.
 */
export function recordIdFor(company: string, route: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return randomUUID();
  return uuidV5(scopedIdempotencyKey(company, route, idempotencyKey), IDEMPOTENCY_NAMESPACE);
}

/**
 * The client's key within the company and route, so one key used on two routes, or by two
 * companies, names two writes: what a derived record id is made from, and the key a service
 * records for a write that is idempotent by nature.
 */
export function scopedIdempotencyKey(company: string, route: string, idempotencyKey: string): string {
  return `${company}:${route}:${idempotencyKey}`;
}

/**
 * Id of the payment a post-and-pay request takes, when the body names none: derived from the
 * Idempotency-Key and the document, so a retried request reaches the customer service with the
 * same payment id, and one key used for two documents still gives two payments. Without a key it
 * is random: a retry without a key finds the document queued or posted and takes no payment.
 */
export function postAndPayPaymentIdFor(company: string, invoiceId: string, idempotencyKey: string | undefined): string {
  return recordIdFor(company, `POST /v1/companies/{company}/invoices/${invoiceId}/post payment`, idempotencyKey);
}
