import { pgStore } from '@ledgerline/db';
import { context, getTracer, startTelemetry, trace } from '@ledgerline/telemetry';
import { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from '@ledgerline/testing';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createKafka, createProducer, enqueueEvents, ensureTopics, EventConsumer, OutboxRelay } from '../src/index.js';
import { prepareConsumerDatabase, preparePublisherDatabase } from './fixtures/pipeline.js';

const { kafkaBrokers, postgresAdminUrl } = inject('infrastructure');
const telemetry = startTelemetry({ serviceName: 'kafka-tracing-test', spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
const databases: TestDatabase[] = [];
const pools: pg.Pool[] = [];

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await Promise.all(databases.map((database) => database.drop()));
  await telemetry.shutdown();
});

describe('trace context through Kafka headers', () => {
  it('runs the handler of an event inside the trace of the request that caused it', async () => {
    const logger = testLogger('kafka-tracing');
    const kafka = createKafka({ clientId: uniqueName('tracing'), brokers: kafkaBrokers, logger });
    const producer = await createProducer(kafka);
    const topic = uniqueName('test.traced.v1');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const publisher = await createTestDatabase(postgresAdminUrl, 'trace_pub');
    const consumerDb = await createTestDatabase(postgresAdminUrl, 'trace_sub');
    databases.push(publisher, consumerDb);
    await preparePublisherDatabase(publisher.url);
    await prepareConsumerDatabase(consumerDb.url);
    const publisherPool = new pg.Pool({ connectionString: publisher.url });
    const consumerPool = new pg.Pool({ connectionString: consumerDb.url });
    pools.push(publisherPool, consumerPool);
    const publisherStore = pgStore(publisherPool);

    const requestSpan = getTracer('test').startSpan('POST /v1/something');
    await context.with(trace.setSpan(context.active(), requestSpan), () =>
      publisherStore.transaction((tx) =>
        enqueueEvents(publisherStore.sql(tx), [
          { topic, key: 'k', companyId: 'c1', eventType: 'test.v1.Traced', payload: Buffer.from('x') },
        ]),
      ),
    );
    requestSpan.end();
    await new OutboxRelay({ store: publisherStore, producer, logger, lockKey: 3 }).publishBatch();

    const traceIdsInHandler: string[] = [];
    const consumer = new EventConsumer({
      kafka,
      producer,
      store: pgStore(consumerPool),
      groupId: uniqueName('group'),
      topics: [topic],
      logger,
      handler: async () => {
        const active = trace.getActiveSpan()?.spanContext();
        if (active !== undefined) traceIdsInHandler.push(active.traceId);
      },
    });
    await consumer.start();
    const [traceId] = await eventually(() => (traceIdsInHandler.length > 0 ? traceIdsInHandler : undefined), {
      what: 'the handler to run',
    });
    await consumer.stop();
    await producer.disconnect();
    expect(traceId).toBe(requestSpan.spanContext().traceId);
  });
});
