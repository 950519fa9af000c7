import { setTimeout as sleep } from 'node:timers/promises';
import type { TransactionalStore } from '@ledgerline/db';
import { context, extractTraceContext, getTracer, SpanKind, SpanStatusCode, trace, type Logger } from '@ledgerline/telemetry';
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { MalformedEventError, openEnvelope, type ReceivedEvent } from './envelope.js';
import {
  CONSUMER_ATTEMPTS_MAX,
  CONSUMER_BATCH_SIZE_MAX,
  CONSUMER_HEARTBEAT_INTERVAL_MS,
  CONSUMER_PARTITIONS_CONCURRENTLY_MAX,
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
  /**
   * Transactions of this consumer that may run at once, each on chunks of other partitions (1
   * unless set). More than one suits a handler whose transactions wait on another service and
   * rarely touch the same rows, as if that many replicas shared the partitions.
   */
  transactionsMax?: number;
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

/** One partition's messages, waiting for the transaction that will apply them together with others. */
interface WaitingChunk {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaMessage[];
  readonly applied: () => void;
  readonly failed: (error: unknown) => void;
}

/**
 * An idempotent, batched Kafka consumer.
 *
 * Fast path: a chunk of messages is handled in one database transaction that also records every
 * event id in the processed-event (inbox) table; ids already there are filtered out first, so a
 * redelivered event has no second effect. Offsets are committed only after that transaction.
 *
 * Chunks of different partitions are applied together: the partitions of one fetch are handed
 * over concurrently, and the chunks that wait at the same time share one transaction and one
 * offset commit, up to the batch size. A steady stream spread over many partitions would
 * otherwise cost a transaction, its handler's fixed queries and an offset commit per partition,
 * each for a few events. Order within a partition holds: a partition hands over its next chunk
 * only once its previous one is applied, and a shared transaction keeps each chunk's order.
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
  private readonly transactionsMax: number;
  private waiting: WaitingChunk[] = [];
  private drainers = 0;

  constructor(private readonly options: EventConsumerOptions<Tx>) {
    this.batchSizeMax = options.batchSizeMax ?? CONSUMER_BATCH_SIZE_MAX;
    this.attemptsMax = options.attemptsMax ?? CONSUMER_ATTEMPTS_MAX;
    this.retryBackoffMs = options.retryBackoffMs ?? CONSUMER_RETRY_BACKOFF_MS;
    this.isTransient = options.isTransient ?? isTransientByDefault;
    this.transactionsMax = options.transactionsMax ?? 1;
    if (!Number.isInteger(this.transactionsMax) || this.transactionsMax < 1) throw new Error(`transactionsMax must be a positive integer, not ${this.transactionsMax}`);
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
      partitionsConsumedConcurrently: CONSUMER_PARTITIONS_CONCURRENTLY_MAX,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let start = 0; start < batch.messages.length; start += this.batchSizeMax) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(start, start + this.batchSizeMax);
          const last = chunk[chunk.length - 1];
          if (last === undefined) continue;
          await this.applyWithOthers(batch.topic, batch.partition, chunk);
          resolveOffset(last.offset);
          await heartbeat();
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /** Resolves once the chunk is applied and its offset committed, in a transaction it may share. */
  private applyWithOthers(topic: string, partition: number, messages: readonly KafkaMessage[]): Promise<void> {
    return new Promise<void>((applied, failed) => {
      this.waiting.push({ topic, partition, messages, applied, failed });
      if (this.drainers >= this.transactionsMax) return;
      this.drainers += 1;
      // The other partitions of the same fetch are handed over in the same turn of the event
      // loop; waiting for the next turn lets them join this transaction.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.nextGroup();
      try {
        await this.processChunks(group);
        await this.commitOffsetsOf(group);
        for (const chunk of group) chunk.applied();
      } catch (error) {
        for (const chunk of group) chunk.failed(error);
      }
    }
    this.drainers -= 1;
  }

  /** The waiting chunks, oldest first, that fit one transaction together (always at least one). */
  private nextGroup(): WaitingChunk[] {
    let count = 0;
    let taken = 0;
    for (const chunk of this.waiting) {
      if (taken > 0 && count + chunk.messages.length > this.batchSizeMax) break;
      count += chunk.messages.length;
      taken += 1;
    }
    return this.waiting.splice(0, taken);
  }

  private async commitOffsetsOf(group: readonly WaitingChunk[]): Promise<void> {
    const consumer = this.consumer;
    if (consumer === undefined) throw new Error('offsets to commit after the consumer stopped');
    await consumer.commitOffsets(
      group.flatMap(({ topic, partition, messages }) => {
        const last = messages[messages.length - 1];
        return last === undefined ? [] : [{ topic, partition, offset: (BigInt(last.offset) + 1n).toString() }];
      }),
    );
  }

  private async processChunks(group: readonly WaitingChunk[]): Promise<void> {
    const events: ReceivedEvent[] = [];
    const messageOf = new Map<ReceivedEvent, KafkaMessage>();
    for (const { topic, partition, messages } of group) {
      for (const message of messages) {
        try {
          const event = openEnvelope(message.value, metaOf(topic, partition, message));
          events.push(event);
          messageOf.set(event, message);
        } catch (error) {
          if (!(error instanceof MalformedEventError)) throw error;
          await this.deadLetter(topic, partition, message, error, 1);
        }
      }
    }
    if (events.length === 0) return;
    try {
      await this.applyInTransaction(events);
    } catch (error) {
      this.options.logger.warn(
        { err: error, partitions: group.map(({ topic, partition }) => `${topic}/${partition}`), count: events.length },
        'batch failed; retrying its messages one by one',
      );
      for (const event of events) {
        const message = messageOf.get(event);
        if (message === undefined) throw new Error(`event ${event.eventId} lost its message`);
        await this.processAlone(event, message);
      }
    }
  }

  private async processAlone(event: ReceivedEvent, message: KafkaMessage): Promise<void> {
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
