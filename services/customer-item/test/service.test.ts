import { describeDataServiceBasics } from '@ledgerline/testing';
import { loadCustomerItemConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startCustomerItemService } from '../src/service.js';

describeDataServiceBasics({
  serviceName: 'customer-item',
  grpcServiceName: 'customeritem.v1.CustomerItemService',
  migrationsDir: MIGRATIONS_DIR,
  start: (env, logger) => startCustomerItemService(loadCustomerItemConfig(env), logger),
});
