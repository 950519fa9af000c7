import { commonV1, eventRegistry, invoicingV1Events, postingV1Events } from '@ledgerline/contracts';
import { prismaSql } from '@ledgerline/db';
import { enqueueEvents, type OutgoingEvent } from '@ledgerline/kafka';
import { formatAmount } from '@ledgerline/money';
import type { PostedPaymentEntry, RecordedOutcome } from '../app/post-documents.js';
import type { PostingTransaction } from '../db/client.js';

type InvoicePostingRequested = invoicingV1Events.InvoicePostingRequested;

const POSTED = eventRegistry['posting.v1.InvoicePosted'];
const FAILED = eventRegistry['posting.v1.InvoicePostingFailed'];

/**
 * Writes InvoicePosted / InvoicePostingFailed for newly recorded outcomes to the outbox, in one
 * multi-row insert inside the transaction that recorded them. Keyed by customer id, so one
 * customer's documents reach every consumer in order.
 */
export async function enqueueOutcomeEvents(
  tx: PostingTransaction,
  outcomes: readonly RecordedOutcome<InvoicePostingRequested>[],
): Promise<void> {
  await enqueueEvents(prismaSql(tx), outcomes.map(outgoingEventOf));
}

export function outgoingEventOf({ request, result }: RecordedOutcome<InvoicePostingRequested>): OutgoingEvent {
  const source = request.source;
  const base = { key: request.customerId, companyId: request.companyId };
  if (result.status === 'FAILED') {
    const payload = postingV1Events.InvoicePostingFailed.fromPartial({
      invoiceId: request.invoiceId,
      companyId: request.companyId,
      customerId: request.customerId,
      documentType: source.documentType,
      reasons: result.reasons.map((reason) => commonV1.BusinessError.fromPartial(reason)),
      postingRunId: request.postingRunId,
      failedAt: result.failedAt,
    });
    return {
      ...base,
      topic: FAILED.topic,
      eventType: FAILED.eventType,
      schemaVersion: FAILED.schemaVersion,
      payload: FAILED.codec.encode(payload).finish(),
    };
  }
  const { document, entry, home, homeCurrency, settlementDiscount } = result;
  const { currency } = document;
  const payload = postingV1Events.InvoicePosted.fromPartial({
    invoiceId: request.invoiceId,
    companyId: request.companyId,
    customerId: request.customerId,
    documentType: source.documentType,
    invoiceNumber: entry.documentNumber,
    transactionNumber: entry.transactionNumber,
    ledgerEntryId: entry.entryId,
    invoiceDate: document.invoiceDate,
    dueDate: source.dueDate,
    period: result.period,
    fiscalYearStart: result.fiscalYearStart,
    currency,
    homeCurrency,
    homeRate: result.homeRate?.toFixed() ?? '',
    netAmount: formatAmount(document.netAmount, currency),
    taxAmount: formatAmount(document.taxAmount, currency),
    totalAmount: formatAmount(document.totalAmount, currency),
    homeNetAmount: formatAmount(home.net, homeCurrency),
    homeTaxAmount: formatAmount(home.tax, homeCurrency),
    homeTotalAmount: formatAmount(home.total, homeCurrency),
    settlementDiscountDate: settlementDiscount?.date ?? '',
    settlementDiscountAmount: settlementDiscount === undefined ? '' : formatAmount(settlementDiscount.amount, currency),
    homeSettlementDiscountAmount:
      settlementDiscount === undefined ? '' : formatAmount(settlementDiscount.homeAmount, homeCurrency),
    lines: source.lines.map((line) => ({
      lineNumber: line.lineNumber,
      productId: line.productId,
      description: line.description,
      quantity: line.quantity,
      netAmount: line.netAmount,
      serialNumbers: line.serialNumbers,
      serialized: line.serialized,
      createsCustomerItem: line.createsCustomerItem,
    })),
    postingRunId: request.postingRunId,
    payment: postedPaymentOf(source, result.payment, homeCurrency),
    postedAt: entry.postedAt,
    receivableAccount: result.receivableAccount,
  });
  return {
    ...base,
    topic: POSTED.topic,
    eventType: POSTED.eventType,
    schemaVersion: POSTED.schemaVersion,
    payload: POSTED.codec.encode(payload).finish(),
  };
}

/** The post-and-pay payment as announced, with the entry that posted it alongside the document's. */
function postedPaymentOf(
  source: InvoicePostingRequested,
  posted: PostedPaymentEntry | undefined,
  homeCurrency: string,
): postingV1Events.PostedPayment | undefined {
  if (source.payment === undefined) return undefined;
  if (posted === undefined) throw new Error(`payment ${source.payment.paymentId} came with the document but has no ledger entry`);
  return { ...source.payment, ledgerEntryId: posted.entryId, homeAmount: formatAmount(posted.homeAmount, homeCurrency) };
}
