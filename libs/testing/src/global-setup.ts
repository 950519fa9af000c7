import type { TestProject } from 'vitest/node';
import { ensureTestInfrastructure } from './infrastructure.js';

/** Vitest global setup for integration tests: brings up (or reuses) Kafka and Postgres once per run. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('infrastructure', await ensureTestInfrastructure());
}
