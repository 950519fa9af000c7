import { eventRegistry, formatDraftNumber, invoicingV1Events, postingV1Events, type commonV1 } from '@ledgerline/contracts';
import type { OutgoingEvent, ReceivedEvent } from '@ledgerline/kafka';
import { formatAmount } from '@ledgerline/money';
import type { RequestPostingCommand } from '../app/commands.js';
import type { FailedDocument, InvoiceRecord, InvoicingApp, PostedDocument } from '../app/invoicing.js';
import { isoDate } from '../app/invoicing.js';
import type { InvoicingTransaction } from '../db/client.js';
import { creditCheckModeToWire, documentTypeToWire, lineToWire, taxLineToWire } from '../grpc/wire.js';

const requested = eventRegistry['invoicing.v1.InvoicePostingRequested'];
const posted = eventRegistry['posting.v1.InvoicePosted'];
const failed = eventRegistry['posting.v1.InvoicePostingFailed'];

export const INVOICING_CONSUMER_GROUP = 'invoicing';
export const INVOICING_CONSUMED_TOPICS = [posted.topic, failed.topic];

/** The event that asks posting to post a document: everything posting needs, keyed by customer. */
export function postingRequestedEvent(invoice: InvoiceRecord, request: RequestPostingCommand): OutgoingEvent {
  const payload: invoicingV1Events.InvoicePostingRequested = invoicingV1Events.InvoicePostingRequested.fromPartial({
    invoiceId: invoice.invoiceId,
    companyId: invoice.companyId,
    customerId: invoice.customerId,
    documentType: documentTypeToWire(invoice.type),
    draftNumber: formatDraftNumber(invoice.draftNumber),
    invoiceDate: isoDate(invoice.invoiceDate),
    dueDate: invoice.dueDate === null ? '' : isoDate(invoice.dueDate),
    currency: invoice.currency,
    creditTermsId: invoice.creditTermsId,
    netAmount: formatAmount(invoice.netAmount, invoice.currency),
    taxAmount: formatAmount(invoice.taxAmount, invoice.currency),
    totalAmount: formatAmount(invoice.totalAmount, invoice.currency),
    lines: invoice.lines.map((line) => lineToWire(line, invoice.currency)),
    taxLines: invoice.taxLines.map((taxLine) => taxLineToWire(taxLine, invoice.currency)),
    creditCheckMode: creditCheckModeToWire(request.creditCheckMode ?? 'NONE'),
    creditCorrection: request.creditCorrection,
    postingRunId: request.postingRunId,
    payment: request.payment,
    reference: invoice.reference,
  });
  return {
    topic: requested.topic,
    key: invoice.customerId,
    companyId: invoice.companyId,
    eventType: requested.eventType,
    schemaVersion: requested.schemaVersion,
    payload: requested.codec.encode(payload).finish(),
  };
}

/** Applies posting outcomes to the documents, a batch in one statement per kind. */
export function postingOutcomeHandler(app: InvoicingApp) {
  return async (events: readonly ReceivedEvent[], tx: InvoicingTransaction): Promise<void> => {
    const postedDocuments: PostedDocument[] = [];
    const failedDocuments: FailedDocument[] = [];
    for (const event of events) {
      if (event.eventType === posted.eventType) {
        const payload: postingV1Events.InvoicePosted = posted.codec.decode(event.payload);
        postedDocuments.push({
          companyId: payload.companyId,
          invoiceId: payload.invoiceId,
          number: payload.invoiceNumber,
          transactionNumber: payload.transactionNumber,
          ledgerEntryId: payload.ledgerEntryId,
        });
      } else if (event.eventType === failed.eventType) {
        const payload: postingV1Events.InvoicePostingFailed = failed.codec.decode(event.payload);
        failedDocuments.push({ companyId: payload.companyId, invoiceId: payload.invoiceId, reasons: payload.reasons.map(reasonOf) });
      } else {
        throw new Error(`invoicing does not handle ${event.eventType} (topic ${event.topic})`);
      }
    }
    await app.applyPosted(postedDocuments, tx);
    await app.applyFailed(failedDocuments, tx);
  };
}

function reasonOf(reason: commonV1.BusinessError) {
  return { code: reason.code, message: reason.message, fieldPath: reason.fieldPath };
}
