/** Applies this service's Prisma migrations to DATABASE_URL; run before the service starts. */
import { fileURLToPath } from 'node:url';
import { applyMigrations } from '@ledgerline/db';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') throw new Error('customer: DATABASE_URL is required to migrate');
  const result = await applyMigrations(url, MIGRATIONS_DIR);
  process.stdout.write(`customer: applied ${result.applied.length} migration(s), ${result.alreadyApplied.length} already applied\n`);
}
