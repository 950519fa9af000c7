import { pgStore } from '@ledgerline/db';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createKafka, createProducer, enqueueEvents, ensureTopics, EventConsumer, OutboxRelay } from '../src/index.js';
import { consumerStore, prepareConsumerDatabase, preparePublisherDatabase } from './fixtures/pipeline.js';

/** The relay publishes in the order events were written, also where their ids gain a digit. */
const logger = testLogger('outbox-order');
const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const databases: TestDatabase[] = [];
const pools: pg.Pool[] = [];

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await Promise.all(databases.map((database) => database.drop()));
});

describe('outbox order', () => {
  it('publishes event 9 before events 10 and 11 of the same key', async () => {
    const kafka = createKafka({ clientId: uniqueName('order'), brokers: kafkaBrokers, logger });
    const producer = await createProducer(kafka);
    const topic = uniqueName('test.outbox-order.v1');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const database = await createTestDatabase(postgresAdminUrl, 'orderpub');
    databases.push(database);
    await preparePublisherDatabase(database.url);
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pools.push(pool);
    const store = pgStore(pool);
    // The next ids are 9, 10 and 11: as text, "10" and "11" sort before "9".
    await pool.query(`SELECT setval(pg_get_serial_sequence('outbox_event', 'id'), 8)`);
    for (const name of ['ninth', 'tenth', 'eleventh']) {
      await store.transaction((tx) =>
        enqueueEvents(store.sql(tx), [{ topic, key: 'one-customer', companyId: 'c1', eventType: 'test.v1.Ordered', payload: Buffer.from(name) }]),
      );
    }
    const relay = new OutboxRelay({ store, producer, logger, lockKey: 21, batchSizeMax: 2 });
    expect([await relay.publishBatch(), await relay.publishBatch()]).toEqual([2, 1]);

    const consumerDatabase = await createTestDatabase(postgresAdminUrl, 'ordercon');
    databases.push(consumerDatabase);
    await prepareConsumerDatabase(consumerDatabase.url);
    const { store: consumerSide, pool: consumerPool } = consumerStore(consumerDatabase.url);
    pools.push(consumerPool);
    const received: string[] = [];
    const consumer = new EventConsumer({
      kafka,
      producer,
      store: consumerSide,
      groupId: uniqueName('order-group'),
      topics: [topic],
      logger,
      handler: async (events) => {
        for (const event of events) received.push(Buffer.from(event.payload).toString('utf8'));
      },
    });
    await consumer.start();
    const seen = await eventually(() => (received.length >= 3 ? [...received] : undefined), { what: 'three events' });
    await consumer.stop();
    await producer.disconnect();
    expect(seen).toEqual(['ninth', 'tenth', 'eleventh']);
  });
});
