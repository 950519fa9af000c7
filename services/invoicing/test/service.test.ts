import { describeDataServiceBasics } from '@ledgerline/testing';
import { loadInvoicingConfig } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrations.js';
import { startInvoicingService } from '../src/service.js';

describeDataServiceBasics({
  serviceName: 'invoicing',
  grpcServiceName: 'invoicing.v1.InvoicingService',
  migrationsDir: MIGRATIONS_DIR,
  start: (env, logger) => startInvoicingService(loadInvoicingConfig(env), logger),
});
