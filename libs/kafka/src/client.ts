import { Kafka, logLevel, type ITopicConfig, type LogEntry } from 'kafkajs';
import type { Logger } from '@ledgerline/telemetry';

export type { Kafka };

export interface KafkaClientOptions {
  clientId: string;
  brokers: readonly string[];
  logger: Logger;
}

const KAFKA_CONNECTION_TIMEOUT_MS = 5_000;
const KAFKA_RETRIES_MAX = 8;

/**
 * The one place kafkajs is constructed. kafkajs is in maintenance mode upstream, so every
 * service reaches Kafka through this library and the client can be replaced in one place.
 */
export function createKafka(options: KafkaClientOptions): Kafka {
  const log = options.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: KAFKA_CONNECTION_TIMEOUT_MS,
    retry: { retries: KAFKA_RETRIES_MAX },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...fields } = entry;
        if (level === logLevel.ERROR) log.error(fields, message);
        else if (level === logLevel.WARN) log.warn(fields, message);
        else log.debug(fields, message);
      },
  });
}

export interface TopicSpec {
  topic: string;
  partitions: number;
}

/** How long topics may take to have a leader for every partition after creation. */
const TOPIC_READY_TIMEOUT_MS = 30_000;
const TOPIC_READY_POLL_MS = 200;
const TOPIC_ALREADY_EXISTS = 'TOPIC_ALREADY_EXISTS';

/**
 * Creates missing topics and waits until every partition of every named topic has a leader.
 * Several services start at once and create the same topics: a topic another one just created
 * is fine, and waiting for leaders keeps a fresh topic's "does not host this partition" answers
 * away from the producers and consumers that start next.
 */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = specs
      .filter((spec) => !existing.has(spec.topic))
      .map((spec) => ({ topic: spec.topic, numPartitions: spec.partitions, replicationFactor: 1 }));
    if (missing.length > 0) {
      try {
        await admin.createTopics({ topics: missing, waitForLeaders: true });
      } catch (error) {
        if (!createdConcurrently(error)) throw error;
      }
    }
    await waitForLeaders(admin, specs.map((spec) => spec.topic));
  } finally {
    await admin.disconnect();
  }
}

/** True when creation failed only because other processes created the topics first. */
function createdConcurrently(error: unknown): boolean {
  const causes = (error as { errors?: unknown[] }).errors;
  return (
    Array.isArray(causes) &&
    causes.length > 0 &&
    causes.every((cause) => (cause as { type?: string }).type === TOPIC_ALREADY_EXISTS)
  );
}

async function waitForLeaders(admin: ReturnType<Kafka['admin']>, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + TOPIC_READY_TIMEOUT_MS;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const ready = metadata.every(
        (topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
      );
      if (ready) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics have no leader after ${TOPIC_READY_TIMEOUT_MS} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, TOPIC_READY_POLL_MS));
  }
}
