import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { applyMigrations, MigrationError } from '../src/index.js';

const { postgresAdminUrl } = inject('infrastructure');
let database: TestDatabase;
let migrationsDir: string;

beforeEach(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'migrations');
  migrationsDir = await mkdtemp(join(tmpdir(), 'migrations-'));
});

afterEach(async () => {
  await database.drop();
  await rm(migrationsDir, { recursive: true, force: true });
});

async function addMigration(name: string, sql: string): Promise<void> {
  await mkdir(join(migrationsDir, name));
  await writeFile(join(migrationsDir, name, 'migration.sql'), sql);
}

async function query<Row extends pg.QueryResultRow>(sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migration runner', () => {
  it("applies migrations in name order and records them as Prisma's migrate deploy does", async () => {
    await addMigration('20260102000000_second', 'ALTER TABLE thing ADD COLUMN size INTEGER;');
    await addMigration('20260101000000_first', 'CREATE TABLE thing (id TEXT PRIMARY KEY);');
    const result = await applyMigrations(database.url, migrationsDir);
    expect(result.applied).toEqual(['20260101000000_first', '20260102000000_second']);
    const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number; finished_at: Date | null }>(
      'SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const firstSql = await readFile(join(migrationsDir, '20260101000000_first', 'migration.sql'));
    expect(rows[0]).toMatchObject({
      migration_name: '20260101000000_first',
      checksum: createHash('sha256').update(firstSql).digest('hex'),
      applied_steps_count: 1,
    });
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it('applies nothing twice', async () => {
    await addMigration('20260101000000_first', 'CREATE TABLE thing (id TEXT PRIMARY KEY);');
    await applyMigrations(database.url, migrationsDir);
    const again = await applyMigrations(database.url, migrationsDir);
    expect(again).toEqual({ applied: [], alreadyApplied: ['20260101000000_first'] });
  });

  it('leaves nothing of a failing migration behind and refuses to go on until it is resolved', async () => {
    await addMigration('20260101000000_broken', 'CREATE TABLE half (id TEXT); SELECT no_such_function();');
    await expect(applyMigrations(database.url, migrationsDir)).rejects.toBeInstanceOf(MigrationError);
    expect(await query("SELECT 1 FROM pg_tables WHERE tablename = 'half'")).toEqual([]);
    const [record] = await query<{ logs: string; finished_at: Date | null }>('SELECT logs, finished_at FROM "_prisma_migrations"');
    expect(record?.finished_at).toBeNull();
    expect(record?.logs).toContain('no_such_function');
    await expect(applyMigrations(database.url, migrationsDir)).rejects.toThrow(/failed earlier/);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    await addMigration('20260101000000_first', 'CREATE TABLE thing (id TEXT PRIMARY KEY);');
    await applyMigrations(database.url, migrationsDir);
    await writeFile(join(migrationsDir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE thing (id INTEGER);');
    await expect(applyMigrations(database.url, migrationsDir)).rejects.toThrow(/checksum differs/);
  });
});
