import { runService, serviceHostOptions } from '@ledgerline/service-host';
import { loadCustomerConfig, SERVICE_NAME } from './config.js';
import { startCustomerService } from './service.js';

const config = loadCustomerConfig();
await runService(serviceHostOptions(SERVICE_NAME, config), (logger) => startCustomerService(config, logger));
