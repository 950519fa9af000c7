export { createKafka, deleteTopicsContaining, ensureTopics, type Kafka, type KafkaClientOptions, type TopicSpec } from './client.js';
export {
  ConsumerHaltedError,
  EventConsumer,
  headersToStrings,
  isTransientByDefault,
  PROCESSED_EVENT_TABLE,
  type BatchHandler,
  type EventConsumerOptions,
} from './consumer.js';
export {
  MalformedEventError,
  openEnvelope,
  sealEvent,
  type OutgoingEvent,
  type ReceivedEvent,
  type SealedEvent,
} from './envelope.js';
export * from './limits.js';
export { enqueueEvents, EventTooLargeError, guardedOutboxInsert, OUTBOX_TABLE, OutboxRelay, type OutboxRelayOptions } from './outbox.js';
export { createProducer } from './producer.js';
export type { Producer } from 'kafkajs';
export { OUTBOX_EVENT_DDL, PROCESSED_EVENT_DDL } from './schema.js';
