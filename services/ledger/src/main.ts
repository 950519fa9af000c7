import { runService, serviceHostOptions } from '@ledgerline/service-host';
import { loadLedgerConfig, SERVICE_NAME } from './config.js';
import { startLedgerService } from './service.js';

const config = loadLedgerConfig();
await runService(serviceHostOptions(SERVICE_NAME, config), (logger) => startLedgerService(config, logger));
