import { pgStore } from '@ledgerline/db';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createKafka, createProducer, enqueueEvents, ensureTopics, EventConsumer, OutboxRelay, type ReceivedEvent } from '../src/index.js';
import { consumerStore, prepareConsumerDatabase, preparePublisherDatabase } from './fixtures/pipeline.js';

/**
 * A backlog spread over many partitions is applied in transactions shared by partitions, each
 * within the batch size, and every key's events still arrive in the order they were written.
 */
const logger = testLogger('partition-groups');
const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const databases: TestDatabase[] = [];
const pools: pg.Pool[] = [];
const PARTITIONS = 12;
const KEYS = 48;
const EVENTS_PER_KEY = 10;
const BATCH_SIZE_MAX = 100;

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await Promise.all(databases.map((database) => database.drop()));
});

/** A topic of PARTITIONS partitions holding KEYS keys' EVENTS_PER_KEY events each, "key:sequence". */
async function publishBacklog(kafka: ReturnType<typeof createKafka>, producer: Awaited<ReturnType<typeof createProducer>>, lockKey: number): Promise<string> {
  const topic = uniqueName('test.partition-groups.v1');
  await ensureTopics(kafka, [{ topic, partitions: PARTITIONS }]);
  const database = await createTestDatabase(postgresAdminUrl, 'groupspub');
  databases.push(database);
  await preparePublisherDatabase(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pools.push(pool);
  const store = pgStore(pool);
  for (let sequence = 0; sequence < EVENTS_PER_KEY; sequence += 1) {
    await store.transaction((tx) =>
      enqueueEvents(
        store.sql(tx),
        Array.from({ length: KEYS }, (_, key) => ({
          topic,
          key: `customer-${key}`,
          companyId: 'c1',
          eventType: 'test.v1.Grouped',
          payload: Buffer.from(`${key}:${sequence}`),
        })),
      ),
    );
  }
  const relay = new OutboxRelay({ store, producer, logger, lockKey });
  while ((await relay.publishBatch()) > 0);
  return topic;
}

/** A consumer of the backlog's topic in a group of its own, with a database of its own. */
async function backlogConsumer(
  kafka: ReturnType<typeof createKafka>,
  producer: Awaited<ReturnType<typeof createProducer>>,
  topic: string,
  options: { handler: (events: readonly ReceivedEvent[]) => Promise<void>; transactionsMax?: number },
) {
  const consumerDatabase = await createTestDatabase(postgresAdminUrl, 'groupscon');
  databases.push(consumerDatabase);
  await prepareConsumerDatabase(consumerDatabase.url);
  const { store, pool } = consumerStore(consumerDatabase.url);
  pools.push(pool);
  return new EventConsumer({ kafka, producer, store, groupId: uniqueName('groups-group'), topics: [topic], logger, batchSizeMax: BATCH_SIZE_MAX, ...options });
}

/** Each key's sequences in the order they were applied: 0 to EVENTS_PER_KEY - 1 when in order. */
function expectEveryKeyInOrder(applied: readonly ReceivedEvent[]): void {
  const sequencesByKey = new Map<string, number[]>();
  for (const event of applied) {
    const [key, sequence] = Buffer.from(event.payload).toString('utf8').split(':');
    sequencesByKey.set(key ?? '', [...(sequencesByKey.get(key ?? '') ?? []), Number(sequence)]);
  }
  expect(sequencesByKey.size).toBe(KEYS);
  for (const sequences of sequencesByKey.values()) expect(sequences).toEqual(Array.from({ length: EVENTS_PER_KEY }, (_, index) => index));
}

describe('partition groups', () => {
  it('applies the chunks of many partitions in shared transactions, keeping each key in order', async () => {
    const kafka = createKafka({ clientId: uniqueName('groups'), brokers: kafkaBrokers, logger });
    const producer = await createProducer(kafka);
    const topic = await publishBacklog(kafka, producer, 22);
    const transactions: ReceivedEvent[][] = [];
    const consumer = await backlogConsumer(kafka, producer, topic, {
      handler: async (events) => {
        transactions.push([...events]);
      },
    });
    await consumer.start();
    const total = KEYS * EVENTS_PER_KEY;
    await eventually(() => (transactions.flat().length >= total ? true : undefined), { what: `${total} events` });
    await consumer.stop();
    await producer.disconnect();

    const applied = transactions.flat();
    expect(applied).toHaveLength(total);
    const partitionsPerTransaction = transactions.map((events) => new Set(events.map((event) => event.partition)).size);
    expect(Math.max(...partitionsPerTransaction)).toBeGreaterThan(1);
    expect(Math.max(...transactions.map((events) => events.length))).toBeLessThanOrEqual(BATCH_SIZE_MAX);
    // One transaction per partition is what applying each partition's chunk alone would take.
    expect(transactions.length).toBeLessThan(new Set(applied.map((event) => event.partition)).size);
    expectEveryKeyInOrder(applied);
  });

  it('runs up to transactionsMax transactions at once, never two of one partition, keeping each key in order', async () => {
    const kafka = createKafka({ clientId: uniqueName('groups'), brokers: kafkaBrokers, logger });
    const producer = await createProducer(kafka);
    const topic = await publishBacklog(kafka, producer, 23);
    const applied: ReceivedEvent[] = [];
    const running = new Set<number>();
    let active = 0;
    let overlapMax = 0;
    let partitionShared = false;
    const consumer = await backlogConsumer(kafka, producer, topic, {
      transactionsMax: 2,
      handler: async (events) => {
        const partitions = [...new Set(events.map((event) => event.partition))];
        if (partitions.some((partition) => running.has(partition))) partitionShared = true;
        for (const partition of partitions) running.add(partition);
        active += 1;
        overlapMax = Math.max(overlapMax, active);
        // Long enough for the next group to start while this one is still open.
        await new Promise((resolve) => setTimeout(resolve, 100));
        applied.push(...events);
        active -= 1;
        for (const partition of partitions) running.delete(partition);
      },
    });
    await consumer.start();
    const total = KEYS * EVENTS_PER_KEY;
    await eventually(() => (applied.length >= total ? true : undefined), { what: `${total} events` });
    await consumer.stop();
    await producer.disconnect();

    expect(applied).toHaveLength(total);
    expect([overlapMax, partitionShared]).toEqual([2, false]);
    expectEveryKeyInOrder(applied);
  });
});
