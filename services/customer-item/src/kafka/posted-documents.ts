import { eventRegistry, postingV1Events } from '@ledgerline/contracts';
import { prismaSql } from '@ledgerline/db';
import type { ReceivedEvent } from '@ledgerline/kafka';
import type { ConsumerRegistration } from '@ledgerline/service-host';
import type { CustomerItemContext } from '../app/context.js';
import { recordPostedDocuments } from '../app/customer-items.js';
import type { CustomerItemTransaction } from '../db/client.js';
import { postedDocumentOf, type PostedDocument } from '../domain/customer-items.js';
import { DOCUMENT_TYPE_FROM_WIRE } from '../grpc/wire.js';

/** The consumer group of the customer-item service. */
export const POSTED_DOCUMENTS_CONSUMER_GROUP = 'customer-item';

const INVOICE_POSTED = eventRegistry['posting.v1.InvoicePosted'];

/** Posted documents become customer items, a batch of events per transaction. */
export function postedDocumentsConsumer(
  context: CustomerItemContext,
  groupId: string = POSTED_DOCUMENTS_CONSUMER_GROUP,
): ConsumerRegistration<CustomerItemTransaction> {
  return {
    groupId,
    topics: [INVOICE_POSTED.topic],
    handler: async (events, tx) => {
      const documents = events.flatMap((event) => postedDocumentIn(context, event));
      await recordPostedDocuments(prismaSql(tx), documents);
    },
  };
}

function postedDocumentIn(context: CustomerItemContext, event: ReceivedEvent): PostedDocument[] {
  if (event.eventType !== INVOICE_POSTED.eventType) {
    context.logger.warn({ eventId: event.eventId, eventType: event.eventType, topic: event.topic }, 'unexpected event type ignored by the customer-item service');
    return [];
  }
  const posted = postingV1Events.InvoicePosted.decode(event.payload);
  return [
    postedDocumentOf({
      companyId: posted.companyId,
      invoiceId: posted.invoiceId,
      customerId: posted.customerId,
      documentType: DOCUMENT_TYPE_FROM_WIRE[posted.documentType],
      invoiceNumber: posted.invoiceNumber,
      invoiceDate: posted.invoiceDate,
      lines: posted.lines.map((line) => ({
        lineNumber: line.lineNumber,
        productId: line.productId,
        description: line.description,
        quantity: line.quantity,
        serialNumbers: line.serialNumbers,
        createsCustomerItem: line.createsCustomerItem,
      })),
    }),
  ];
}
