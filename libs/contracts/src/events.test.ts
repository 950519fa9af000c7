import { describe, expect, it } from 'vitest';
import { EventEnvelope } from './gen/common/v1/event_envelope.js';
import { DocumentType } from './gen/common/v1/types.js';
import { InvoicePosted } from './gen/posting/v1/events.js';
import * as customerV1Events from './gen/customer/v1/events.js';
import * as invoicingV1Events from './gen/invoicing/v1/events.js';
import * as postingV1Events from './gen/posting/v1/events.js';
import {
  decodeEvent,
  decodePayload,
  encodeEvent,
  eventRegistry,
  eventTopics,
  isEventType,
  UnknownEventTypeError,
  type EventType,
} from './events.js';

const posted: InvoicePosted = InvoicePosted.fromPartial({
  invoiceId: 'inv-0001',
  companyId: 'acme-ch',
  customerId: 'C-1001',
  documentType: DocumentType.DOCUMENT_TYPE_SALES_ORDER,
  invoiceNumber: 'INV-000042',
  transactionNumber: '18446744073709551615', // max uint64 survives as a string
  ledgerEntryId: '0b6f0c1e-2d4b-4a57-9a8e-8f1b5c3d2e10',
  invoiceDate: '2026-03-31',
  dueDate: '2026-04-30',
  period: '2026-03',
  fiscalYearStart: '2026-01-01',
  currency: 'BHD',
  homeCurrency: 'CHF',
  homeRate: '2.3456789012345678901234567890',
  netAmount: '1234.500',
  taxAmount: '246.900',
  totalAmount: '1481.400',
  homeNetAmount: '2895.76',
  homeTaxAmount: '0.10',
  homeTotalAmount: '98765432109876543210.99',
  settlementDiscountDate: '2026-04-10',
  settlementDiscountAmount: '29.628',
  homeSettlementDiscountAmount: '-0.005',
  lines: [
    {
      lineNumber: 1,
      productId: 'PUMP-9',
      description: 'Pump, installed',
      quantity: '3.000',
      netAmount: '1234.500',
      serialNumbers: ['SN-1', 'SN-2', 'SN-3'],
      serialized: true,
      createsCustomerItem: true,
    },
  ],
  payment: { paymentId: 'pay-1', amount: '1481.400', paidDate: '2026-03-31', reference: 'till 4' },
  postedAt: new Date('2026-03-31T12:34:56.789Z'),
});

describe('event registry', () => {
  it('round-trips InvoicePosted through EventEnvelope bytes with decimal strings intact', () => {
    const bytes = encodeEvent('posting.v1.InvoicePosted', posted, {
      eventId: 'evt-1',
      occurredAt: new Date('2026-03-31T12:34:57.000Z'),
      companyId: 'acme-ch',
    });
    expect(bytes).toBeInstanceOf(Uint8Array);

    const event = decodeEvent(bytes);
    expect(event.eventType).toBe('posting.v1.InvoicePosted');
    expect(event.envelope.eventId).toBe('evt-1');
    expect(event.envelope.companyId).toBe('acme-ch');
    expect(event.envelope.schemaVersion).toBe(1);
    expect(event.envelope.occurredAt).toEqual(new Date('2026-03-31T12:34:57.000Z'));
    if (event.eventType !== 'posting.v1.InvoicePosted') throw new Error('narrowing failed');

    const payload: InvoicePosted = event.payload;
    expect(payload).toEqual(posted);
    // Decimal strings come back character for character (trailing zeros, signs, precision).
    expect(payload.netAmount).toBe('1234.500');
    expect(payload.homeTaxAmount).toBe('0.10');
    expect(payload.homeSettlementDiscountAmount).toBe('-0.005');
    expect(payload.homeTotalAmount).toBe('98765432109876543210.99');
    expect(payload.homeRate).toBe('2.3456789012345678901234567890');
    expect(payload.lines[0]?.quantity).toBe('3.000');
    expect(payload.transactionNumber).toBe('18446744073709551615');
    expect(payload.postedAt).toEqual(new Date('2026-03-31T12:34:56.789Z'));
  });

  it('decodes a payload of an expected type and refuses others', () => {
    const envelope = EventEnvelope.decode(
      encodeEvent('posting.v1.InvoicePosted', posted, {
        eventId: 'evt-2',
        occurredAt: new Date(),
        companyId: 'acme-ch',
      }),
    );
    expect(decodePayload(envelope, 'posting.v1.InvoicePosted').invoiceNumber).toBe('INV-000042');
    expect(() => decodePayload(envelope, 'posting.v1.InvoicePostingFailed')).toThrow(UnknownEventTypeError);
    expect(() => decodeEvent({ ...envelope, eventType: 'posting.v1.Nope' })).toThrow(UnknownEventTypeError);
  });

  it('names every event by its fully qualified message name', () => {
    const modules: Record<string, Record<string, unknown>> = {
      [invoicingV1Events.protobufPackage]: invoicingV1Events,
      [postingV1Events.protobufPackage]: postingV1Events,
      [customerV1Events.protobufPackage]: customerV1Events,
    };
    for (const [eventType, descriptor] of Object.entries(eventRegistry)) {
      expect(descriptor.eventType).toBe(eventType);
      const dot = eventType.lastIndexOf('.');
      const module = modules[eventType.slice(0, dot)];
      expect(module?.[eventType.slice(dot + 1)]).toBe(descriptor.codec);
      expect(eventTopics[eventType as EventType]).toMatch(/^[a-z]+\.[a-z-]+\.v\d+$/);
      expect(isEventType(eventType)).toBe(true);
    }
    expect(isEventType('toString')).toBe(false);
  });
});
