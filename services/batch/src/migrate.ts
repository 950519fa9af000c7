/** `npm run migrate`: applies this service's migrations to DATABASE_URL before it starts. */
import { runMigrateCommand } from '@ledgerline/service-host';
import { SERVICE_NAME } from './config.js';
import { MIGRATIONS_DIR } from './db/migrations.js';

await runMigrateCommand(SERVICE_NAME, MIGRATIONS_DIR);
