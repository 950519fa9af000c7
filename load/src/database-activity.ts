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

/** Why the statement costs could not be measured, for the bench to print instead of them. */
export interface StatementCostsUnavailable {
  readonly unavailable: string;
}

interface StatementCounters {
  readonly datname: string;
  readonly queryid: string;
  readonly statement: string;
  readonly calls: number;
  readonly rows: number;
  readonly executionMs: number;
}

/**
 * Measures each statement's execution time (planning not included) in the bench's databases
 * between start and stop, from pg_stat_statements: the counters read at stop minus those read at
 * start, so the server's statistics are left as they were. The activity samples tell what
 * Postgres waits on; this tells what each statement cost in all, however short each execution,
 * which sampling misses. A server without the module loaded, or a role that may not create the
 * extension, gives the reason instead.
 */
export async function measureStatementCosts(
  adminUrl: string,
  databasePrefix: string,
): Promise<{ stop(): Promise<StatementCost[]> } | StatementCostsUnavailable> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  let before: Map<string, StatementCounters>;
  try {
    const { rows } = await client.query<{ loaded: boolean }>(
      `SELECT 'pg_stat_statements' = ANY(string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')) AS loaded`,
    );
    if (rows[0]?.loaded !== true) {
      await client.end();
      return { unavailable: 'pg_stat_statements is not loaded on this server (a local cluster loads it from its next start: npm run infra:down, then up)' };
    }
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    before = await readCounters(client, databasePrefix);
  } catch (error) {
    await client.end();
    return { unavailable: `pg_stat_statements cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  return {
    async stop() {
      try {
        const after = await readCounters(client, databasePrefix);
        return [...after.values()]
          .map((counters) => {
            const earlier = before.get(`${counters.datname}\u0000${counters.queryid}`);
            return {
              service: counters.datname.slice(databasePrefix.length + 1),
              statement: counters.statement,
              calls: counters.calls - (earlier?.calls ?? 0),
              rows: counters.rows - (earlier?.rows ?? 0),
              executionMs: counters.executionMs - (earlier?.executionMs ?? 0),
            };
          })
          .filter((cost) => cost.calls > 0)
          .sort((a, b) => b.executionMs - a.executionMs);
      } finally {
        await client.end();
      }
    },
  };
}

async function readCounters(client: pg.Client, databasePrefix: string): Promise<Map<string, StatementCounters>> {
  const { rows } = await client.query<{ datname: string; queryid: string; statement: string; calls: string; rows: string; execution_ms: number }>(
    `SELECT d.datname, s.queryid::text AS queryid, left(regexp_replace(s.query, '\\s+', ' ', 'g'), $2) AS statement,
            s.calls::text AS calls, s.rows::text AS rows, s.total_exec_time AS execution_ms
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE starts_with(d.datname, $1) AND s.queryid IS NOT NULL`,
    [databasePrefix, STATEMENT_CHARACTERS_MAX],
  );
  return new Map(
    rows.map((row) => [
      `${row.datname}\u0000${row.queryid}`,
      { datname: row.datname, queryid: row.queryid, statement: row.statement, calls: Number(row.calls), rows: Number(row.rows), executionMs: row.execution_ms },
    ]),
  );
}
