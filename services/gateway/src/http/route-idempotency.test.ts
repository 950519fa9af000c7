import { describe, expect, it } from 'vitest';
import { routeName } from './route.js';
import { ROUTES } from './routes/index.js';

/**
 * A route idempotent by nature keeps its Idempotency-Key promise only if its handler hands the
 * scoped key (writeOptions) to the gRPC write it makes; one that forgot would drop the key
 * silently. The route table is the one place routes are declared, so this reads it whole.
 */
describe('the Idempotency-Key of routes idempotent by nature', () => {
  const natural = ROUTES.filter((route) => route.idempotency === 'natural');

  /** A handler that passes the options on: as the call's options argument, or spread into them. */
  const passesWriteOptions = (route: (typeof ROUTES)[number]) => /(, writeOptions\)|\.\.\.writeOptions\b)/.test(route.handle.toString());

  it('is handed to the gRPC write by every such route', () => {
    expect(natural.length).toBeGreaterThan(0);
    expect(natural.filter((route) => !passesWriteOptions(route)).map(routeName)).toEqual([]);
  });

  it('is handed on by no other route', () => {
    const others = ROUTES.filter((route) => route.idempotency !== 'natural');
    expect(others.filter((route) => route.handle.toString().includes('writeOptions')).map(routeName)).toEqual([]);
  });
});
