import { createKafka } from '@ledgerline/kafka';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { deleteRunTopics, TEST_RUN_ENV, testLogger, uniqueName } from '../src/index.js';

const { kafkaBrokers } = inject('infrastructure');
const admin = createKafka({ clientId: uniqueName('run-topics'), brokers: kafkaBrokers, logger: testLogger('run-topics') }).admin();

afterAll(async () => {
  await admin.disconnect();
});

describe('deleteRunTopics', () => {
  it('deletes the topics named during a run and leaves those of other runs', async () => {
    const run = process.env[TEST_RUN_ENV];
    expect(run).toMatch(/^[0-9a-f]{6}$/);
    const ours = uniqueName('test.ours.v1');
    expect(ours).toContain(`_r${String(run)}_w`);
    process.env[TEST_RUN_ENV] = 'aaaaaa';
    const theirs = uniqueName('test.theirs.v1');
    process.env[TEST_RUN_ENV] = run;
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: ours }, { topic: theirs }], waitForLeaders: true });

    expect(await deleteRunTopics(kafkaBrokers, String(run))).toBeGreaterThanOrEqual(1);
    const left = await admin.listTopics();
    expect(left).not.toContain(ours);
    expect(left).toContain(theirs);
    await admin.deleteTopics({ topics: [theirs] });
  });
});
