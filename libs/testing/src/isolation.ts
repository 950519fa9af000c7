import { randomBytes } from 'node:crypto';
import { applyMigrations, databaseUrl, dropDatabase, ensureDatabase } from '@ledgerline/db';
import { createLogger, type Logger } from '@ledgerline/telemetry';

/**
 * The environment variable holding the id of the current test run, which the global setup sets
 * before any test starts: every name made in the run carries it, so that the run can delete its
 * Kafka topics when it ends.
 */
export const TEST_RUN_ENV = 'LEDGERLINE_TEST_RUN';

/**
 * A name unique to this test run, worker and call, safe for databases, topics and consumer
 * groups, so tests running in parallel never share state.
 */
export function uniqueName(prefix: string): string {
  const worker = process.env.VITEST_POOL_ID ?? '0';
  const run = process.env[TEST_RUN_ENV] ?? '';
  const runPart = run === '' ? '' : `_r${run}`;
  return `${prefix}${runPart}_w${worker}_${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** What every name uniqueName makes during the given run contains. */
export function runMarker(run: string): string {
  return `_r${run}_w`;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates a fresh database for one test file and applies the given Prisma migrations folder to it. */
export async function createTestDatabase(
  postgresAdminUrl: string,
  prefix: string,
  migrationsDir?: string,
): Promise<TestDatabase> {
  const name = uniqueName(`t_${prefix}`);
  await ensureDatabase(postgresAdminUrl, name);
  const url = databaseUrl(postgresAdminUrl, name);
  if (migrationsDir !== undefined) await applyMigrations(url, migrationsDir);
  return { name, url, drop: () => dropDatabase(postgresAdminUrl, name) };
}

/** A logger for tests: quiet unless TEST_LOG_LEVEL asks for more. */
export function testLogger(name: string): Logger {
  const level = (process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent';
  return createLogger(name, level);
}

/**
 * How long a test waits by default for something asynchronous (a consumer group to form, an event
 * to travel). CI runs every project's tests at once on two cores beside the broker and database,
 * where a group rebalance after a killed member alone can take half a minute; a passing wait ends
 * as soon as its condition holds, so a generous bound costs nothing.
 */
export const EVENTUALLY_TIMEOUT_MS_DEFAULT = 60_000;

/** Polls until the check returns a value other than undefined, or fails after the timeout. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = EVENTUALLY_TIMEOUT_MS_DEFAULT, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
}
