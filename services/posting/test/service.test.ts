import { describeDataServiceBasics, uniqueName } from '@ledgerline/testing';
import { loadPostingConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startPostingService } from '../src/service.js';

describeDataServiceBasics({
  serviceName: 'posting',
  grpcServiceName: 'posting.v1.PostingService',
  migrationsDir: MIGRATIONS_DIR,
  // Other tests' posting requests share the topic: this instance, which has no ledger, leaves them alone.
  start: (env, logger) =>
    startPostingService(loadPostingConfig({ ...env, POSTING_COMPANY_IDS: uniqueName('nobody') }), logger),
});
