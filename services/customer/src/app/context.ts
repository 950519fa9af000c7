import type { Logger } from '@ledgerline/telemetry';
import type { CustomerDatabase } from '../db/client.js';
import type { CompanyDirectory } from './companies.js';
import type { LedgerPort } from './ports.js';

/** What the use cases need: the database, the ledger and its cached companies, the outbox's wake-up. */
export interface CustomerContext {
  database: CustomerDatabase;
  ledger: LedgerPort;
  companies: CompanyDirectory;
  /** Wakes the outbox relay after a transaction that enqueued events has committed. */
  notifyOutbox(): void;
  logger: Logger;
}
