import { customerV1Events, eventRegistry } from '@ledgerline/contracts';
import type { OutgoingEvent } from '@ledgerline/kafka';
import type { PaymentView } from '../app/payment-view.js';
import { toWirePayment } from '../grpc/wire.js';

const PAYMENT_RECORDED = eventRegistry['customer.v1.PaymentRecorded'];

/** customer.v1.PaymentRecorded for the outbox, keyed by customer id so one customer's events stay in order. */
export function paymentRecordedEvent(payment: PaymentView): OutgoingEvent {
  return {
    topic: PAYMENT_RECORDED.topic,
    key: payment.customerId,
    companyId: payment.companyId,
    eventType: PAYMENT_RECORDED.eventType,
    schemaVersion: PAYMENT_RECORDED.schemaVersion,
    payload: customerV1Events.PaymentRecorded.encode({ payment: toWirePayment(payment) }).finish(),
  };
}
