import { runService, serviceHostOptions } from '@ledgerline/service-host';
import { loadInvoicingConfig, SERVICE_NAME } from './config.js';
import { startInvoicingService } from './service.js';

const config = loadInvoicingConfig();
await runService(serviceHostOptions(SERVICE_NAME, config), (logger) => startInvoicingService(config, logger));
