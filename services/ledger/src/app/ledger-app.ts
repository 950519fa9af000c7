import type { LedgerDatabase } from '../db/client.js';
import { companyUseCases } from './companies.js';
import { exchangeRateUseCases } from './exchange-rates.js';
import { postingUseCases } from './posting.js';
import { queryUseCases } from './queries.js';

/** Every use case of the ledger, over one database. */
export function createLedgerApp(database: LedgerDatabase) {
  return {
    ...companyUseCases(database),
    ...exchangeRateUseCases(database),
    ...postingUseCases(database),
    ...queryUseCases(database),
  };
}

export type LedgerApp = ReturnType<typeof createLedgerApp>;
