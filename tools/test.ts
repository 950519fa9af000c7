/**
 * `npm test`: every project's typecheck and tests through Nx, against the project's own Kafka
 * broker and Postgres (started here when not running, and stopped again afterwards; reused when
 * already running, e.g. under `npm start`). Contract and boundary checks run first: they are
 * fast and explain failures better than a broken build would. The last line totals the tests of
 * all projects, so a run that tested nothing cannot pass unnoticed.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureKafka, ensurePostgres, stopKafka, stopPostgres } from '@ledgerline/local-runtime';

const root = resolve(import.meta.dirname, '..');
/** Test processes at once: two cores, and the broker and database need some of them too. */
const NX_PARALLEL = 2;
const STEP_ENV = {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  KAFKAJS_NO_PARTITIONER_WARNING: '1',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};
const TEST_SUMMARY_LINE = /Tests\s+(.*)\(\d+\)\s*$/;
/** Vitest's lines naming a failed test or file, and lines naming an error such a test failed with. */
const FAILED_TEST_LINE = /\s(FAIL|×)\s/;
const ERROR_LINE = /\b(Assertion)?Error:\s/;
/** At most this many of each are repeated at the end, where CI's tail shows them. */
const FAILED_TEST_LINES_MAX = 40;
const ERROR_LINES_MAX = 20;

interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Adds up vitest's per-project summary lines, e.g. "Tests  1 failed | 8 passed (9)". */
function countTests(output: string): TestCounts {
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const line of output.split('\n')) {
    const summary = TEST_SUMMARY_LINE.exec(line)?.[1];
    if (summary === undefined) continue;
    for (const kind of ['passed', 'failed', 'skipped'] as const) {
      const count = new RegExp(`(\\d+) ${kind}`).exec(summary)?.[1];
      if (count !== undefined) counts[kind] += Number(count);
    }
  }
  return counts;
}

/** The failure lines of a run, without repeats, so the end of the log names what failed. */
function failureLines(output: string): string[] {
  const lines = [...new Set(output.split('\n'))];
  return [
    ...lines.filter((line) => FAILED_TEST_LINE.test(line)).slice(0, FAILED_TEST_LINES_MAX),
    ...lines.filter((line) => ERROR_LINE.test(line)).slice(0, ERROR_LINES_MAX),
  ];
}

class StepFailed extends Error {}

/** Runs one step with its output shown as it comes; returns that output. */
async function step(name: string, command: string, args: readonly string[]): Promise<string> {
  const startedAt = Date.now();
  process.stdout.write(`\n== ${name}\n`);
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...STEP_ENV } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
  });
  const exitCode = await new Promise<number | null>((resolveExit) => child.once('close', resolveExit));
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (exitCode !== 0) {
    process.stderr.write(`== ${name}: FAILED (exit ${String(exitCode)}) after ${seconds} s\n`);
    throw new StepFailed(output);
  }
  process.stdout.write(`== ${name}: ok in ${seconds} s\n`);
  return output;
}

const tsx = ['--import', 'tsx'];
const startedAt = Date.now();
let kafkaStartedHere = false;
let postgresStartedHere = false;
let testOutput = '';
let failure: unknown;
try {
  await step('contracts are lint-clean and generated code is current', process.execPath, [...tsx, 'tools/proto.ts', 'check']);
  await step('project boundaries', process.execPath, [...tsx, 'tools/check-boundaries.ts']);
  await step('prisma clients', process.execPath, [...tsx, 'tools/prisma-generate.ts']);
  const [kafka, postgres] = await Promise.all([ensureKafka(), ensurePostgres()]);
  kafkaStartedHere = kafka.startedHere;
  postgresStartedHere = postgres.startedHere;
  testOutput = await step('typecheck and tests of every project', join(root, 'node_modules', '.bin', 'nx'), [
    'run-many',
    '--targets=typecheck,test',
    `--parallel=${NX_PARALLEL}`,
    '--outputStyle=stream',
  ]);
} catch (error) {
  failure = error;
  if (error instanceof StepFailed) testOutput = error.message;
} finally {
  if (kafkaStartedHere) await stopKafka();
  if (postgresStartedHere) await stopPostgres();
}

const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
const counts = countTests(testOutput);
if (failure === undefined && counts.passed === 0) failure = new Error('no test ran');
if (failure !== undefined) {
  const reason = failure instanceof StepFailed ? 'a step failed (see above)' : String(failure);
  const failures = failureLines(testOutput);
  if (failures.length > 0) process.stderr.write(`\nWhat failed:\n${failures.join('\n')}\n`);
  process.stderr.write(`\nnpm test: FAILED in ${seconds} s: ${reason}\n`);
} else {
  process.stdout.write(`\nnpm test: all checks passed in ${seconds} s\n`);
}
// The closing line CI reads: every test counted across all projects.
process.stdout.write(`Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
process.exit(failure === undefined ? 0 : 1);
