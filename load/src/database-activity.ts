import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/** How often the bench looks at what Postgres is doing while posting runs. */
export const ACTIVITY_SAMPLE_INTERVAL_MS = 100;
/** Characters of a statement kept to tell it apart in the printout. */
const STATEMENT_CHARACTERS_MAX = 90;

/** One thing Postgres was seen doing, and on average how many backends were doing it. */
export interface ActivityShare {
  /** The service whose database it was (the database name without the bench's prefix). */
  readonly service: string;
  /** "CPU" when the backend waited on nothing, else the wait event type and name ("Lock/transactionid"). */
  readonly waitingOn: string;
  readonly statement: string;
  /** Samples in which a backend did this, divided by the samples taken. */
  readonly backendsOnAverage: number;
}

/**
 * Samples pg_stat_activity of the bench's databases until stopped: which statements the
 * backends are running and what they wait on. It needs no extension or restart, and it names the
 * statement that holds Postgres busy, which the CPU figures per process cannot; it is how a
 * statement that scanned every Ready to Post document once per document of a batch was found.
 */
export function sampleDatabaseActivity(adminUrl: string, databasePrefix: string): { stop(): Promise<ActivityShare[]> } {
  const client = new pg.Client({ connectionString: adminUrl });
  const counts = new Map<string, { service: string; waitingOn: string; statement: string; samples: number }>();
  let samples = 0;
  let running = true;
  const sampling = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ datname: string; waiting_on: string; statement: string }>(
        `SELECT datname, coalesce(wait_event_type || '/' || wait_event, 'CPU') AS waiting_on,
                left(regexp_replace(query, '\\s+', ' ', 'g'), $2) AS statement
           FROM pg_stat_activity
          WHERE state = 'active' AND pid <> pg_backend_pid() AND starts_with(datname, $1)`,
        [databasePrefix, STATEMENT_CHARACTERS_MAX],
      );
      samples += 1;
      for (const row of rows) {
        const key = `${row.datname}\u0000${row.waiting_on}\u0000${row.statement}`;
        const seen = counts.get(key) ?? { service: row.datname.slice(databasePrefix.length + 1), waitingOn: row.waiting_on, statement: row.statement, samples: 0 };
        seen.samples += 1;
        counts.set(key, seen);
      }
      await sleep(ACTIVITY_SAMPLE_INTERVAL_MS);
    }
  })();
  // A failed sampling is reported by stop(), which awaits it; this only keeps Node from treating
  // the rejection as unhandled (and exiting) before the bench gets there.
  sampling.catch(() => undefined);
  return {
    async stop() {
      running = false;
      try {
        await sampling;
      } finally {
        await client.end();
      }
      return [...counts.values()]
        .map(({ service, waitingOn, statement, samples: seen }) => ({ service, waitingOn, statement, backendsOnAverage: seen / Math.max(samples, 1) }))
        .sort((a, b) => b.backendsOnAverage - a.backendsOnAverage);
    },
  };
}

/** What one statement of the bench's databases cost in the posting window, from pg_stat_statements. */
export interface StatementCost {
  readonly service: string;
  readonly statement: string;
  readonly calls: number;
  readonly rows: number;
  /** Time spent executing it, in milliseconds: wall time, so it includes waiting for locks and for the CPU. */
  readonly executionMs: number;
}

/**
 * Measures each statement's execution time in the bench's databases between start and stop, when
 * the server has pg_stat_statements loaded (the local cluster loads it when it is installed).
 * The activity samples tell what Postgres waits on; this tells what each statement cost in all,
 * however short each execution, which sampling misses. Starting resets the server's statement
 * statistics, every database's: the bench's cluster is a development one.
 */
export async function measureStatementCosts(
  adminUrl: string,
  databasePrefix: string,
): Promise<{ stop(): Promise<StatementCost[]> } | undefined> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ loaded: boolean }>(
      `SELECT 'pg_stat_statements' = ANY(string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')) AS loaded`,
    );
    if (rows[0]?.loaded !== true) {
      await client.end();
      return undefined;
    }
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    async stop() {
      try {
        const { rows } = await client.query<{ datname: string; statement: string; calls: string; rows: string; execution_ms: number }>(
          `SELECT d.datname, left(regexp_replace(s.query, '\\s+', ' ', 'g'), $2) AS statement, s.calls::text AS calls,
                  s.rows::text AS rows, s.total_exec_time AS execution_ms
             FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE starts_with(d.datname, $1)
            ORDER BY s.total_exec_time DESC`,
          [databasePrefix, STATEMENT_CHARACTERS_MAX],
        );
        return rows.map((row) => ({
          service: row.datname.slice(databasePrefix.length + 1),
          statement: row.statement,
          calls: Number(row.calls),
          rows: Number(row.rows),
          executionMs: row.execution_ms,
        }));
      } finally {
        await client.end();
      }
    },
  };
}
