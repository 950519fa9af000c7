import { describe, expect, it } from 'vitest';
import { rateCachedLedger } from './rate-cache.js';
import type { CompanySetup, LedgerGateway } from './ledger-port.js';

function countingLedger(fail = false) {
  const calls: string[] = [];
  const ledger: LedgerGateway = {
    async getCompany(companyId) {
      calls.push(`company ${companyId}`);
      return { companyId } as CompanySetup;
    },
    postJournals: async () => [],
    previewJournals: async () => [],
    async getHomeRate(_companyId, currency) {
      calls.push(`rate ${currency}`);
      if (fail) throw new Error('ledger down');
      return undefined;
    },
  };
  return { ledger, calls };
}

describe('rateCachedLedger', () => {
  it('reads a rate once for concurrent and repeated requests within the TTL', async () => {
    const { ledger, calls } = countingLedger();
    const cached = rateCachedLedger(ledger, { ttlMs: 1_000, now: () => 0 });
    await Promise.all([cached.getHomeRate('acme', 'USD', 'EUR', '2026-11-02'), cached.getHomeRate('acme', 'USD', 'EUR', '2026-11-02')]);
    await cached.getHomeRate('acme', 'USD', 'EUR', '2026-11-02');
    expect(calls).toEqual(['rate USD']);
  });

  it('reads a rate again once the TTL has passed', async () => {
    const { ledger, calls } = countingLedger();
    let now = 0;
    const cached = rateCachedLedger(ledger, { ttlMs: 1_000, now: () => now });
    await cached.getHomeRate('acme', 'USD', 'EUR', '2026-11-02');
    now = 1_000;
    await cached.getHomeRate('acme', 'USD', 'EUR', '2026-11-02');
    expect(calls).toEqual(['rate USD', 'rate USD']);
  });

  it('does not keep a failed read', async () => {
    const { ledger, calls } = countingLedger(true);
    const cached = rateCachedLedger(ledger, { ttlMs: 1_000, now: () => 0 });
    await expect(cached.getHomeRate('acme', 'USD', 'EUR', '2026-11-02')).rejects.toThrow('ledger down');
    await expect(cached.getHomeRate('acme', 'USD', 'EUR', '2026-11-02')).rejects.toThrow('ledger down');
    expect(calls).toEqual(['rate USD', 'rate USD']);
  });

  it('reads the company fresh every time, so a changed setting applies to the next posting', async () => {
    const { ledger, calls } = countingLedger();
    const cached = rateCachedLedger(ledger, { ttlMs: 1_000, now: () => 0 });
    await cached.getCompany('acme');
    await cached.getCompany('acme');
    expect(calls).toEqual(['company acme', 'company acme']);
  });
});
