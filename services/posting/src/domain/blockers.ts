import { fitsCurrency, formatAmount, MoneyDecimal } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { postingError, type DocumentType, type PostingError } from './posting-document.js';

/**
 * The rules that make a document not postable (DESIGN 4.3, seed 000), each with a message that
 * tells the clerk what to do. Pure: the facts (customer terms and exposure, customer-item
 * drafts, unposted documents) are gathered by app/blockers.ts.
 */

export type CreditCheckMode = 'NONE' | 'BALANCE' | 'BALANCE_PACKING_SLIPS' | 'BALANCE_ALL';

export const BLOCKER_CODES = {
  customerItemReviewRequired: 'CUSTOMER_ITEM_REVIEW_REQUIRED',
  cashSalesOnly: 'CASH_SALES_ONLY',
  serialNumbersMissing: 'SERIAL_NUMBERS_MISSING',
  creditLimitExceeded: 'CREDIT_LIMIT_EXCEEDED',
  unknownCustomer: 'UNKNOWN_CUSTOMER',
} as const;

/** A document line as the blocker rules see it. */
export interface BlockerLine {
  /** 1-based, consecutive: line n is `lines[n - 1]` in the REST API. */
  readonly lineNumber: number;
  readonly productId: string;
  readonly quantity: Decimal;
  readonly serialized: boolean;
  readonly createsCustomerItem: boolean;
  readonly serialNumbers: readonly string[];
}

function linePath(line: BlockerLine, field: string): string {
  return `lines[${line.lineNumber - 1}].${field}`;
}

/** An amount as a clerk reads it: the currency's decimals when it has no more, else as it is. */
function shown(amount: Decimal, currency: string): string {
  return fitsCurrency(amount, currency) ? `${formatAmount(amount, currency)} ${currency}` : `${amount.toFixed()} ${currency}`;
}

/**
 * A serialized product needs exactly one serial number per unit on its line [000]: a whole
 * quantity, as many non-blank serial numbers as units, and no serial number twice for the same
 * product on the document (two units cannot be the same physical item). One error per line.
 */
export function serialNumberBlockers(lines: readonly BlockerLine[]): PostingError[] {
  const errors: PostingError[] = [];
  const seen = new Map<string, Set<string>>();
  for (const line of lines) {
    if (!line.serialized) continue;
    const path = linePath(line, 'serialNumbers');
    const serials = line.serialNumbers.filter((serial) => serial.trim() !== '');
    if (!line.quantity.isInteger()) {
      errors.push(
        postingError(
          BLOCKER_CODES.serialNumbersMissing,
          `line ${line.lineNumber}: product ${line.productId} is serialized, so its quantity must be whole units (one serial number each), not ${line.quantity.toFixed()}`,
          linePath(line, 'quantity'),
        ),
      );
      continue;
    }
    if (!line.quantity.equals(serials.length)) {
      const action = line.quantity.greaterThan(serials.length) ? 'load the missing serial numbers' : 'remove the serial numbers beyond one per unit';
      errors.push(
        postingError(
          BLOCKER_CODES.serialNumbersMissing,
          `line ${line.lineNumber}: product ${line.productId} is serialized and needs one serial number per unit: ${line.quantity.toFixed()} units, ${serials.length} serial numbers; ${action}`,
          path,
        ),
      );
      continue;
    }
    const ofProduct = seen.get(line.productId) ?? new Set<string>();
    seen.set(line.productId, ofProduct);
    const repeated = serials.filter((serial) => {
      const twice = ofProduct.has(serial);
      ofProduct.add(serial);
      return twice;
    });
    if (repeated.length > 0) {
      errors.push(
        postingError(
          BLOCKER_CODES.serialNumbersMissing,
          `line ${line.lineNumber}: serial number ${repeated.join(', ')} of product ${line.productId} is given for more than one unit; enter each unit's own serial number`,
          path,
        ),
      );
    }
  }
  return errors;
}

/**
 * Units a document creates customer items for: one per whole unit of its lines whose product
 * creates them (customer-item's rule). A credit memo takes goods back and creates none.
 */
export function customerItemUnits(documentType: DocumentType, lines: readonly BlockerLine[]): Decimal {
  if (documentType === 'CREDIT_MEMO') return new MoneyDecimal(0);
  return lines
    .filter((line) => line.createsCustomerItem)
    .reduce((units, line) => units.plus(line.quantity.floor()), new MoneyDecimal(0));
}

/** What the customer-item service knows of a document's drafts; undefined = it has none. */
export interface DraftCounts {
  readonly itemsToCreate: number;
  readonly pendingReview: number;
}

/**
 * When the company requires confirmation, every customer-item draft of the document must be
 * reviewed before it posts [000]. A document whose lines create customer items but that has no
 * drafts at all was never proposed for review, so nothing on it can have been confirmed either.
 */
export function customerItemReviewBlocker(
  confirmationRequired: boolean,
  documentType: DocumentType,
  lines: readonly BlockerLine[],
  drafts: DraftCounts | undefined,
): PostingError | undefined {
  if (!confirmationRequired) return undefined;
  const units = customerItemUnits(documentType, lines);
  if (units.isZero()) return undefined;
  if (drafts === undefined) {
    return postingError(
      BLOCKER_CODES.customerItemReviewRequired,
      `the company requires customer items to be confirmed before posting, and none of the ${units.toFixed()} customer items of this document has been proposed for review; save the document again so its customer items are proposed, then review the customer items first`,
    );
  }
  if (drafts.pendingReview === 0) return undefined;
  return postingError(
    BLOCKER_CODES.customerItemReviewRequired,
    `${drafts.pendingReview} customer item${drafts.pendingReview === 1 ? '' : 's'} of this document await review and the company requires confirmation before posting; review the customer items first`,
  );
}

/**
 * A cash-sales-only customer pays when the document is posted [000]: its documents are posted
 * one at a time with a payment of their whole total (post and pay), never in a posting run, so
 * the customer never owes anything. A document that asks for nothing, a credit memo or a zero
 * total, takes no payment and on its own is not blocked; in a run it is, like every document of
 * the customer, because a run never takes payments.
 */
export function cashSalesBlocker(subject: {
  customerId: string;
  cashSalesOnly: boolean;
  inPostingRun: boolean;
  /** The post-and-pay payment in the document's currency, if any. */
  paymentAmount: Decimal | undefined;
  totalAmount: Decimal;
  currency: string;
  documentType: DocumentType;
}): PostingError | undefined {
  if (!subject.cashSalesOnly) return undefined;
  if (subject.inPostingRun) {
    return postingError(
      BLOCKER_CODES.cashSalesOnly,
      `customer ${subject.customerId} has cash-sales-only payment terms: post this document individually with its payment, not in a posting run`,
    );
  }
  if (subject.documentType === 'CREDIT_MEMO' || subject.totalAmount.isZero()) return undefined;
  if (subject.paymentAmount === undefined) {
    return postingError(
      BLOCKER_CODES.cashSalesOnly,
      `customer ${subject.customerId} has cash-sales-only payment terms: post this document together with its payment (post and pay)`,
      'payment',
    );
  }
  if (subject.paymentAmount.lessThan(subject.totalAmount)) {
    return postingError(
      BLOCKER_CODES.cashSalesOnly,
      `customer ${subject.customerId} has cash-sales-only payment terms: the payment ${formatAmount(subject.paymentAmount, subject.currency)} must settle the whole total ${formatAmount(subject.totalAmount, subject.currency)}`,
      'payment.amount',
    );
  }
  return undefined;
}

export function unknownCustomerBlocker(customerId: string): PostingError {
  return postingError(
    BLOCKER_CODES.unknownCustomer,
    `customer ${customerId} does not exist in the customer accounts; create the customer, or correct the document's customer`,
    'customerId',
  );
}

/** A customer's figures for the credit-limit check, in the customer's currency. */
export interface CustomerCredit {
  readonly customerId: string;
  readonly currency: string;
  /** Undefined = no limit. */
  readonly creditLimit: Decimal | undefined;
  /** Open items minus unapplied payments. */
  readonly postedBalance: Decimal;
  /**
   * Documents already posted that are not in postedBalance yet (the customer service has not
   * applied them), signed; they count like the balance.
   */
  readonly postedNotInBalance: Decimal;
  /**
   * The customer's unposted documents in its currency (In Progress and Ready to Post, credit
   * memos negative) other than the documents being checked; counted by BALANCE_ALL only.
   */
  readonly otherUnposted: Decimal;
}

/** One document of the customer to check, in the order they would post. */
export interface CreditDocument {
  readonly invoiceId: string;
  readonly documentType: DocumentType;
  readonly currency: string;
  /** Total including tax as on the document (positive for credit memos too). */
  readonly totalAmount: Decimal;
  readonly mode: CreditCheckMode;
  /** Blocked for another reason: it will not post, so it neither is checked nor counts. */
  readonly blocked: boolean;
}

/**
 * The credit-limit check [003] over one customer's documents, in order; answers the blocked
 * ones by invoice id.
 *
 * - NONE: no check. BALANCE: posted balance + this document > limit. BALANCE_PACKING_SLIPS:
 *   the same as BALANCE, because this system has no packing slips whose uninvoiced value could
 *   be added. BALANCE_ALL: posted balance + the customer's other unposted documents + this
 *   document > limit.
 * - The posted balance includes the documents already posted that the customer service has not
 *   applied yet (`postedNotInBalance`), so documents posted a moment ago count at once.
 * - Documents earlier in the order that will post count towards the later ones, whatever their
 *   own mode, so a run of small invoices cannot pass a limit each one alone would respect. A
 *   blocked document (by this check or any other) does not count.
 * - A credit memo never exceeds the limit. It does not lower the exposure of the documents
 *   after it either: it could still fail at the ledger, and a check must not pass on a credit
 *   that may never be booked.
 * - The comparison is in the customer's currency. A document in another currency is not
 *   checked and does not count: there is no rate to compare it at before posting. Invoicing
 *   keeps every document in its customer's currency, so this does not arise in practice.
 */
export function creditLimitBlockers(customer: CustomerCredit, documents: readonly CreditDocument[]): Map<string, PostingError> {
  const blocked = new Map<string, PostingError>();
  const limit = customer.creditLimit;
  let earlier = new MoneyDecimal(0);
  for (const document of documents) {
    if (document.blocked || document.documentType === 'CREDIT_MEMO' || document.currency !== customer.currency) continue;
    const unposted = document.mode === 'BALANCE_ALL' ? customer.otherUnposted : new MoneyDecimal(0);
    const exposure = customer.postedBalance.plus(customer.postedNotInBalance).plus(earlier).plus(unposted).plus(document.totalAmount);
    if (document.mode !== 'NONE' && limit !== undefined && exposure.greaterThan(limit)) {
      blocked.set(document.invoiceId, creditLimitError(customer, document, earlier, unposted, exposure, limit));
      continue;
    }
    earlier = earlier.plus(document.totalAmount);
  }
  return blocked;
}

function creditLimitError(
  customer: CustomerCredit,
  document: CreditDocument,
  earlier: Decimal,
  unposted: Decimal,
  exposure: Decimal,
  limit: Decimal,
): PostingError {
  const currency = customer.currency;
  const parts = [`posted balance ${shown(customer.postedBalance, currency)}`];
  if (!customer.postedNotInBalance.isZero()) parts.push(`documents posted, not yet in the balance ${shown(customer.postedNotInBalance, currency)}`);
  if (!earlier.isZero()) parts.push(`documents posted before this one ${shown(earlier, currency)}`);
  if (document.mode === 'BALANCE_ALL') parts.push(`other unposted documents ${shown(unposted, currency)}`);
  parts.push(`this document ${shown(document.totalAmount, currency)}`);
  return postingError(
    BLOCKER_CODES.creditLimitExceeded,
    `customer ${customer.customerId} would exceed its credit limit of ${shown(limit, currency)}: ${parts.join(' + ')} = ${shown(exposure, currency)} (check ${document.mode}); take a payment, raise the credit limit or post with another credit check mode`,
  );
}
