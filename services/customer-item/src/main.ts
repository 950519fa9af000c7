import { runService, serviceHostOptions } from '@ledgerline/service-host';
import { loadCustomerItemConfig, SERVICE_NAME } from './config.js';
import { startCustomerItemService } from './service.js';

const config = loadCustomerItemConfig();
await runService(serviceHostOptions(SERVICE_NAME, config), (logger) => startCustomerItemService(config, logger));
