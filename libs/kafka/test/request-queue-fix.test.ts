import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { testLogger } from '@ledgerline/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createKafka, createProducer } from '../src/index.js';

/**
 * A client that has connected and then has nothing to send leaves its broker connections quiet:
 * kafkajs 2.2.4 alone re-checks every connection's request queue each millisecond forever
 * (libs/kafka/src/request-queue-fix.ts).
 */
const { kafkaBrokers } = inject('infrastructure');
const IDLE_MS = 1_000;
/** Checks an idle client may still make in IDLE_MS: responses still arriving right after connecting. */
const IDLE_CHECKS_MAX = 20;

const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as {
  prototype: { checkPendingRequests(): void };
};
const checkPendingRequests = RequestQueue.prototype.checkPendingRequests;
let checks = 0;
RequestQueue.prototype.checkPendingRequests = function countedCheck(this: unknown) {
  checks += 1;
  checkPendingRequests.call(this);
};

afterAll(() => {
  RequestQueue.prototype.checkPendingRequests = checkPendingRequests;
});

describe('kafkajs request queue', () => {
  it('an idle connected client stops checking its request queues', async () => {
    const kafka = createKafka({ clientId: 'request-queue-fix', brokers: kafkaBrokers, logger: testLogger('request-queue-fix') });
    const producer = await createProducer(kafka);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.listTopics();
      await sleep(IDLE_MS / 4);
      checks = 0;
      await sleep(IDLE_MS);
      expect(checks).toBeLessThanOrEqual(IDLE_CHECKS_MAX);
      // The connections still work after their queues went quiet.
      expect(Array.isArray(await admin.listTopics())).toBe(true);
    } finally {
      await admin.disconnect();
      await producer.disconnect();
    }
  });
});
