import { createKafka } from '@ledgerline/kafka';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { deleteRunTopics, eventually, TEST_RUN_ENV, testLogger, uniqueName } from '../src/index.js';

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
    // A deletion reaches the broker's metadata cache after the controller has answered, so the
    // listing may name the topic for a moment longer.
    const left = await eventually(
      async () => {
        const topics = await admin.listTopics();
        return topics.includes(ours) ? undefined : topics;
      },
      { what: `topic ${ours} to be gone` },
    );
    expect(left).toContain(theirs);
    await admin.deleteTopics({ topics: [theirs] });
  });
});
