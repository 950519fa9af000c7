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

/** Creates missing topics (with their dead-letter topics when asked) and waits for leaders. */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = specs
      .filter((spec) => !existing.has(spec.topic))
      .map((spec) => ({ topic: spec.topic, numPartitions: spec.partitions, replicationFactor: 1 }));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}
