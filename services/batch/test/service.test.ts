import { describeDataServiceBasics } from '@ledgerline/testing';
import { loadBatchConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startBatchService } from '../src/service.js';

describeDataServiceBasics({
  serviceName: 'batch',
  grpcServiceName: 'batch.v1.BatchService',
  migrationsDir: MIGRATIONS_DIR,
  start: (env, logger) => startBatchService(loadBatchConfig(env), logger),
});
