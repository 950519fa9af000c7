import { runService, serviceHostOptions } from '@ledgerline/service-host';
import { loadBatchConfig, SERVICE_NAME } from './config.js';
import { startBatchService } from './service.js';

const config = loadBatchConfig();
await runService(serviceHostOptions(SERVICE_NAME, config), (logger) => startBatchService(config, logger));
