import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pgStore } from '@ledgerline/db';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createKafka,
  createProducer,
  deadLetterTopicOf,
  enqueueEvents,
  ensureTopics,
  EventConsumer,
  HEADER_DLQ_REASON,
  HEADER_EVENT_ID,
  headersToStrings,
  OutboxRelay,
  type Kafka,
  type Producer,
} from '../src/index.js';
import { consumerStore, prepareConsumerDatabase, preparePublisherDatabase, recordingHandler } from './fixtures/pipeline.js';

const EVENT_COUNT = 300;
const logger = testLogger('outbox-to-consumer');
const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');

let kafka: Kafka;
let producer: Producer;
const databases: TestDatabase[] = [];
const pools: pg.Pool[] = [];

beforeAll(async () => {
  kafka = createKafka({ clientId: uniqueName('test'), brokers: kafkaBrokers, logger });
  producer = await createProducer(kafka);
});

afterAll(async () => {
  await producer.disconnect();
  await Promise.all(pools.map((pool) => pool.end()));
  await Promise.all(databases.map((database) => database.drop()));
});

async function database(prefix: string): Promise<TestDatabase> {
  const created = await createTestDatabase(postgresAdminUrl, prefix);
  databases.push(created);
  return created;
}

function pool(url: string): pg.Pool {
  const created = new pg.Pool({ connectionString: url, max: 4 });
  pools.push(created);
  return created;
}

async function countRows(client: pg.Pool, sql: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(sql);
  return Number(rows[0]?.n);
}

describe('outbox to idempotent consumer over the real broker', () => {
  it('applies every event exactly once although the consumer is killed mid-batch and events are delivered again', async () => {
    const topic = uniqueName('test.widget-changed.v1');
    const groupId = uniqueName('group');
    await ensureTopics(kafka, [
      { topic, partitions: 3 },
      { topic: deadLetterTopicOf(topic), partitions: 1 },
    ]);
    const publisherDb = await database('publisher');
    const consumerDb = await database('consumer');
    await preparePublisherDatabase(publisherDb.url);
    await prepareConsumerDatabase(consumerDb.url);

    // State change and event commit together; a rolled-back transaction leaves neither.
    const publisherStore = pgStore(pool(publisherDb.url));
    for (let index = 0; index < EVENT_COUNT; index += 1) {
      await publisherStore.transaction(async (tx) => {
        await tx.query('INSERT INTO widget (id, quantity) VALUES ($1, 1)', [`w${index}`]);
        await enqueueEvents(publisherStore.sql(tx), [
          { topic, key: `customer-${index % 7}`, companyId: 'c1', eventType: 'test.v1.WidgetChanged', payload: Buffer.from(`w${index}`) },
        ]);
      });
    }
    await expect(
      publisherStore.transaction(async (tx) => {
        await tx.query('INSERT INTO widget (id, quantity) VALUES ($1, 1)', ['rolled-back']);
        await enqueueEvents(publisherStore.sql(tx), [
          { topic, key: 'x', companyId: 'c1', eventType: 'test.v1.WidgetChanged', payload: Buffer.from('rolled-back') },
        ]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');

    const relay = new OutboxRelay({ store: publisherStore, producer, logger, lockKey: 1, batchSizeMax: 50 });
    relay.start();
    const publisherPool = pool(publisherDb.url);
    await eventually(async () => ((await countRows(publisherPool, 'SELECT count(*) AS n FROM outbox_event')) === 0 ? true : undefined), {
      what: 'outbox drained',
    });
    await relay.stop();

    // A first consumer, in its own process, is killed while it works through small, slow batches.
    const consumerPool = pool(consumerDb.url);
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/consumer-process.ts', import.meta.url))], {
      env: {
        ...process.env,
        KAFKA_BROKERS: kafkaBrokers.join(','),
        DATABASE_URL: consumerDb.url,
        GROUP_ID: groupId,
        TOPIC: topic,
        DELAY_PER_EVENT_MS: '5',
        BATCH_SIZE_MAX: '10',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const seenBeforeKill = await eventually(
      async () => {
        const seen = await countRows(consumerPool, 'SELECT count(*) AS n FROM widget_seen');
        return seen >= 30 ? seen : undefined;
      },
      { what: 'the first consumer to make progress' },
    );
    child.kill('SIGKILL');
    await exited;
    expect(seenBeforeKill).toBeLessThan(EVENT_COUNT);

    // A second consumer of the same group finishes the work.
    const second = consumerStore(consumerDb.url);
    pools.push(second.pool);
    const consumer = new EventConsumer({ kafka, producer, store: second.store, groupId, topics: [topic], handler: recordingHandler(2), logger });
    await consumer.start();
    await eventually(
      async () => ((await countRows(consumerPool, 'SELECT count(DISTINCT event_id) AS n FROM widget_seen')) === EVENT_COUNT ? true : undefined),
      { what: 'all events applied' },
    );
    await consumer.stop();

    // Replaying the whole topic into the same group delivers every event again, to no effect.
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic, earliest: true });
    await admin.disconnect();
    const replay = new EventConsumer({ kafka, producer, store: second.store, groupId, topics: [topic], handler: recordingHandler(3), logger });
    await replay.start();
    await eventually(
      async () => {
        const admin2 = kafka.admin();
        await admin2.connect();
        const [offsets] = await admin2.fetchOffsets({ groupId, topics: [topic] });
        const latest = await admin2.fetchTopicOffsets(topic);
        await admin2.disconnect();
        const caughtUp = latest.every(
          (partition) => offsets?.partitions.find((p) => p.partition === partition.partition)?.offset === partition.offset,
        );
        return caughtUp ? true : undefined;
      },
      { what: 'the replay to reach the end of the topic' },
    );
    await replay.stop();

    expect(await countRows(consumerPool, 'SELECT count(*) AS n FROM widget_seen')).toBe(EVENT_COUNT);
    expect(await countRows(consumerPool, 'SELECT count(DISTINCT widget_id) AS n FROM widget_seen')).toBe(EVENT_COUNT);
    expect(await countRows(consumerPool, 'SELECT count(*) AS n FROM widget_seen WHERE seen_by = 3')).toBe(0);
    expect(await countRows(consumerPool, "SELECT count(*) AS n FROM widget_seen WHERE widget_id = 'rolled-back'")).toBe(0);
  });

  it('sends a message that keeps failing to the dead-letter topic with its reason and goes on with the partition', async () => {
    const topic = uniqueName('test.widget-changed.v1');
    const deadLetterTopic = deadLetterTopicOf(topic);
    await ensureTopics(kafka, [
      { topic, partitions: 1 },
      { topic: deadLetterTopic, partitions: 1 },
    ]);
    const consumerDb = await database('dlq');
    await prepareConsumerDatabase(consumerDb.url);
    const publisherDb = await database('dlqpub');
    await preparePublisherDatabase(publisherDb.url);
    const publisherStore = pgStore(pool(publisherDb.url));
    const eventIds = await publisherStore.transaction((tx) =>
      enqueueEvents(
        publisherStore.sql(tx),
        ['w1', 'poison-1', 'w2', 'w3'].map((id) => ({
          topic,
          key: 'same-customer',
          companyId: 'c1',
          eventType: 'test.v1.WidgetChanged',
          payload: Buffer.from(id),
        })),
      ),
    );
    const relay = new OutboxRelay({ store: publisherStore, producer, logger, lockKey: 2 });
    expect(await relay.publishBatch()).toBe(4);
    // A value that is not an event envelope at all is a poison message too.
    await producer.send({ topic, messages: [{ key: 'same-customer', value: Buffer.from('not protobuf \u00ff\u00fe') }] });
    await publisherStore.transaction((tx) =>
      enqueueEvents(publisherStore.sql(tx), [
        { topic, key: 'same-customer', companyId: 'c1', eventType: 'test.v1.WidgetChanged', payload: Buffer.from('w4') },
      ]),
    );
    expect(await relay.publishBatch()).toBe(1);

    const { store, pool: consumerPool } = consumerStore(consumerDb.url);
    pools.push(consumerPool);
    const consumer = new EventConsumer({
      kafka,
      producer,
      store,
      groupId: uniqueName('group'),
      topics: [topic],
      handler: recordingHandler(1),
      logger,
      retryBackoffMs: 10,
    });
    const deadLetters: { headers: Record<string, string> }[] = [];
    const dlqConsumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: deadLetterTopic, fromBeginning: true });
    await dlqConsumer.run({ eachMessage: async ({ message }) => void deadLetters.push({ headers: headersToStrings(message.headers) }) });

    await consumer.start();
    await eventually(
      async () => {
        const { rows } = await consumerPool.query<{ widget_id: string }>('SELECT widget_id FROM widget_seen ORDER BY widget_id');
        return rows.length === 4 && deadLetters.length === 2 ? rows.map((row) => row.widget_id) : undefined;
      },
      { what: 'good messages applied and bad ones dead-lettered' },
    ).then((seen) => expect(seen).toEqual(['w1', 'w2', 'w3', 'w4']));
    await consumer.stop();
    await dlqConsumer.disconnect();

    const poison = deadLetters.find((letter) => letter.headers[HEADER_EVENT_ID] === eventIds[1]);
    expect(poison?.headers[HEADER_DLQ_REASON]).toContain('cannot handle poison-1');
    const malformed = deadLetters.find((letter) => letter.headers[HEADER_EVENT_ID] === undefined);
    expect(malformed?.headers[HEADER_DLQ_REASON]).toContain('MalformedEventError');
  });
});
