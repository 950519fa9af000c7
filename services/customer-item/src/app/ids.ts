import { createHash } from 'node:crypto';

/**
 * Ids this service assigns. Both are UUID v5 of the unit's position, so they are stable for the
 * same (invoice, line, unit): a re-proposal keeps its drafts' ids, and a customer item created
 * again from a redelivered event would get the id it already has.
 */

/** Namespace of draft ids. Changing it would change every draft id a client may hold. */
const DRAFT_NAMESPACE = '0d7c3b8e-3f0a-4c51-9b7e-6a2f41c5d8a3';
/** Namespace of customer item ids. */
const CUSTOMER_ITEM_NAMESPACE = 'b4e1f2a6-5c3d-4e8f-a1b2-7c9d0e3f5a61';

export interface UnitPosition {
  invoiceId: string;
  lineNumber: number;
  unit: number;
}

export function draftIdOf(position: UnitPosition): string {
  return uuidV5(positionName(position), DRAFT_NAMESPACE);
}

export function customerItemIdOf(position: UnitPosition): string {
  return uuidV5(positionName(position), CUSTOMER_ITEM_NAMESPACE);
}

/** Ids are unique within a company, so the position within it is the name; JSON keeps it unambiguous. */
function positionName(position: UnitPosition): string {
  return JSON.stringify([position.invoiceId, position.lineNumber, position.unit]);
}

/** RFC 9562 UUID version 5 (SHA-1, name-based); the gateway derives its record ids the same way. */
export function uuidV5(name: string, namespace: string): string {
  const namespaceBytes = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
