/** Most outbox rows one relay pass publishes; bounds memory and transaction length. */
export const OUTBOX_BATCH_SIZE_MAX = 500;
/**
 * Largest event (envelope and headers) a service may publish. Kafka's default limit is 1 MiB;
 * an InvoicePostingRequested of 10,000 lines is about 1 MB with short descriptions and several
 * MB with long ones or many serial numbers, and the gateway accepts request bodies of 20 MB, so
 * events may be this large. A larger one is refused when it is written to the outbox, where it
 * fails the write that caused it instead of stopping the relay later.
 */
export const KAFKA_EVENT_BYTES_MAX = 24 * 1024 * 1024;
/**
 * max.message.bytes of every topic (set when a service creates or finds it): the largest record
 * batch the broker takes, room for the largest event plus the batch's own framing.
 */
export const KAFKA_TOPIC_MESSAGE_BYTES_MAX = 32 * 1024 * 1024;
/**
 * Most event bytes one relay pass sends in one produce request (one record batch per partition
 * must stay within the topic's limit). A single larger event, within KAFKA_EVENT_BYTES_MAX, is
 * sent on its own.
 */
export const OUTBOX_BATCH_BYTES_MAX = KAFKA_EVENT_BYTES_MAX;
/**
 * How long the relay sleeps when the outbox was empty. Commits in this process wake it at once,
 * so the poll only picks up rows written by other replicas; each poll costs CPU even when idle.
 */
export const OUTBOX_POLL_INTERVAL_MS = 1_000;
/** Back-off after a failed relay pass (broker or database unavailable). */
export const OUTBOX_ERROR_BACKOFF_MS = 1_000;

/** Most messages a consumer hands to one transaction of its batch handler. */
export const CONSUMER_BATCH_SIZE_MAX = 500;
/**
 * Partitions whose batches a consumer takes at once (kafkajs partitionsConsumedConcurrently).
 * They are not applied in parallel: their chunks join one transaction (see EventConsumer), so
 * this is the most partitions of one fetch that can share it. Above the partitions a service
 * consumes (12 per event topic, three topics at most).
 */
export const CONSUMER_PARTITIONS_CONCURRENTLY_MAX = 64;
/** Attempts for one message on the slow path before it goes to the dead-letter topic. */
export const CONSUMER_ATTEMPTS_MAX = 3;
/** First back-off between attempts; doubles each time. */
export const CONSUMER_RETRY_BACKOFF_MS = 100;
/** Most attempts for a message whose failure looks transient (database or broker down) before the consumer gives up and restarts. */
export const CONSUMER_TRANSIENT_ATTEMPTS_MAX = 10;

/** Longest back-off between two retries of a Kafka produce request. */
export const PRODUCER_RETRY_BACKOFF_MAX_MS = 5_000;
/** Default consumer session timeout (Kafka's own default). */
export const CONSUMER_SESSION_TIMEOUT_MS = 30_000;
/** The broker's smallest allowed session timeout (group.min.session.timeout.ms). */
export const CONSUMER_SESSION_TIMEOUT_MS_MIN = 6_000;
/** Heartbeats well inside the shortest session timeout. */
export const CONSUMER_HEARTBEAT_INTERVAL_MS = 1_000;
/** Kafka producer request timeout. */
export const PRODUCER_REQUEST_TIMEOUT_MS = 30_000;

/** Headers every Ledgerline event carries, so routing and tracing need not decode the value. */
export const HEADER_EVENT_ID = 'event-id';
export const HEADER_EVENT_TYPE = 'event-type';
export const HEADER_COMPANY_ID = 'company-id';
export const HEADER_SCHEMA_VERSION = 'schema-version';
/** Headers added to a dead-lettered message. */
export const HEADER_DLQ_REASON = 'dlq-reason';
export const HEADER_DLQ_ORIGINAL_TOPIC = 'dlq-original-topic';
export const HEADER_DLQ_ORIGINAL_PARTITION = 'dlq-original-partition';
export const HEADER_DLQ_ORIGINAL_OFFSET = 'dlq-original-offset';
export const HEADER_DLQ_CONSUMER_GROUP = 'dlq-consumer-group';
export const HEADER_DLQ_ATTEMPTS = 'dlq-attempts';
/** Longest reason text kept in a dead-letter header. */
export const DLQ_REASON_LENGTH_MAX = 2_000;

/** The dead-letter topic of a topic: same name with a `.dlq` suffix. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}
