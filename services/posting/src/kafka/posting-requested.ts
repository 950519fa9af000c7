import { eventCodec, eventTopics, INCOME_SCHEDULE_PERIODS_MAX, invoicingV1, invoicingV1Events } from '@ledgerline/contracts';
import type { ReceivedEvent } from '@ledgerline/kafka';
import { isCurrencyCode, MAX_AMOUNT_SCALE, MoneyDecimal, parseAmount, type ParseFailureReason } from '@ledgerline/money';
import type { ConsumerRegistration } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import type { Decimal } from 'decimal.js';
import type { BlockerSources } from '../app/blockers.js';
import type { LedgerGateway } from '../app/ledger-port.js';
import { postDocuments, type PostingPayment, type PostingRequest } from '../app/post-documents.js';
import type { PostingTransaction } from '../db/client.js';
import { outcomeStore } from '../db/outcomes.js';
import { isIsoDate } from '@ledgerline/calendar';
import type { BlockerLine } from '../domain/blockers.js';
import {
  postingError,
  type DistributionShare,
  type DocumentLine,
  type IncomeScheduleTerms,
  type PostingError,
} from '../domain/posting-document.js';
import { enqueueOutcomeEvents } from './outcome-events.js';
import { CREDIT_CHECK_MODE_FROM_WIRE, DOCUMENT_TYPE_FROM_WIRE } from '../grpc/wire-enums.js';

type InvoicePostingRequested = invoicingV1Events.InvoicePostingRequested;

/** The consumer group of posting's single-document path. */
export const POSTING_CONSUMER_GROUP = 'posting';
const REQUESTED_EVENT_TYPE = 'invoicing.v1.InvoicePostingRequested';
/** Decimals a distribution percent may have ("33.3333"); more is not a share anyone enters. */
export const PERCENT_SCALE_MAX = 6;

/**
 * Batches of posting requests posted at once by one replica. Most of a batch's time is spent
 * waiting on the ledger and the blocker sources, so a second and third batch overlap it; a
 * customer's requests share one partition (their key), so they never run in two at once, and
 * batches of other customers only meet at the ledger, as those of several replicas do.
 */
export const POSTING_TRANSACTIONS_MAX = 3;

/** Consumes `invoice.posting-requested.v1`: every batch is posted by one use-case call in its transaction. */
export function postingRequestedConsumer(deps: {
  ledger: LedgerGateway;
  blockers: BlockerSources;
  logger: Logger;
  /** Only these companies' requests are posted; empty = every company's. */
  companyIds?: readonly string[];
}): ConsumerRegistration<PostingTransaction> {
  const only = new Set(deps.companyIds ?? []);
  return {
    groupId: POSTING_CONSUMER_GROUP,
    topics: [eventTopics[REQUESTED_EVENT_TYPE]],
    transactionsMax: POSTING_TRANSACTIONS_MAX,
    handler: async (events, tx) => {
      const requests = events.flatMap((event) => {
        if (only.size > 0 && !only.has(event.companyId)) return [];
        if (event.eventType !== REQUESTED_EVENT_TYPE) {
          deps.logger.warn({ eventId: event.eventId, eventType: event.eventType }, 'ignoring event of unexpected type');
          return [];
        }
        return [toPostingRequest(event, eventCodec(REQUESTED_EVENT_TYPE).decode(event.payload))];
      });
      await postDocuments(requests, tx, { ledger: deps.ledger, blockers: deps.blockers, outcomes: outcomeStore, publish: enqueueOutcomeEvents });
    },
  };
}

/**
 * Translates the event into posting's request. What cannot be read (an amount that is not one,
 * an unknown currency or type) becomes the request's input errors, so the document fails with
 * reasons a clerk can act on instead of the event being dead-lettered.
 */
export function toPostingRequest(
  event: Pick<ReceivedEvent, 'eventId' | 'occurredAt'>,
  payload: InvoicePostingRequested,
): PostingRequest<InvoicePostingRequested> {
  const errors: PostingError[] = [];
  const documentType = DOCUMENT_TYPE_FROM_WIRE[payload.documentType];
  if (documentType === undefined) errors.push(postingError('VALIDATION_FAILED', 'the document type is not set', 'documentType'));
  const currencyKnown = isCurrencyCode(payload.currency);
  if (!currencyKnown) {
    errors.push(postingError('VALIDATION_FAILED', `"${payload.currency}" is not an ISO 4217 currency`, 'currency'));
  }
  if (!isIsoDate(payload.invoiceDate)) {
    errors.push(postingError('VALIDATION_FAILED', `"${payload.invoiceDate}" is not a date`, 'invoiceDate'));
  }
  const amountOf = (text: string, path: string) =>
    readAmount(text, currencyKnown ? { currency: payload.currency } : { maxScale: MAX_AMOUNT_SCALE }, path, errors);

  const netAmount = amountOf(payload.netAmount, 'netAmount');
  const taxAmount = amountOf(payload.taxAmount, 'taxAmount');
  const totalAmount = amountOf(payload.totalAmount, 'totalAmount');
  const lines = payload.lines.map(
    (line, index): DocumentLine => ({
      lineNumber: line.lineNumber,
      description: line.description,
      account: line.account,
      netAmount: amountOf(line.netAmount, `lines[${index}].netAmount`),
      distribution: line.distribution.map((share, shareIndex) =>
        shareOf(share, `lines[${index}].distribution[${shareIndex}]`, amountOf, errors),
      ),
      incomeSchedule: incomeScheduleOf(line.incomeSchedule, `lines[${index}].incomeSchedule`, errors),
    }),
  );
  const taxLines = payload.taxLines.map((taxLine, index) => ({
    taxCode: taxLine.taxCode,
    taxAmount: amountOf(taxLine.taxAmount, `taxLines[${index}].taxAmount`),
  }));
  // Posting reads a quantity only where a blocker counts units: serial numbers and customer items.
  const blockerLines = payload.lines.map(
    (line, index): BlockerLine => ({
      lineNumber: line.lineNumber,
      productId: line.productId,
      quantity:
        line.serialized || line.createsCustomerItem ? readQuantity(line.quantity, `lines[${index}].quantity`, errors) : new MoneyDecimal(0),
      serialized: line.serialized,
      createsCustomerItem: line.createsCustomerItem,
      serialNumbers: line.serialNumbers,
    }),
  );
  const creditCheckMode = CREDIT_CHECK_MODE_FROM_WIRE[payload.creditCheckMode];
  if (creditCheckMode === undefined) {
    errors.push(postingError('VALIDATION_FAILED', `credit check mode ${String(payload.creditCheckMode)} is not one posting knows`, 'creditCheckMode'));
  }
  const payment = payload.payment === undefined ? undefined : paymentOf(payload.payment, currencyKnown ? payload.currency : undefined, errors);

  return {
    eventId: event.eventId,
    requestedAt: event.occurredAt,
    companyId: payload.companyId,
    invoiceId: payload.invoiceId,
    customerId: payload.customerId,
    documentType,
    currency: payload.currency,
    invoiceDate: payload.invoiceDate,
    creditTermsId: payload.creditTermsId,
    postingRunId: payload.postingRunId,
    totalAmount,
    creditCheckMode: creditCheckMode ?? 'NONE',
    payment,
    blockerLines,
    inputErrors: errors,
    document:
      errors.length > 0 || documentType === undefined
        ? undefined
        : {
            invoiceId: payload.invoiceId,
            customerId: payload.customerId,
            documentType,
            draftNumber: payload.draftNumber,
            invoiceDate: payload.invoiceDate,
            currency: payload.currency,
            netAmount,
            taxAmount,
            totalAmount,
            lines,
            taxLines,
            creditCorrection: payload.creditCorrection,
            // The event does not carry the customer's posting group yet: the company's A/R account applies.
            customerPostingGroup: '',
          },
    source: payload,
  };
}

function readQuantity(text: string, path: string, errors: PostingError[]): Decimal {
  const parsed = parseAmount(text, { maxScale: MAX_AMOUNT_SCALE });
  if (parsed.ok) return parsed.value;
  errors.push(postingError('VALIDATION_FAILED', `"${text}" is not a quantity (${reasonText(parsed.reason)})`, path));
  return new MoneyDecimal(0);
}

/**
 * A line's income schedule as the event carries it. Invoicing validated it when the document was
 * written; one that is not valid now fails the document instead of reaching the ledger.
 */
function incomeScheduleOf(
  schedule: invoicingV1.IncomeSchedule | undefined,
  path: string,
  errors: PostingError[],
): IncomeScheduleTerms | undefined {
  if (schedule === undefined) return undefined;
  if (!isIsoDate(schedule.startDate)) errors.push(postingError('VALIDATION_FAILED', `"${schedule.startDate}" is not a date`, `${path}.startDate`));
  if (schedule.periods < 1 || schedule.periods > INCOME_SCHEDULE_PERIODS_MAX) {
    errors.push(postingError('VALIDATION_FAILED', `periods must be from 1 to ${INCOME_SCHEDULE_PERIODS_MAX}`, `${path}.periods`));
  }
  return { startDate: schedule.startDate, periods: schedule.periods };
}

/** The post-and-pay payment: a positive amount in the document currency, a paid date and an id. */
function paymentOf(
  payment: invoicingV1.PostAndPay,
  currency: string | undefined,
  errors: PostingError[],
): PostingPayment {
  if (payment.paymentId === '') errors.push(postingError('VALIDATION_FAILED', 'the payment has no id', 'payment.id'));
  if (!isIsoDate(payment.paidDate)) errors.push(postingError('VALIDATION_FAILED', `"${payment.paidDate}" is not a date`, 'payment.paidDate'));
  const parsed = parseAmount(payment.amount, currency === undefined ? { maxScale: MAX_AMOUNT_SCALE } : { currency });
  let amount = new MoneyDecimal(0);
  if (!parsed.ok) {
    errors.push(postingError('VALIDATION_FAILED', `"${payment.amount}" is not an amount (${reasonText(parsed.reason)})`, 'payment.amount'));
  } else if (!parsed.value.greaterThan(0)) {
    errors.push(postingError('VALIDATION_FAILED', 'the payment amount must be more than zero', 'payment.amount'));
  } else {
    amount = parsed.value;
  }
  return { paymentId: payment.paymentId, amount, paidDate: payment.paidDate, reference: payment.reference };
}

function shareOf(
  share: { account: string; percent: string; amount: string },
  path: string,
  amountOf: (text: string, path: string) => Decimal,
  errors: PostingError[],
): DistributionShare {
  if (share.percent !== '' && share.amount === '') {
    const parsed = parseAmount(share.percent, { maxScale: PERCENT_SCALE_MAX });
    if (parsed.ok) return { account: share.account, percent: parsed.value };
    errors.push(postingError('DISTRIBUTION_INVALID', `"${share.percent}" is not a percent (${reasonText(parsed.reason)})`, `${path}.percent`));
    return { account: share.account, percent: new MoneyDecimal(0) };
  }
  if (share.amount !== '' && share.percent === '') {
    return { account: share.account, amount: amountOf(share.amount, `${path}.amount`) };
  }
  errors.push(postingError('DISTRIBUTION_INVALID', 'a distribution share needs either a percent or an amount', path));
  return { account: share.account, amount: new MoneyDecimal(0) };
}

function readAmount(
  text: string,
  scale: { currency: string } | { maxScale: number },
  path: string,
  errors: PostingError[],
): Decimal {
  // Amounts may be negative: a line can be a discount; the document type gives the direction.
  const parsed = parseAmount(text, { ...scale, allowNegative: true });
  if (parsed.ok) return parsed.value;
  errors.push(postingError('VALIDATION_FAILED', `"${text}" is not an amount (${reasonText(parsed.reason)})`, path));
  return new MoneyDecimal(0);
}

function reasonText(reason: ParseFailureReason): string {
  switch (reason) {
    case 'MALFORMED':
      return 'not a decimal number';
    case 'NEGATIVE':
      return 'negative';
    case 'TOO_MANY_DECIMALS':
      return 'too many decimals';
    case 'OUT_OF_RANGE':
      return 'too large';
  }
}
