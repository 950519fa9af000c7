/**
 * `npm test`: every project's typecheck and tests through Nx, against the project's own Kafka
 * broker and Postgres (started here when not running, and stopped again afterwards; reused when
 * already running, e.g. under `npm start`). Contract and boundary checks run first: they are
 * fast and explain failures better than a broken build would.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureKafka, ensurePostgres, stopKafka, stopPostgres } from '@ledgerline/local-runtime';

const root = resolve(import.meta.dirname, '..');
/** Test processes at once: two cores, and the broker and database need some of them too. */
const NX_PARALLEL = 2;

function step(name: string, command: string, args: readonly string[]): void {
  const startedAt = Date.now();
  process.stdout.write(`\n== ${name}\n`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', KAFKAJS_NO_PARTITIONER_WARNING: '1' },
  });
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (result.status !== 0) {
    throw new Error(`${name} failed (exit ${String(result.status ?? result.signal)}) after ${seconds} s`);
  }
  process.stdout.write(`== ${name}: ok in ${seconds} s\n`);
}

const tsx = ['--import', 'tsx'];
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const startedAt = Date.now();
let kafkaStartedHere = false;
let postgresStartedHere = false;
let failure: unknown;
try {
  step('contracts are lint-clean and generated code is current', process.execPath, [...tsx, 'tools/proto.ts', 'check']);
  step('project boundaries', process.execPath, [...tsx, 'tools/check-boundaries.ts']);
  step('prisma clients', process.execPath, [...tsx, 'tools/prisma-generate.ts']);
  const [kafka, postgres] = await Promise.all([ensureKafka(), ensurePostgres()]);
  kafkaStartedHere = kafka.startedHere;
  postgresStartedHere = postgres.startedHere;
  step('typecheck and tests of every project', bin('nx'), [
    'run-many',
    '--targets=typecheck,test',
    `--parallel=${NX_PARALLEL}`,
    '--outputStyle=stream',
  ]);
} catch (error) {
  failure = error;
} finally {
  if (kafkaStartedHere) await stopKafka();
  if (postgresStartedHere) await stopPostgres();
}
const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
if (failure !== undefined) {
  process.stderr.write(`\nnpm test: FAILED in ${seconds} s: ${failure instanceof Error ? failure.message : String(failure)}\n`);
  process.exit(1);
}
process.stdout.write(`\nnpm test: all checks passed in ${seconds} s\n`);
