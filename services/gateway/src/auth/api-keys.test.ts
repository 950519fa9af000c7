import { describe, expect, it } from 'vitest';
import { ApiKeyRegistry, hasAccess, mayActFor } from './api-keys.js';

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

describe('roles', () => {
  const principal = (roles: Array<'clerk' | 'controller'>) => ({ name: 'k', companies: ['acme'], roles });
  it('lets any key read, clerks and controllers write, only controllers control', () => {
    expect(hasAccess(principal([]), 'read')).toBe(true);
    expect(hasAccess(principal([]), 'write')).toBe(false);
    expect(hasAccess(principal(['clerk']), 'write')).toBe(true);
    expect(hasAccess(principal(['clerk']), 'controller')).toBe(false);
    expect(hasAccess(principal(['controller']), 'write')).toBe(true);
    expect(hasAccess(principal(['controller']), 'controller')).toBe(true);
  });
  it('refuses the same key twice', () => {
    const registry = new ApiKeyRegistry();
    registry.add('key-of-acme-clerk-000', principal(['clerk']));
    expect(() => registry.add('key-of-acme-clerk-000', principal(['controller']))).toThrow(/already registered/);
  });
});
