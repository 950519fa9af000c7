import { eventRegistry, postingV1Events } from '@ledgerline/contracts';
import type { ReceivedEvent } from '@ledgerline/kafka';
import type { ConsumerRegistration } from '@ledgerline/service-host';
import type { CustomerContext } from '../app/context.js';
import { applyPostedDocuments } from '../app/invoices-posted.js';
import type { PostedDocument } from '../domain/posted-document.js';
import type { CustomerTransaction } from '../db/client.js';
import { DOCUMENT_TYPE_FROM_WIRE } from '../grpc/wire.js';

/** The consumer group of the customer service on invoice.posted.v1. */
export const INVOICE_POSTED_CONSUMER_GROUP = 'customer';

const INVOICE_POSTED = eventRegistry['posting.v1.InvoicePosted'];

/** Balances, sales, open items and applications move on every InvoicePosted, a batch per transaction. */
export function invoicePostedConsumer(
  context: CustomerContext,
  groupId: string = INVOICE_POSTED_CONSUMER_GROUP,
): ConsumerRegistration<CustomerTransaction> {
  return {
    groupId,
    topics: [INVOICE_POSTED.topic],
    handler: async (events, tx) => {
      const documents: PostedDocument[] = [];
      for (const event of events) {
        if (event.eventType !== INVOICE_POSTED.eventType) {
          context.logger.warn({ eventId: event.eventId, eventType: event.eventType }, 'unexpected event type on invoice.posted.v1 ignored');
          continue;
        }
        documents.push(toPostedDocument(event));
      }
      if (documents.length > 0) await applyPostedDocuments(context, documents, tx);
    },
  };
}

function toPostedDocument(event: ReceivedEvent): PostedDocument {
  const posted = postingV1Events.InvoicePosted.decode(event.payload);
  return {
    companyId: posted.companyId,
    customerId: posted.customerId,
    documentId: posted.invoiceId,
    documentNumber: posted.invoiceNumber,
    transactionNumber: posted.transactionNumber,
    documentType: DOCUMENT_TYPE_FROM_WIRE[posted.documentType],
    documentDate: posted.invoiceDate,
    dueDate: posted.dueDate,
    period: posted.period,
    fiscalYearStart: posted.fiscalYearStart,
    currency: posted.currency,
    homeCurrency: posted.homeCurrency,
    netAmount: posted.netAmount,
    totalAmount: posted.totalAmount,
    homeNetAmount: posted.homeNetAmount,
    homeTotalAmount: posted.homeTotalAmount,
    discountDate: posted.settlementDiscountDate,
    discountAmount: posted.settlementDiscountAmount,
    homeDiscountAmount: posted.homeSettlementDiscountAmount,
    ledgerEntryId: posted.ledgerEntryId,
    payment:
      posted.payment === undefined
        ? undefined
        : {
            paymentId: posted.payment.paymentId,
            amount: posted.payment.amount,
            paidDate: posted.payment.paidDate,
            reference: posted.payment.reference,
            ledgerEntryId: posted.payment.ledgerEntryId,
            homeAmount: posted.payment.homeAmount,
          },
  };
}
