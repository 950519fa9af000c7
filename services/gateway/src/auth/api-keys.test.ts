import { describe, expect, it } from 'vitest';
import { ApiKeyRegistry, mayActFor } from './api-keys.js';

describe('API keys', () => {
  it('recognises a registered key and no other', () => {
    const registry = new ApiKeyRegistry();
    registry.add('key-of-acme-clerk-000', { name: 'acme clerk', companies: ['acme'], roles: ['clerk'] });
    expect(registry.authenticate('key-of-acme-clerk-000')?.name).toBe('acme clerk');
    expect(registry.authenticate('key-of-acme-clerk-001')).toBeUndefined();
  });

  it('lets a key act only for its own companies', () => {
    const principal = { name: 'acme clerk', companies: ['acme'], roles: ['clerk'] } as const;
    expect(mayActFor(principal, 'acme')).toBe(true);
    expect(mayActFor(principal, 'globex')).toBe(false);
  });
});
