// @ledgerline/customer's entry point for in-process use (the invariants command, the system runner).
export { loadCustomerConfig, SERVICE_NAME, type CustomerConfig } from './config.js';
export { startCustomerService, type CustomerServiceOptions } from './service.js';
export { createCustomerDatabase, type CustomerDatabase } from './db/client.js';
export { MIGRATIONS_DIR } from './db/migrations.js';
export { customerBalanceDiscrepancies, type CustomerBalanceDiscrepancy } from './db/invariants.js';
