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

describe('partition groups', () => {
  it('applies the chunks of many partitions in shared transactions, keeping each key in order', async () => {
    const kafka = createKafka({ clientId: uniqueName('groups'), brokers: kafkaBrokers, logger });
    const producer = await createProducer(kafka);
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
    const relay = new OutboxRelay({ store, producer, logger, lockKey: 22 });
    while ((await relay.publishBatch()) > 0);

    const consumerDatabase = await createTestDatabase(postgresAdminUrl, 'groupscon');
    databases.push(consumerDatabase);
    await prepareConsumerDatabase(consumerDatabase.url);
    const { store: consumerSide, pool: consumerPool } = consumerStore(consumerDatabase.url);
    pools.push(consumerPool);
    const transactions: ReceivedEvent[][] = [];
    const consumer = new EventConsumer({
      kafka,
      producer,
      store: consumerSide,
      groupId: uniqueName('groups-group'),
      topics: [topic],
      logger,
      batchSizeMax: BATCH_SIZE_MAX,
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
    const sequencesByKey = new Map<string, number[]>();
    for (const event of applied) {
      const [key, sequence] = Buffer.from(event.payload).toString('utf8').split(':');
      sequencesByKey.set(key ?? '', [...(sequencesByKey.get(key ?? '') ?? []), Number(sequence)]);
    }
    expect(sequencesByKey.size).toBe(KEYS);
    for (const sequences of sequencesByKey.values()) expect(sequences).toEqual(Array.from({ length: EVENTS_PER_KEY }, (_, index) => index));
  });
});
