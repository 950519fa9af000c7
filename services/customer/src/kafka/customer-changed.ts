import { customerV1Events, eventRegistry } from '@ledgerline/contracts';
import type { OutgoingEvent } from '@ledgerline/kafka';
import type { CustomerRecord } from '../db/customers.js';
import { toWireCustomerMasterData } from '../grpc/wire.js';

const CUSTOMER_CHANGED = eventRegistry['customer.v1.CustomerChanged'];

/**
 * customer.v1.CustomerChanged for the outbox, carrying the customer as just stored. Keyed by
 * customer id, so one customer's states reach consumers in revision order.
 */
export function customerChangedEvent(customer: CustomerRecord): OutgoingEvent {
  return {
    topic: CUSTOMER_CHANGED.topic,
    key: customer.customerId,
    companyId: customer.companyId,
    eventType: CUSTOMER_CHANGED.eventType,
    schemaVersion: CUSTOMER_CHANGED.schemaVersion,
    payload: customerV1Events.CustomerChanged.encode({ customer: toWireCustomerMasterData(customer) }).finish(),
  };
}
