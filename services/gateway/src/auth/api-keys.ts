import { createHash, timingSafeEqual } from 'node:crypto';

export const ROLES = ['clerk', 'controller'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the companies they may act for ('*' for all) and what they may do there. */
export interface Principal {
  name: string;
  companies: '*' | readonly string[];
  roles: readonly Role[];
}

/** A configured API key (LEDGERLINE_API_KEYS). */
export interface ApiKeyConfig extends Principal {
  key: string;
}

interface KeyEntry {
  digest: Buffer;
  principal: Principal;
}

/**
 * API keys held as SHA-256 digests and compared in constant time, so neither a memory dump nor
 * response timing reveals a key.
 */
export class ApiKeyRegistry {
  private readonly entries: KeyEntry[] = [];

  add(key: string, principal: Principal): void {
    const candidate = digest(key);
    if (this.entries.some((entry) => timingSafeEqual(entry.digest, candidate))) {
      throw new Error(`API key of ${principal.name} is already registered`);
    }
    this.entries.push({ digest: candidate, principal });
  }

  authenticate(key: string): Principal | undefined {
    const candidate = digest(key);
    return this.entries.find((entry) => timingSafeEqual(entry.digest, candidate))?.principal;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function mayActFor(principal: Principal, companyId: string): boolean {
  return principal.companies === '*' || principal.companies.includes(companyId);
}

/**
 * Roles (DESIGN section 10): any key of a company may read; a clerk may create and request
 * posting; closing periods and changing settings need a controller, who may also do what a
 * clerk does. A key without roles is read-only.
 */
export function hasAccess(principal: Principal, access: 'read' | 'write' | 'controller'): boolean {
  switch (access) {
    case 'read':
      return true;
    case 'write':
      return principal.roles.includes('clerk') || principal.roles.includes('controller');
    case 'controller':
      return principal.roles.includes('controller');
  }
}
