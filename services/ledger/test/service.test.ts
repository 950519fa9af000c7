import { describeDataServiceBasics } from '@ledgerline/testing';
import { loadLedgerConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startLedgerService } from '../src/service.js';

describeDataServiceBasics({
  serviceName: 'ledger',
  grpcServiceName: 'ledger.v1.LedgerService',
  migrationsDir: MIGRATIONS_DIR,
  start: (env, logger) => startLedgerService(loadLedgerConfig(env), logger),
});
