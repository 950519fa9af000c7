import { describe, expect, it } from 'vitest';
import { cachedLedger } from './company-cache.js';
import type { CompanySetup, LedgerGateway } from './ledger-port.js';

function countingLedger(fail = false) {
  const calls: string[] = [];
  const ledger: LedgerGateway = {
    async getCompany(companyId) {
      calls.push(companyId);
      if (fail) throw new Error('ledger down');
      return { companyId } as CompanySetup;
    },
    postJournals: async () => [],
    getHomeRate: async () => undefined,
  };
  return { ledger, calls };
}

describe('cachedLedger', () => {
  it('reads a company once for concurrent and repeated requests within the TTL', async () => {
    const { ledger, calls } = countingLedger();
    const cached = cachedLedger(ledger, { ttlMs: 1_000, now: () => 0 });
    await Promise.all([cached.getCompany('acme'), cached.getCompany('acme')]);
    await cached.getCompany('acme');
    expect(calls).toEqual(['acme']);
  });

  it('reads a company again once the TTL has passed', async () => {
    const { ledger, calls } = countingLedger();
    let now = 0;
    const cached = cachedLedger(ledger, { ttlMs: 1_000, now: () => now });
    await cached.getCompany('acme');
    now = 1_000;
    await cached.getCompany('acme');
    expect(calls).toEqual(['acme', 'acme']);
  });

  it('does not keep a failed read', async () => {
    const { ledger, calls } = countingLedger(true);
    const cached = cachedLedger(ledger, { ttlMs: 1_000, now: () => 0 });
    await expect(cached.getCompany('acme')).rejects.toThrow('ledger down');
    await expect(cached.getCompany('acme')).rejects.toThrow('ledger down');
    expect(calls).toEqual(['acme', 'acme']);
  });
});
