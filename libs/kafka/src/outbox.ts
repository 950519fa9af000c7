import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlExecutor, TransactionalStore } from '@ledgerline/db';
import type { Logger } from '@ledgerline/telemetry';
import type { Producer } from 'kafkajs';
import { sealEvent, type OutgoingEvent } from './envelope.js';
import { KAFKA_EVENT_BYTES_MAX, OUTBOX_BATCH_BYTES_MAX, OUTBOX_BATCH_SIZE_MAX, OUTBOX_ERROR_BACKOFF_MS, OUTBOX_POLL_INTERVAL_MS } from './limits.js';

/**
 * DDL of the outbox table every publishing service has in its own migrations (a module keeps its
 * migrations inside). Kept here as the reference the services' migrations copy and a test checks.
 */
export const OUTBOX_TABLE = 'outbox_event';

/**
 * Writes events to the outbox inside the caller's transaction, so they commit together with the
 * state change that caused them, or not at all. One multi-row insert whatever the count.
 */
export async function enqueueEvents(sql: SqlExecutor, events: readonly OutgoingEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = outboxRows(events, 1);
  await sql.execute(`INSERT INTO ${OUTBOX_TABLE} (${OUTBOX_COLUMNS}) VALUES ${rows.values}`, rows.params);
  return rows.eventIds;
}

const OUTBOX_COLUMNS = 'event_id, topic, message_key, event_type, payload, headers';

/** An event larger than any topic takes: it could never be published. */
export class EventTooLargeError extends Error {
  constructor(eventType: string, bytes: number) {
    super(`${eventType} event of ${bytes} bytes exceeds the ${KAFKA_EVENT_BYTES_MAX} bytes an event may have`);
    this.name = 'EventTooLargeError';
  }
}

/** The bytes an event takes in a produce request: value, key and headers. */
function eventBytes(value: Uint8Array, key: string, headers: Record<string, string>): number {
  return value.length + Buffer.byteLength(key) + Object.entries(headers).reduce((bytes, [name, text]) => bytes + Buffer.byteLength(name) + Buffer.byteLength(text), 0);
}

/** Seals events and writes them as VALUES rows with numbered parameters from `firstParameter` on. */
function outboxRows(events: readonly OutgoingEvent[], firstParameter: number): { values: string; params: unknown[]; eventIds: string[] } {
  const sealed = events.map((event) => sealEvent(event));
  for (const event of sealed) {
    const bytes = eventBytes(event.value, event.key, event.headers);
    if (bytes > KAFKA_EVENT_BYTES_MAX) throw new EventTooLargeError(event.eventType, bytes);
  }
  const params: unknown[] = [];
  const rows = sealed.map((event) => {
    const base = firstParameter + params.length;
    params.push(event.eventId, event.topic, event.key, event.eventType, event.value, JSON.stringify(event.headers));
    return `($${base}::uuid, $${base + 1}::text, $${base + 2}::text, $${base + 3}::text, $${base + 4}::bytea, $${base + 5}::jsonb)`;
  });
  return { values: rows.join(', '), params, eventIds: sealed.map((event) => event.eventId) };
}

/**
 * An outbox INSERT that writes the events only when the named CTE yields a row, to be appended
 * to a statement that defines that CTE (typically `WITH moved AS (UPDATE ... RETURNING ...)`).
 * The state change and its events then commit together in one statement, with no transaction
 * held open across round trips: the fastest way to keep the outbox's promise on a hot path.
 */
export function guardedOutboxInsert(
  events: readonly OutgoingEvent[],
  guardCte: string,
  firstParameter: number,
): { sql: string; params: unknown[]; eventIds: string[] } {
  if (!/^[a-z_][a-z0-9_]*$/.test(guardCte)) throw new Error(`invalid CTE name ${guardCte}`);
  const rows = outboxRows(events, firstParameter);
  const sql = `INSERT INTO ${OUTBOX_TABLE} (${OUTBOX_COLUMNS})
    SELECT v.* FROM (VALUES ${rows.values}) AS v(${OUTBOX_COLUMNS})
     WHERE EXISTS (SELECT 1 FROM ${guardCte})`;
  return { sql, params: rows.params, eventIds: rows.eventIds };
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: Buffer | Uint8Array;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions<Tx> {
  store: TransactionalStore<Tx>;
  producer: Producer;
  logger: Logger;
  /** Distinguishes relays of different services sharing one database server in tests. */
  lockKey: number;
  /**
   * Prepended to every topic name at publish time, so a whole system (an end-to-end run, a
   * benchmark) can share a broker with others without seeing their events.
   */
  topicPrefix?: string;
  batchSizeMax?: number;
  /** Most event bytes per produce request; the first row goes whatever its size. */
  batchBytesMax?: number;
  pollIntervalMs?: number;
}

/**
 * Publishes outbox rows to Kafka in id order and deletes them in the same transaction that read
 * them. A crash between publish and commit publishes those rows again on restart: delivery is at
 * least once, and consumers de-duplicate by event id. A transaction-scoped advisory lock lets
 * only one relay of a service publish at a time, which keeps per-key order across replicas.
 */
export class OutboxRelay<Tx> {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly batchSizeMax: number;
  private readonly batchBytesMax: number;
  private readonly pollIntervalMs: number;

  constructor(private readonly options: OutboxRelayOptions<Tx>) {
    this.batchSizeMax = options.batchSizeMax ?? OUTBOX_BATCH_SIZE_MAX;
    this.batchBytesMax = options.batchBytesMax ?? OUTBOX_BATCH_BYTES_MAX;
    this.pollIntervalMs = options.pollIntervalMs ?? OUTBOX_POLL_INTERVAL_MS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes the relay at once; call after committing a transaction that enqueued events. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  /** Publishes one batch; returns how many rows it published. Exposed for tests and drains. */
  async publishBatch(): Promise<number> {
    const { store, producer } = this.options;
    // Most polls find nothing: a plain probe costs far less than opening a transaction to see so.
    const probe = await store.direct.query<{ id: string }>(`SELECT id::text AS id FROM ${OUTBOX_TABLE} LIMIT 1`, []);
    if (probe.length === 0) return 0;
    return store.transaction(async (tx) => {
      const sql = store.sql(tx);
      const [lock] = await sql.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        this.options.lockKey,
      ]);
      if (lock?.locked !== true) return 0;
      // Ordered by the table's bigint id (qualified: a bare "id" would name the text output
      // column, and "10" sorts before "9"), so events of one key are published in write order.
      // Only the leading rows whose events fit in the byte budget together are read, and at
      // least the first: a backlog of large events (a document of 10,000 lines makes one of
      // about 1.5 MB) never loads 500 of them into memory to send a few. The sizes come from
      // the stored values' headers without reading them. The headers are counted at their stored
      // size (pg_column_size) rather than rendered as JSON text for every row of every pass; jsonb
      // stores a little more than its text, which only makes a batch a little smaller.
      const batch = await sql.query<OutboxRow>(
        `SELECT o.id::text AS id, o.topic, o.message_key, o.payload, o.headers
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS position,
                        sum(octet_length(payload) + octet_length(message_key) + pg_column_size(headers)) OVER (ORDER BY id) AS bytes
                   FROM ${OUTBOX_TABLE} ORDER BY id LIMIT $1) AS running
           JOIN ${OUTBOX_TABLE} o ON o.id = running.id
          WHERE running.position = 1 OR running.bytes <= $2
          ORDER BY o.id`,
        [this.batchSizeMax, this.batchBytesMax],
      );
      if (batch.length === 0) return 0;
      const byTopic = new Map<string, OutboxRow[]>();
      for (const row of batch) {
        const list = byTopic.get(row.topic) ?? [];
        list.push(row);
        byTopic.set(row.topic, list);
      }
      await producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, topicRows]) => ({
          topic: `${this.options.topicPrefix ?? ''}${topic}`,
          messages: topicRows.map((row) => ({
            key: row.message_key,
            value: Buffer.from(row.payload),
            headers: row.headers,
          })),
        })),
      });
      await sql.execute(`DELETE FROM ${OUTBOX_TABLE} WHERE id = ANY($1::bigint[])`, [batch.map((row) => row.id)]);
      return batch.length;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
      } catch (error) {
        this.options.logger.error({ err: error }, 'outbox relay pass failed; retrying after back-off');
        await sleep(OUTBOX_ERROR_BACKOFF_MS);
        continue;
      }
      if (published === 0 && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
