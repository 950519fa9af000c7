import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'clerk' | 'controller';

/** Who is calling: the companies they may act for ('*' for all) and what they may do there. */
export interface Principal {
  name: string;
  companies: '*' | readonly string[];
  roles: readonly Role[];
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
    this.entries.push({ digest: digest(key), principal });
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
