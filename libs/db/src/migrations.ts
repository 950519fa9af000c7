import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/** The advisory lock key Prisma's `migrate deploy` holds, so our runner and Prisma exclude each other. */
const PRISMA_MIGRATION_LOCK_KEY = 72_707_369;

const MIGRATIONS_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies `prisma/migrations/<timestamp>_<name>/migration.sql` folders in name order, recording
 * each in `_prisma_migrations` exactly as `prisma migrate deploy` does (checksum = hex SHA-256 of
 * the file), so a database migrated here is accepted by Prisma's own tooling. Prisma's native
 * schema engine cannot be downloaded on our machines, which is why this runner exists.
 *
 * Unlike Prisma, each migration runs inside a transaction: a failing migration leaves nothing
 * half-applied and is recorded with its error so the next run refuses to continue blindly.
 */
export async function applyMigrations(connectionString: string, migrationsDir: string): Promise<MigrationResult> {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATION_LOCK_KEY]);
    try {
      await client.query(MIGRATIONS_TABLE_DDL);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
      );
      const recorded = new Map(rows.map((row) => [row.migration_name, row]));
      const result: MigrationResult = { applied: [], alreadyApplied: [] };
      for (const migration of migrations) {
        const row = recorded.get(migration.name);
        if (row !== undefined) {
          if (row.finished_at === null) {
            throw new MigrationError(
              `migration ${migration.name} failed earlier and is recorded as unfinished; resolve it before migrating again`,
            );
          }
          if (row.checksum !== migration.checksum) {
            throw new MigrationError(`migration ${migration.name} was changed after it was applied (checksum differs)`);
          }
          result.alreadyApplied.push(migration.name);
          continue;
        }
        await applyOne(client, migration);
        result.applied.push(migration.name);
      }
      const known = new Set(migrations.map((migration) => migration.name));
      const unknown = rows.filter((row) => !known.has(row.migration_name)).map((row) => row.migration_name);
      if (unknown.length > 0) {
        throw new MigrationError(`database has migrations this code does not know: ${unknown.join(', ')}`);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(migrationsDir: string): Promise<Migration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  try {
    await client.query('BEGIN');
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, logs, applied_steps_count) VALUES ($1, $2, $3, now(), $4, 0)',
      [id, migration.checksum, migration.name, String(error)],
    );
    throw new MigrationError(`migration ${migration.name} failed: ${String(error)}`, { cause: error });
  }
}
