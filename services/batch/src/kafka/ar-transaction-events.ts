import { customerV1Events, eventRegistry, postingV1Events } from '@ledgerline/contracts';
import { prismaSql } from '@ledgerline/db';
import type { ReceivedEvent } from '@ledgerline/kafka';
import type { ConsumerRegistration } from '@ledgerline/service-host';
import type { BatchContext } from '../app/context.js';
import { recordArTransactions, type ArTransactionFacts } from '../app/events.js';
import { arDocumentOf, arPaymentOf, UnusableEventError } from '../domain/ar-transactions.js';
import { CUTOFF_DAY_MAX } from '../domain/cutoff.js';
import type { BatchTransaction } from '../db/client.js';
import { DOCUMENT_TYPE_FROM_WIRE } from '../grpc/wire.js';

/** The consumer group of the batch service. */
export const AR_TRANSACTIONS_CONSUMER_GROUP = 'batch';

const INVOICE_POSTED = eventRegistry['posting.v1.InvoicePosted'];
const PAYMENT_RECORDED = eventRegistry['customer.v1.PaymentRecorded'];
const CUSTOMER_CHANGED = eventRegistry['customer.v1.CustomerChanged'];

/** Posted documents, payments and customer states, a batch of events per transaction. */
export function arTransactionsConsumer(context: BatchContext, groupId: string = AR_TRANSACTIONS_CONSUMER_GROUP): ConsumerRegistration<BatchTransaction> {
  return {
    groupId,
    topics: [INVOICE_POSTED.topic, PAYMENT_RECORDED.topic, CUSTOMER_CHANGED.topic],
    handler: async (events, tx) => {
      const facts: ArTransactionFacts = { documents: [], payments: [], profiles: [] };
      for (const event of events) addFacts(context, facts, event);
      await recordArTransactions(prismaSql(tx), facts);
    },
  };
}

function addFacts(context: BatchContext, facts: ArTransactionFacts, event: ReceivedEvent): void {
  switch (event.eventType) {
    case INVOICE_POSTED.eventType: {
      const posted = postingV1Events.InvoicePosted.decode(event.payload);
      facts.documents.push(
        arDocumentOf({
          companyId: posted.companyId,
          documentId: posted.invoiceId,
          customerId: posted.customerId,
          documentNumber: posted.invoiceNumber,
          documentType: DOCUMENT_TYPE_FROM_WIRE[posted.documentType],
          currency: posted.currency,
          totalAmount: posted.totalAmount,
          homeCurrency: posted.homeCurrency,
          homeTotalAmount: posted.homeTotalAmount,
          invoiceDate: posted.invoiceDate,
          dueDate: posted.dueDate,
          postedAt: posted.postedAt ?? event.occurredAt,
        }),
      );
      return;
    }
    case PAYMENT_RECORDED.eventType: {
      const payment = customerV1Events.PaymentRecorded.decode(event.payload).payment;
      if (payment === undefined) throw new UnusableEventError('PaymentRecorded', event.eventId, 'no payment');
      facts.payments.push(
        arPaymentOf({
          companyId: payment.companyId,
          paymentId: payment.paymentId,
          customerId: payment.customerId,
          currency: payment.currency,
          amount: payment.amount,
          reference: payment.reference,
          paidDate: payment.paidDate,
          recordedAt: payment.recordedAt ?? event.occurredAt,
        }),
      );
      return;
    }
    case CUSTOMER_CHANGED.eventType: {
      const customer = customerV1Events.CustomerChanged.decode(event.payload).customer;
      if (customer === undefined) throw new UnusableEventError('CustomerChanged', event.eventId, 'no customer');
      if (customer.batchCutoffDay > CUTOFF_DAY_MAX) throw new UnusableEventError('customer', customer.customerId, `cutoff day ${customer.batchCutoffDay}`);
      facts.profiles.push({
        companyId: customer.companyId,
        customerId: customer.customerId,
        name: customer.name,
        currency: customer.currency,
        cutoffDay: customer.batchCutoffDay === 0 ? undefined : customer.batchCutoffDay,
        revision: BigInt(customer.revision),
      });
      return;
    }
    default:
      context.logger.warn({ eventId: event.eventId, eventType: event.eventType, topic: event.topic }, 'unexpected event type ignored by the batch service');
  }
}
