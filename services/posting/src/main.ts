import { runService, serviceHostOptions } from '@ledgerline/service-host';
import { loadPostingConfig, SERVICE_NAME } from './config.js';
import { startPostingService } from './service.js';

const config = loadPostingConfig();
await runService(serviceHostOptions(SERVICE_NAME, config), (logger) => startPostingService(config, logger));
