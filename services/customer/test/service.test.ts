import { describeDataServiceBasics } from '@ledgerline/testing';
import { loadCustomerConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startCustomerService } from '../src/service.js';

describeDataServiceBasics({
  serviceName: 'customer',
  grpcServiceName: 'customer.v1.CustomerService',
  migrationsDir: MIGRATIONS_DIR,
  start: (env, logger) => startCustomerService(loadCustomerConfig(env), logger),
});
