import { describeDataServiceBasics, uniqueName } from '@ledgerline/testing';
import { loadCustomerConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startCustomerService } from '../src/service.js';

describeDataServiceBasics({
  serviceName: 'customer',
  grpcServiceName: 'customer.v1.CustomerService',
  migrationsDir: MIGRATIONS_DIR,
  // A consumer group of its own, so this test never takes invoice.posted.v1 events from anyone else.
  start: (env, logger) => startCustomerService(loadCustomerConfig(env), logger, { consumerGroupId: uniqueName('customer_basics') }),
});
