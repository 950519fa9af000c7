import { describeDataServiceBasics } from '@ledgerline/testing';
import { loadPostingConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startPostingService } from '../src/service.js';

describeDataServiceBasics({
  serviceName: 'posting',
  grpcServiceName: 'posting.v1.PostingService',
  migrationsDir: MIGRATIONS_DIR,
  start: (env, logger) => startPostingService(loadPostingConfig(env), logger),
});
