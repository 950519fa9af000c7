// Registry of the events Ledgerline publishes on Kafka: event_type (the fully
// qualified protobuf message name) -> topic, schema version and ts-proto codec,
// plus helpers to wrap a payload in a common.v1.EventEnvelope and to decode an
// envelope's payload by its type.
import { EventEnvelope } from './gen/common/v1/event_envelope.js';
import { CustomerChanged, PaymentRecorded } from './gen/customer/v1/events.js';
import { InvoicePostingRequested } from './gen/invoicing/v1/events.js';
import { InvoicePosted, InvoicePostingFailed } from './gen/posting/v1/events.js';
import type { MessageFns } from './gen/posting/v1/events.js';

/** Payload type of every registered event, by event_type. */
export interface EventTypeMap {
  'invoicing.v1.InvoicePostingRequested': InvoicePostingRequested;
  'posting.v1.InvoicePosted': InvoicePosted;
  'posting.v1.InvoicePostingFailed': InvoicePostingFailed;
  'customer.v1.PaymentRecorded': PaymentRecorded;
  'customer.v1.CustomerChanged': CustomerChanged;
}

/** A registered event_type, e.g. "posting.v1.InvoicePosted". */
export type EventType = keyof EventTypeMap;

/** The payload message of an event type. */
export type EventPayload<K extends EventType> = EventTypeMap[K];

/** The ts-proto codec of one message type (encode/decode/fromPartial/fromJSON/toJSON). */
export type EventCodec<T> = MessageFns<T>;

/** What the registry knows about one event type. */
export interface EventDescriptor<K extends EventType> {
  /** Fully qualified protobuf message name, the envelope's event_type. */
  readonly eventType: K;
  /** Kafka topic, `<domain>.<event>.v<major>`. */
  readonly topic: string;
  /** Current schema_version written into envelopes. */
  readonly schemaVersion: number;
  /** ts-proto codec of the payload message. */
  readonly codec: EventCodec<EventTypeMap[K]>;
}

/** Every registered event type. */
export const eventRegistry: { readonly [K in EventType]: EventDescriptor<K> } = {
  'invoicing.v1.InvoicePostingRequested': {
    eventType: 'invoicing.v1.InvoicePostingRequested',
    topic: 'invoice.posting-requested.v1',
    schemaVersion: 1,
    codec: InvoicePostingRequested,
  },
  'posting.v1.InvoicePosted': {
    eventType: 'posting.v1.InvoicePosted',
    topic: 'invoice.posted.v1',
    schemaVersion: 1,
    codec: InvoicePosted,
  },
  'posting.v1.InvoicePostingFailed': {
    eventType: 'posting.v1.InvoicePostingFailed',
    topic: 'invoice.posting-failed.v1',
    schemaVersion: 1,
    codec: InvoicePostingFailed,
  },
  'customer.v1.PaymentRecorded': {
    eventType: 'customer.v1.PaymentRecorded',
    topic: 'customer.payment-recorded.v1',
    schemaVersion: 1,
    codec: PaymentRecorded,
  },
  'customer.v1.CustomerChanged': {
    eventType: 'customer.v1.CustomerChanged',
    topic: 'customer.customer-changed.v1',
    schemaVersion: 1,
    codec: CustomerChanged,
  },
};

/** Event type -> Kafka topic name. */
export const eventTopics: { readonly [K in EventType]: string } = Object.fromEntries(
  Object.values(eventRegistry).map((descriptor) => [descriptor.eventType, descriptor.topic]),
) as { readonly [K in EventType]: string };

/** Whether a string is a registered event_type. */
export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(eventRegistry, value);
}

/** The codec of a registered event type. */
export function eventCodec<K extends EventType>(eventType: K): EventCodec<EventTypeMap[K]> {
  // The mapped registry type guarantees the pairing; TypeScript cannot follow it through the index.
  return eventRegistry[eventType].codec as EventCodec<EventTypeMap[K]>;
}

/** Thrown when an envelope's event_type is not registered or not the one expected. */
export class UnknownEventTypeError extends Error {
  constructor(
    readonly eventType: string,
    expected?: string,
  ) {
    super(
      expected === undefined
        ? `unknown event type "${eventType}"`
        : `event type "${eventType}" where "${expected}" was expected`,
    );
    this.name = 'UnknownEventTypeError';
  }
}

/** Envelope fields a publisher chooses; the rest comes from the registry. */
export interface EnvelopeMetadata {
  /** Unique event id (UUID), kept on redelivery. */
  readonly eventId: string;
  /** When the causing state change committed. */
  readonly occurredAt: Date;
  readonly companyId: string;
  /** Defaults to the registry's schemaVersion. */
  readonly schemaVersion?: number;
}

/** Wraps a payload in an EventEnvelope (payload encoded with its codec). */
export function createEnvelope<K extends EventType>(
  eventType: K,
  payload: EventTypeMap[K],
  metadata: EnvelopeMetadata,
): EventEnvelope {
  return {
    eventId: metadata.eventId,
    occurredAt: metadata.occurredAt,
    companyId: metadata.companyId,
    eventType,
    schemaVersion: metadata.schemaVersion ?? eventRegistry[eventType].schemaVersion,
    payload: Buffer.from(eventCodec(eventType).encode(payload).finish()),
  };
}

/** Encodes a payload straight to EventEnvelope bytes (a Kafka record value). */
export function encodeEvent<K extends EventType>(
  eventType: K,
  payload: EventTypeMap[K],
  metadata: EnvelopeMetadata,
): Uint8Array {
  return EventEnvelope.encode(createEnvelope(eventType, payload, metadata)).finish();
}

/** A decoded event: discriminated by eventType, so narrowing it types the payload. */
export type DecodedEvent = {
  [K in EventType]: { readonly eventType: K; readonly envelope: EventEnvelope; readonly payload: EventTypeMap[K] };
}[EventType];

/**
 * Decodes an envelope (or its bytes) and its payload by event_type.
 * Throws UnknownEventTypeError when the type is not registered.
 */
export function decodeEvent(input: Uint8Array | EventEnvelope): DecodedEvent {
  const envelope = input instanceof Uint8Array ? EventEnvelope.decode(input) : input;
  const { eventType } = envelope;
  if (!isEventType(eventType)) throw new UnknownEventTypeError(eventType);
  const payload = eventCodec(eventType).decode(envelope.payload);
  return { eventType, envelope, payload } as DecodedEvent;
}

/**
 * Decodes the payload of an envelope that must be of one type.
 * Throws UnknownEventTypeError when it is of another type.
 */
export function decodePayload<K extends EventType>(envelope: EventEnvelope, eventType: K): EventTypeMap[K] {
  if (envelope.eventType !== eventType) throw new UnknownEventTypeError(envelope.eventType, eventType);
  return eventCodec(eventType).decode(envelope.payload);
}
