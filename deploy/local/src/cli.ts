/**
 * Local infrastructure for development and tests, without Docker:
 *   up      start (or reuse) Kafka and PostgreSQL and print where they are
 *   down    stop the local Kafka and PostgreSQL
 *   status  show what runs
 * KAFKA_BROKERS / DATABASE_URL point at existing servers instead.
 */
import { ensureKafka, kafkaStatus, stopKafka } from './kafka.js';
import { ensurePostgres, postgresStatus, stopPostgres } from './postgres.js';

const USAGE = 'usage: cli.ts up | down | status';
const NAME_WIDTH = 10;

/** A named step whose result is the line to print. */
type Step = [name: string, run: () => Promise<string>];

/**
 * Runs the steps side by side (both servers start in parallel) and prints one line each; a
 * failing step does not hide the other's outcome. Resolves whether all succeeded.
 */
async function runSteps(steps: Step[]): Promise<boolean> {
  const results = await Promise.allSettled(steps.map(([, step]) => step()));
  let ok = true;
  results.forEach((result, i) => {
    const name = (steps[i]?.[0] ?? '').padEnd(NAME_WIDTH);
    if (result.status === 'fulfilled') {
      console.log(`${name}${result.value}`);
    } else {
      ok = false;
      console.error(`${name}FAILED: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
    }
  });
  return ok;
}

/** URLs from DATABASE_URL may carry a password; keep it off the terminal and CI logs. */
function redact(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined || parsed.password === '') return url;
  parsed.password = '***';
  return parsed.toString();
}

function describeState(s: { source: 'env' | 'local'; ready: boolean; pid: number | null }): string {
  if (s.ready) return 'ready';
  if (s.source === 'env') return 'unreachable';
  return s.pid === null ? 'not running' : 'running, not answering';
}

function since(started: number): string {
  return `${((Date.now() - started) / 1000).toFixed(1)}s`;
}

const commands: Record<string, Step[]> = {
  up: [
    [
      'kafka',
      async () => {
        const started = Date.now();
        const { brokers, startedHere } = await ensureKafka();
        return `${brokers}  (${startedHere ? `started in ${since(started)}` : 'already running'})`;
      },
    ],
    [
      'postgres',
      async () => {
        const started = Date.now();
        const { adminUrl, startedHere } = await ensurePostgres();
        return `${redact(adminUrl)}  (${startedHere ? `started in ${since(started)}` : 'already running'})`;
      },
    ],
  ],
  down: [
    ['kafka', async () => ((await stopKafka()) ? 'stopped' : 'was not running')],
    ['postgres', async () => ((await stopPostgres()) ? 'stopped' : 'was not running')],
  ],
  status: [
    [
      'kafka',
      async () => {
        const s = await kafkaStatus();
        const state = describeState(s);
        return `${s.brokers}  ${state}  (${s.source === 'env' ? 'KAFKA_BROKERS' : `pid ${s.pid ?? '-'}, log ${s.logFile}`})`;
      },
    ],
    [
      'postgres',
      async () => {
        const s = await postgresStatus();
        const state = describeState(s);
        return `${redact(s.adminUrl)}  ${state}  (${s.source === 'env' ? 'DATABASE_URL' : `pid ${s.pid ?? '-'}, log ${s.logFile}`})`;
      },
    ],
  ],
};

const steps = commands[process.argv[2] ?? ''];
if (steps === undefined) {
  console.error(USAGE);
  process.exitCode = 2;
} else {
  process.exitCode = (await runSteps(steps)) ? 0 : 1;
}
