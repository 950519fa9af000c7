import kafkajs, { Kafka, logLevel, type ITopicConfig, type LogEntry } from 'kafkajs';
import type { Logger } from '@ledgerline/telemetry';
import { KAFKA_TOPIC_MESSAGE_BYTES_MAX } from './limits.js';
import { kafkaLogLevel } from './log-level.js';
import { fixKafkajsRequestQueue } from './request-queue-fix.js';

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
  fixKafkajsRequestQueue();
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
        const writtenAt = kafkaLogLevel(level, message, fields.error);
        if (writtenAt === logLevel.ERROR) log.error(fields, message);
        else if (writtenAt === logLevel.WARN) log.warn(fields, message);
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

/**
 * Creates missing topics and waits until every partition of every named topic has a leader.
 * Several services start at once and create the same topics, and a fresh topic answers "does not
 * host this partition" for a moment. Who created a topic does not matter, only that it ends up
 * with leaders: a failed creation is therefore checked against the topics' real state, and its
 * error is raised only when the topics do not become ready.
 */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[]): Promise<void> {
  // Metadata for no topics means "all topics" to Kafka; with nothing to ensure, ask nothing.
  if (specs.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = specs
      .filter((spec) => !existing.has(spec.topic))
      .map((spec) => ({ topic: spec.topic, numPartitions: spec.partitions, replicationFactor: 1, configEntries: [...TOPIC_CONFIG] }));
    let creationError: unknown;
    if (missing.length > 0) {
      try {
        await admin.createTopics({ topics: missing, waitForLeaders: false });
      } catch (error) {
        creationError = error;
      }
    }
    await waitForLeaders(admin, specs.map((spec) => spec.topic), creationError);
    await raiseMessageLimit(admin, specs.map((spec) => spec.topic).filter((topic) => existing.has(topic)));
  } finally {
    await admin.disconnect();
  }
}

/** Most topics one DeleteTopics request names. */
const TOPICS_PER_DELETE_MAX = 100;
/** How long the broker may take to delete one request's topics. */
const TOPIC_DELETE_TIMEOUT_MS = 30_000;

/**
 * Deletes every topic whose name contains `marker`, and answers how many there were. For the
 * topics a test run or a benchmark made under its own prefix: left in place they pile up in the
 * development broker, and 10,527 leftover partitions made every client's metadata large and the
 * posting bench about 10 % slower.
 */
export async function deleteTopicsContaining(kafka: Kafka, marker: string): Promise<number> {
  if (marker === '') throw new Error('deleteTopicsContaining needs a marker: an empty one names every topic');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.includes(marker));
    for (let start = 0; start < topics.length; start += TOPICS_PER_DELETE_MAX) {
      await admin.deleteTopics({ topics: topics.slice(start, start + TOPICS_PER_DELETE_MAX), timeout: TOPIC_DELETE_TIMEOUT_MS });
    }
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}

// kafkajs is CommonJS and Node's named-export detection misses these enums: they are read from the default export.
const { ConfigResourceTypes, ConfigSource } = kafkajs;
const MESSAGE_BYTES_CONFIG = 'max.message.bytes';
/** Topic settings every topic gets: Kafka's 1 MiB default would refuse a large invoice's events. */
const TOPIC_CONFIG = [{ name: MESSAGE_BYTES_CONFIG, value: String(KAFKA_TOPIC_MESSAGE_BYTES_MAX) }] as const;

/**
 * Topics created before the limit was raised (or by someone else) get it too. Only topics below
 * it are changed. AlterConfigs (the only form kafkajs speaks) replaces a topic's dynamic settings
 * as a whole, so the settings set on the topic itself (an operator's retention, say) are read and
 * sent again with the new limit, and nothing else is lost.
 */
async function raiseMessageLimit(admin: ReturnType<Kafka['admin']>, topics: readonly string[]): Promise<void> {
  if (topics.length === 0) return;
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const below = described.resources.filter((resource) => {
    const value = resource.configEntries.find((entry) => entry.configName === MESSAGE_BYTES_CONFIG)?.configValue;
    return value === undefined || Number(value) < KAFKA_TOPIC_MESSAGE_BYTES_MAX;
  });
  if (below.length === 0) return;
  await admin.alterConfigs({
    validateOnly: false,
    resources: below.map((resource) => ({
      type: ConfigResourceTypes.TOPIC,
      name: resource.resourceName,
      configEntries: [
        ...resource.configEntries
          .filter((entry) => entry.configSource === ConfigSource.TOPIC_CONFIG && entry.configName !== MESSAGE_BYTES_CONFIG)
          .map((entry) => ({ name: entry.configName, value: entry.configValue })),
        ...TOPIC_CONFIG,
      ],
    })),
  });
}

async function waitForLeaders(admin: ReturnType<Kafka['admin']>, topics: readonly string[], creationError: unknown): Promise<void> {
  const deadline = Date.now() + TOPIC_READY_TIMEOUT_MS;
  let lastError: unknown = creationError;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const ready =
        metadata.length === topics.length &&
        metadata.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0));
      if (ready) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`topics have no leader after ${TOPIC_READY_TIMEOUT_MS} ms: ${topics.join(', ')}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, TOPIC_READY_POLL_MS));
  }
}
