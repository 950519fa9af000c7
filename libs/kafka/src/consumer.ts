import { setTimeout as sleep } from 'node:timers/promises';
import type { TransactionalStore } from '@ledgerline/db';
import { context, extractTraceContext, getTracer, SpanKind, SpanStatusCode, trace, type Logger } from '@ledgerline/telemetry';
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { MalformedEventError, openEnvelope, type ReceivedEvent } from './envelope.js';
import {
  CONSUMER_ATTEMPTS_MAX,
  CONSUMER_BATCH_SIZE_MAX,
  CONSUMER_HEARTBEAT_INTERVAL_MS,
  CONSUMER_RETRY_BACKOFF_MS,
  CONSUMER_SESSION_TIMEOUT_MS,
  CONSUMER_TRANSIENT_ATTEMPTS_MAX,
  deadLetterTopicOf,
  DLQ_REASON_LENGTH_MAX,
  HEADER_DLQ_ATTEMPTS,
  HEADER_DLQ_CONSUMER_GROUP,
  HEADER_DLQ_ORIGINAL_OFFSET,
  HEADER_DLQ_ORIGINAL_PARTITION,
  HEADER_DLQ_ORIGINAL_TOPIC,
  HEADER_DLQ_REASON,
} from './limits.js';

export const PROCESSED_EVENT_TABLE = 'processed_event';

/**
 * Applies the effect of new events inside the given transaction. It receives only events this
 * consumer group has not processed before; it must not publish directly (use the outbox).
 */
export type BatchHandler<Tx> = (events: readonly ReceivedEvent[], tx: Tx) => Promise<void>;

export interface EventConsumerOptions<Tx> {
  kafka: Kafka;
  /** Publishes dead letters; the service's idempotent producer. */
  producer: Producer;
  store: TransactionalStore<Tx>;
  groupId: string;
  topics: readonly string[];
  handler: BatchHandler<Tx>;
  logger: Logger;
  batchSizeMax?: number;
  attemptsMax?: number;
  retryBackoffMs?: number;
  /** Tells failures worth retrying without limit (infrastructure down) from bad messages. */
  isTransient?: (error: unknown) => boolean;
  fromBeginning?: boolean;
  /**
   * How long the broker waits for a silent member before giving its partitions to others; the
   * time a crashed replica's partitions stand still. Kafka's own default unless set.
   */
  sessionTimeoutMs?: number;
  /** Called after each transaction that applied events has committed, e.g. to wake the outbox relay. */
  afterCommit?: () => void;
}

/** Postgres error classes that say "try again later", not "this message is bad". */
const TRANSIENT_SQLSTATE_PREFIXES = ['08', '40', '53', '57P'];
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

export function isTransientByDefault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix));
}

/** Thrown to make kafkajs restart the consumer from the last committed offset. */
export class ConsumerHaltedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConsumerHaltedError';
  }
}

/**
 * An idempotent, batched Kafka consumer.
 *
 * Fast path: a chunk of messages is handled in one database transaction that also records every
 * event id in the processed-event (inbox) table; ids already there are filtered out first, so a
 * redelivered event has no second effect. Offsets are committed only after that transaction.
 *
 * Slow path: when the chunk fails, each message is retried alone with back-off so one bad message
 * cannot block its neighbours; after the bounded attempts it goes to `<topic>.dlq` with the reason
 * and the consumer moves on. A failure that looks transient (database unreachable) is not a bad
 * message: after its own bound the consumer halts and restarts instead of dead-lettering.
 */
export class EventConsumer<Tx> {
  private consumer: Consumer | undefined;
  private readonly batchSizeMax: number;
  private readonly attemptsMax: number;
  private readonly retryBackoffMs: number;
  private readonly isTransient: (error: unknown) => boolean;

  constructor(private readonly options: EventConsumerOptions<Tx>) {
    this.batchSizeMax = options.batchSizeMax ?? CONSUMER_BATCH_SIZE_MAX;
    this.attemptsMax = options.attemptsMax ?? CONSUMER_ATTEMPTS_MAX;
    this.retryBackoffMs = options.retryBackoffMs ?? CONSUMER_RETRY_BACKOFF_MS;
    this.isTransient = options.isTransient ?? isTransientByDefault;
  }

  async start(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.options.sessionTimeoutMs ?? CONSUMER_SESSION_TIMEOUT_MS,
      heartbeatInterval: CONSUMER_HEARTBEAT_INTERVAL_MS,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let start = 0; start < batch.messages.length; start += this.batchSizeMax) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(start, start + this.batchSizeMax);
          await this.processChunk(batch.topic, batch.partition, chunk);
          const last = chunk[chunk.length - 1];
          if (last === undefined) continue;
          resolveOffset(last.offset);
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
          ]);
          await heartbeat();
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async processChunk(topic: string, partition: number, messages: readonly KafkaMessage[]): Promise<void> {
    const events: ReceivedEvent[] = [];
    for (const message of messages) {
      try {
        events.push(openEnvelope(message.value, metaOf(topic, partition, message)));
      } catch (error) {
        if (!(error instanceof MalformedEventError)) throw error;
        await this.deadLetter(topic, partition, message, error, 1);
      }
    }
    if (events.length === 0) return;
    try {
      await this.applyInTransaction(events);
    } catch (error) {
      this.options.logger.warn(
        { err: error, topic, partition, count: events.length },
        'batch failed; retrying its messages one by one',
      );
      for (const event of events) await this.processAlone(event, messages);
    }
  }

  private async processAlone(event: ReceivedEvent, messages: readonly KafkaMessage[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.applyInTransaction([event]);
        return;
      } catch (error) {
        const transient = this.isTransient(error);
        const limit = transient ? CONSUMER_TRANSIENT_ATTEMPTS_MAX : this.attemptsMax;
        if (attempt >= limit) {
          if (transient) {
            throw new ConsumerHaltedError(`giving up on transient failure at ${event.topic}/${event.offset}`, {
              cause: error,
            });
          }
          const message = messages.find((candidate) => candidate.offset === event.offset);
          if (message === undefined) throw new Error(`message at offset ${event.offset} vanished from its batch`);
          await this.deadLetter(event.topic, event.partition, message, error, attempt);
          return;
        }
        this.options.logger.warn({ err: error, eventId: event.eventId, attempt }, 'event handling failed; retrying');
        await sleep(this.retryBackoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private async applyInTransaction(events: readonly ReceivedEvent[]): Promise<void> {
    const first = events[0];
    if (first === undefined) return;
    // A batch continues the trace of its first event; the others' trace ids stay in their headers.
    const parent = extractTraceContext(first.headers);
    const span = getTracer('ledgerline.kafka').startSpan(
      `${first.topic} process`,
      { kind: SpanKind.CONSUMER, attributes: { 'messaging.batch.message_count': events.length } },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), async () => {
        const { store, groupId, handler } = this.options;
        await store.transaction(async (tx) => {
          const fresh = await store
            .sql(tx)
            .query<{ event_id: string }>(
              `INSERT INTO ${PROCESSED_EVENT_TABLE} (consumer_group, event_id)
               SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id::text AS event_id`,
              [groupId, events.map((event) => event.eventId)],
            );
          const freshIds = new Set(fresh.map((row) => row.event_id));
          const newEvents = events.filter((event) => freshIds.delete(event.eventId));
          if (newEvents.length > 0) await handler(newEvents, tx);
        });
        this.options.afterCommit?.();
      });
      span.setStatus({ code: SpanStatusCode.OK });
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      span.end();
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: unknown,
    attempts: number,
  ): Promise<void> {
    const reasonText = (reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)).slice(
      0,
      DLQ_REASON_LENGTH_MAX,
    );
    this.options.logger.error({ topic, partition, offset: message.offset, reason: reasonText }, 'dead-lettering message');
    await this.options.producer.send({
      topic: deadLetterTopicOf(topic),
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [HEADER_DLQ_REASON]: reasonText,
            [HEADER_DLQ_ORIGINAL_TOPIC]: topic,
            [HEADER_DLQ_ORIGINAL_PARTITION]: String(partition),
            [HEADER_DLQ_ORIGINAL_OFFSET]: message.offset,
            [HEADER_DLQ_CONSUMER_GROUP]: this.options.groupId,
            [HEADER_DLQ_ATTEMPTS]: String(attempts),
          },
        },
      ],
    });
  }
}

function metaOf(topic: string, partition: number, message: KafkaMessage) {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? '',
    headers: headersToStrings(message.headers),
  };
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const single = Array.isArray(value) ? value[0] : value;
    if (single !== undefined) result[name] = single.toString();
  }
  return result;
}
