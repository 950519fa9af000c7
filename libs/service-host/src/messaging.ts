import type { TransactionalStore } from '@ledgerline/db';
import {
  createKafka,
  createProducer,
  deadLetterTopicOf,
  ensureTopics,
  EventConsumer,
  OutboxRelay,
  type BatchHandler,
  type Producer,
} from '@ledgerline/kafka';
import type { Logger } from '@ledgerline/telemetry';

/**
 * Partitions of every event topic: the most consumer replicas of one group that can share a
 * topic's work, so also the ceiling of posting's autoscaling.
 */
export const EVENT_TOPIC_PARTITIONS = 12;

export interface ConsumerRegistration<Tx> {
  groupId: string;
  topics: readonly string[];
  handler: BatchHandler<Tx>;
  /** Transactions the consumer may run at once (EventConsumer's transactionsMax); 1 unless set. */
  transactionsMax?: number;
}

export interface MessagingOptions<Tx> {
  clientId: string;
  brokers: readonly string[];
  store: TransactionalStore<Tx>;
  logger: Logger;
  /** Topics this service publishes to through its outbox. */
  publishes: readonly string[];
  consumers: readonly ConsumerRegistration<Tx>[];
  /** Advisory lock key that lets one relay of this service publish at a time. */
  outboxLockKey: number;
  /** Prepended to every topic this service publishes to or consumes; empty in production. */
  topicPrefix: string;
}

export interface Messaging {
  producer: Producer;
  relay: OutboxRelay<unknown>;
  stop(): Promise<void>;
}

/**
 * A service's Kafka side: topics (and their dead-letter topics) exist, the outbox relay runs,
 * and each consumer group applies its events idempotently. Stopping drains in reverse order.
 */
export async function startMessaging<Tx>(options: MessagingOptions<Tx>): Promise<Messaging> {
  const kafka = createKafka({ clientId: options.clientId, brokers: options.brokers, logger: options.logger });
  const prefixed = (topic: string) => `${options.topicPrefix}${topic}`;
  const consumedTopics = options.consumers.flatMap((consumer) => consumer.topics).map(prefixed);
  const topics = [...new Set([...options.publishes.map(prefixed), ...consumedTopics])];
  await ensureTopics(kafka, [
    ...topics.map((topic) => ({ topic, partitions: EVENT_TOPIC_PARTITIONS })),
    ...consumedTopics.map((topic) => ({ topic: deadLetterTopicOf(topic), partitions: 1 })),
  ]);
  const producer = await createProducer(kafka);
  const relay = new OutboxRelay({
    store: options.store,
    producer,
    logger: options.logger,
    lockKey: options.outboxLockKey,
    topicPrefix: options.topicPrefix,
  });
  relay.start();
  const consumers = options.consumers.map(
    (registration) =>
      new EventConsumer({
        kafka,
        producer,
        store: options.store,
        groupId: registration.groupId,
        topics: registration.topics.map(prefixed),
        handler: registration.handler,
        transactionsMax: registration.transactionsMax,
        logger: options.logger,
        // Events a handler wrote to the outbox go out as soon as its transaction commits.
        afterCommit: () => relay.notify(),
      }),
  );
  await Promise.all(consumers.map((consumer) => consumer.start()));
  return {
    producer,
    relay: relay as OutboxRelay<unknown>,
    async stop() {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await relay.stop();
      await producer.disconnect();
    },
  };
}
