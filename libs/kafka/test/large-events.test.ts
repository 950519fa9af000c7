import { pgStore } from '@ledgerline/db';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createKafka,
  createProducer,
  enqueueEvents,
  ensureTopics,
  EventConsumer,
  EventTooLargeError,
  KAFKA_EVENT_BYTES_MAX,
  KAFKA_TOPIC_MESSAGE_BYTES_MAX,
  OutboxRelay,
  type Kafka,
  type Producer,
} from '../src/index.js';
import { consumerStore, prepareConsumerDatabase, preparePublisherDatabase } from './fixtures/pipeline.js';

/** Events far above Kafka's 1 MiB default, as a 10,000-line invoice makes, through the real broker. */
const logger = testLogger('large-events');
const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const LARGE_EVENT_BYTES = 3 * 1024 * 1024;
const { ConfigResourceTypes } = kafkajs;

let kafka: Kafka;
let producer: Producer;
const databases: TestDatabase[] = [];
const pools: pg.Pool[] = [];

beforeAll(async () => {
  kafka = createKafka({ clientId: uniqueName('large'), brokers: kafkaBrokers, logger });
  producer = await createProducer(kafka);
});

afterAll(async () => {
  await producer.disconnect();
  await Promise.all(pools.map((pool) => pool.end()));
  await Promise.all(databases.map((database) => database.drop()));
});

/** A topic's settings, as the broker reports them. */
async function settingsOf(topic: string): Promise<Map<string, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
    return new Map((described.resources[0]?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]));
  } finally {
    await admin.disconnect();
  }
}

async function messageLimitOf(topic: string): Promise<number> {
  return Number((await settingsOf(topic)).get('max.message.bytes'));
}

async function publisher(prefix: string) {
  const database = await createTestDatabase(postgresAdminUrl, prefix);
  databases.push(database);
  await preparePublisherDatabase(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  pools.push(pool);
  return pgStore(pool);
}

describe('large events', () => {
  it("creates topics that take large events, and raises the limit of topics created without it, keeping the topic's other settings", async () => {
    const created = uniqueName('test.large-created.v1');
    await ensureTopics(kafka, [{ topic: created, partitions: 1 }]);
    expect(await messageLimitOf(created)).toBe(KAFKA_TOPIC_MESSAGE_BYTES_MAX);

    const older = uniqueName('test.large-older.v1');
    const admin = kafka.admin();
    await admin.connect();
    // An operator's own settings on the topic: a day's retention and compression.
    const operatorSettings = [
      { name: 'retention.ms', value: '86400000' },
      { name: 'compression.type', value: 'zstd' },
    ];
    await admin.createTopics({ topics: [{ topic: older, numPartitions: 1, replicationFactor: 1, configEntries: operatorSettings }], waitForLeaders: true });
    await admin.disconnect();
    expect(await messageLimitOf(older)).toBeLessThan(KAFKA_TOPIC_MESSAGE_BYTES_MAX);
    await ensureTopics(kafka, [{ topic: older, partitions: 1 }]);
    const settings = await settingsOf(older);
    expect(Number(settings.get('max.message.bytes'))).toBe(KAFKA_TOPIC_MESSAGE_BYTES_MAX);
    expect([settings.get('retention.ms'), settings.get('compression.type')]).toEqual(['86400000', 'zstd']);
  });

  it('publishes and consumes events of several megabytes, a produce request within its byte limit, reading no more than it sends', async () => {
    const topic = uniqueName('test.large-event.v1');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const store = await publisher('largepub');
    await store.transaction((tx) =>
      enqueueEvents(
        store.sql(tx),
        ['big-1', 'big-2', 'big-3'].map((id) => ({
          topic,
          key: 'one-customer',
          companyId: 'c1',
          eventType: 'test.v1.Large',
          payload: Buffer.concat([Buffer.from(`${id}:`), Buffer.alloc(LARGE_EVENT_BYTES, 'x')]),
        })),
      ),
    );
    // Two events do not fit in one request of this size: each pass sends what fits, in order,
    // and reads no more events from the outbox than it sends.
    const eventsRead: number[] = [];
    const recordingStore: typeof store = {
      ...store,
      sql: (tx) => {
        const inner = store.sql(tx);
        return {
          execute: (text, params) => inner.execute(text, params),
          query: async <Row>(text: string, params: readonly unknown[]) => {
            const rows = await inner.query<Row>(text, params);
            if (text.includes('o.payload')) eventsRead.push(rows.length);
            return rows;
          },
        };
      },
    };
    const relay = new OutboxRelay({ store: recordingStore, producer, logger, lockKey: 11, batchBytesMax: LARGE_EVENT_BYTES * 1.5 });
    expect([await relay.publishBatch(), await relay.publishBatch(), await relay.publishBatch()]).toEqual([1, 1, 1]);
    expect(eventsRead).toEqual([1, 1, 1]);

    const consumerDatabase = await createTestDatabase(postgresAdminUrl, 'largecon');
    databases.push(consumerDatabase);
    await prepareConsumerDatabase(consumerDatabase.url);
    const { store: consumerSide, pool } = consumerStore(consumerDatabase.url);
    pools.push(pool);
    const received: { id: string; bytes: number }[] = [];
    const consumer = new EventConsumer({
      kafka,
      producer,
      store: consumerSide,
      groupId: uniqueName('large-group'),
      topics: [topic],
      logger,
      handler: async (events) => {
        for (const event of events) {
          const payload = Buffer.from(event.payload);
          received.push({ id: payload.subarray(0, payload.indexOf(':')).toString('utf8'), bytes: payload.length });
        }
      },
    });
    await consumer.start();
    const seen = await eventually(() => (received.length >= 3 ? received : undefined), { what: 'three large events', timeoutMs: 60_000 });
    await consumer.stop();
    expect(seen.map((event) => event.id)).toEqual(['big-1', 'big-2', 'big-3']);
    expect(seen.every((event) => event.bytes > LARGE_EVENT_BYTES)).toBe(true);
  });

  it('refuses to write an event larger than any topic takes, so the write fails instead of the relay', async () => {
    const store = await publisher('toolarge');
    await expect(
      store.transaction((tx) =>
        enqueueEvents(store.sql(tx), [
          { topic: 'test.too-large.v1', key: 'k', companyId: 'c1', eventType: 'test.v1.Large', payload: Buffer.alloc(KAFKA_EVENT_BYTES_MAX + 1) },
        ]),
      ),
    ).rejects.toThrow(EventTooLargeError);
  });
});
