import { randomUUID } from 'node:crypto';
import { commonV1Envelope } from '@ledgerline/contracts';
import { injectTraceContext } from '@ledgerline/telemetry';
import { HEADER_COMPANY_ID, HEADER_EVENT_ID, HEADER_EVENT_TYPE, HEADER_SCHEMA_VERSION } from './limits.js';

const { EventEnvelope } = commonV1Envelope;

/** An event a service wants published, before it is wrapped in its envelope. */
export interface OutgoingEvent {
  topic: string;
  /** The record key; the customer id for invoice events so one customer's events stay in order. */
  key: string;
  companyId: string;
  /** Fully qualified protobuf message name of the payload, e.g. "posting.v1.InvoicePosted". */
  eventType: string;
  /** The payload message encoded with its ts-proto codec. */
  payload: Uint8Array;
  schemaVersion?: number;
  /** Chosen by the caller when the event must keep a known id; otherwise a new UUID. */
  eventId?: string;
}

/** An event as stored in the outbox and sent to Kafka: envelope bytes plus headers. */
export interface SealedEvent {
  eventId: string;
  topic: string;
  key: string;
  eventType: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** Wraps a payload in its envelope and adds the routing and trace headers of the active context. */
export function sealEvent(event: OutgoingEvent, occurredAt: Date = new Date()): SealedEvent {
  const eventId = event.eventId ?? randomUUID();
  const schemaVersion = event.schemaVersion ?? 1;
  const value = Buffer.from(
    EventEnvelope.encode({
      eventId,
      occurredAt,
      companyId: event.companyId,
      eventType: event.eventType,
      schemaVersion,
      payload: Buffer.from(event.payload),
    }).finish(),
  );
  const headers = injectTraceContext({
    [HEADER_EVENT_ID]: eventId,
    [HEADER_EVENT_TYPE]: event.eventType,
    [HEADER_COMPANY_ID]: event.companyId,
    [HEADER_SCHEMA_VERSION]: String(schemaVersion),
  });
  return { eventId, topic: event.topic, key: event.key, eventType: event.eventType, value, headers };
}

export interface ReceivedEvent {
  eventId: string;
  eventType: string;
  companyId: string;
  schemaVersion: number;
  occurredAt: Date;
  payload: Uint8Array;
  topic: string;
  partition: number;
  offset: string;
  key: string;
  headers: Record<string, string>;
}

export class MalformedEventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedEventError';
  }
}

/** Decodes an envelope; a value that is not one is a poison message, never retried. */
export function openEnvelope(
  value: Buffer | null,
  meta: { topic: string; partition: number; offset: string; key: string; headers: Record<string, string> },
): ReceivedEvent {
  if (value === null) throw new MalformedEventError('message has no value');
  let envelope: commonV1Envelope.EventEnvelope;
  try {
    envelope = EventEnvelope.decode(value);
  } catch (error) {
    throw new MalformedEventError(`value is not an EventEnvelope: ${String(error)}`, { cause: error });
  }
  if (envelope.eventId === '' || envelope.eventType === '' || envelope.occurredAt === undefined) {
    throw new MalformedEventError('envelope lacks event id, event type or occurred-at');
  }
  return {
    eventId: envelope.eventId,
    eventType: envelope.eventType,
    companyId: envelope.companyId,
    schemaVersion: envelope.schemaVersion,
    occurredAt: envelope.occurredAt,
    payload: envelope.payload,
    ...meta,
  };
}
