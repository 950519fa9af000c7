import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { ensureTestInfrastructure } from './infrastructure.js';
import { TEST_RUN_ENV } from './isolation.js';
import { deleteRunTopics } from './run-topics.js';

/**
 * Vitest global setup for integration tests: brings up (or reuses) Kafka and Postgres once per
 * run, and gives the run an id that every unique name in it carries (workers inherit the
 * environment). When the run ends, the topics it created are deleted; the projects that run at
 * the same time against the same broker have ids of their own, so their topics stay.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infrastructure = await ensureTestInfrastructure();
  const run = randomBytes(3).toString('hex');
  process.env[TEST_RUN_ENV] = run;
  project.provide('infrastructure', infrastructure);
  return async () => {
    // A cleanup that fails leaves topics behind, nothing worse: it is reported, and the run's
    // outcome stays that of its tests.
    try {
      await deleteRunTopics(infrastructure.kafkaBrokers, run);
    } catch (error) {
      process.stderr.write(`test run ${run}: its Kafka topics were not deleted: ${String(error)}\n`);
    }
  };
}
