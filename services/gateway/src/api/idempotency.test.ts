import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_NAMESPACE, recordIdFor, uuidV5 } from './idempotency.js';

const ROUTE = 'POST /v1/companies/{company}/invoices';

describe('idempotency ids', () => {
  it('computes RFC 9562 UUID v5', () => {
    // The RFC's DNS namespace example.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('x', IDEMPOTENCY_NAMESPACE)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('derives the same id from the same company, route and key', () => {
    expect(recordIdFor('acme', ROUTE, 'key-1')).toBe(recordIdFor('acme', ROUTE, 'key-1'));
    expect(recordIdFor('acme', ROUTE, 'key-1')).toBe(uuidV5(`acme:${ROUTE}:key-1`, IDEMPOTENCY_NAMESPACE));
  });
  it('derives different ids when company, route or key differ', () => {
    const ids = new Set([
      recordIdFor('acme', ROUTE, 'key-1'),
      recordIdFor('acme', ROUTE, 'key-2'),
      recordIdFor('globex', ROUTE, 'key-1'),
      recordIdFor('acme', 'POST /v1/companies/{company}/payments', 'key-1'),
    ]);
    expect(ids.size).toBe(4);
  });
  it('makes a random id without a key', () => {
    expect(recordIdFor('acme', ROUTE, undefined)).not.toBe(recordIdFor('acme', ROUTE, undefined));
  });
});
