import { applyMigrations } from '@ledgerline/db';

/** The body of a service's `migrate` command: applies its migrations to DATABASE_URL. */
export async function runMigrateCommand(serviceName: string, migrationsDir: string): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') throw new Error(`${serviceName}: DATABASE_URL is required to migrate`);
  const result = await applyMigrations(url, migrationsDir);
  process.stdout.write(
    `${serviceName}: applied ${result.applied.length} migration(s), ${result.alreadyApplied.length} already applied\n`,
  );
}
