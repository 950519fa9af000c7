import { groupBy } from '@ledgerline/collections';
import { MoneyDecimal } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import {
  cashSalesBlocker,
  creditLimitBlockers,
  customerItemReviewBlocker,
  customerItemUnits,
  serialNumberBlockers,
  unknownCustomerBlocker,
  type CreditCheckMode,
  type CreditDocument,
  type DraftCounts,
} from '../domain/blockers.js';
import type { DocumentType, PostingError } from '../domain/posting-document.js';

/** Most customers one GetCreditExposure call names (customer_service.proto). */
export const CREDIT_EXPOSURE_CUSTOMERS_MAX = 1_000;
/** Most documents one CountCustomerItemsForSelection call names (customer_item_service.proto). */
export const CUSTOMER_ITEM_COUNT_DOCUMENTS_MAX = 10_000;
/** Most customers one GetUnpostedTotals call names (invoicing_service.proto). */
export const UNPOSTED_TOTALS_CUSTOMERS_MAX = 1_000;
/** Most customers one read of this service's posted-not-in-balance documents names. */
export const POSTED_NOT_IN_BALANCE_CUSTOMERS_MAX = 1_000;
/**
 * Calls of one kind in flight at once for one company. A report of 100,000 documents makes about
 * a hundred calls per kind; a few at a time keeps it quick without flooding a service.
 */
export const BLOCKER_CALLS_IN_FLIGHT_MAX = 4;

/** A document to check, from a posting request or a posting run's selection. */
export interface BlockerSubject {
  companyId: string;
  invoiceId: string;
  customerId: string;
  documentType: DocumentType;
  currency: string;
  totalAmount: Decimal;
  lines: readonly {
    lineNumber: number;
    productId: string;
    quantity: Decimal;
    serialized: boolean;
    createsCustomerItem: boolean;
    serialNumbers: readonly string[];
  }[];
  creditCheckMode: CreditCheckMode;
  /** The post-and-pay payment in the document's currency, if any. */
  paymentAmount: Decimal | undefined;
  postingRunId: string;
}

/** A customer's figures from the customer service, in the customer's currency. */
export interface CreditExposureFact {
  customerId: string;
  currency: string;
  /** Undefined = no limit. */
  creditLimit: Decimal | undefined;
  postedBalance: Decimal;
  cashSalesOnly: boolean;
  /** Selects the A/R account the customer's documents post to; empty = the company's. */
  postingGroup: string;
  /**
   * The highest ledger transaction number among the documents in postedBalance; undefined when
   * the customer service does not know it (the in-flight documents are then not counted).
   */
  appliedTransactionNumber: bigint | undefined;
}

/**
 * A document this service posted that is not in its customer's posted balance yet: the customer
 * service has not applied its InvoicePosted. What it adds to the balance, document currency:
 * signed (credit memos negative), less the post-and-pay payment posted with it.
 */
export interface PostedNotInBalanceFact {
  invoiceId: string;
  customerId: string;
  currency: string;
  totalAmount: Decimal;
}

/** Customer-item drafts of one document that has any. */
export interface CustomerItemCountFact {
  invoiceId: string;
  itemsToCreate: number;
  pendingReview: number;
}

/** One customer's unposted documents in one currency, signed (credit memos negative). */
export interface UnpostedTotalFact {
  customerId: string;
  currency: string;
  totalAmount: Decimal;
}

/**
 * Where the facts come from. Each call stays within its contract's limit (the constants above);
 * an implementation throws when the service cannot answer, so a check is retried or fails loudly
 * and never passes a document for lack of an answer.
 */
export interface BlockerSources {
  /** customer.v1 GetCreditExposure: figures and payment terms, plus the ids it does not know. */
  creditExposure(
    companyId: string,
    customerIds: readonly string[],
  ): Promise<{ exposures: readonly CreditExposureFact[]; missingCustomerIds: readonly string[] }>;
  /** customeritem.v1 CountCustomerItemsForSelection: only documents that have drafts are listed. */
  countCustomerItems(companyId: string, invoiceIds: readonly string[]): Promise<readonly CustomerItemCountFact[]>;
  /** invoicing.v1 GetUnpostedTotals, leaving out the documents being checked. */
  unpostedTotals(companyId: string, customerIds: readonly string[], excludeInvoiceIds: readonly string[]): Promise<readonly UnpostedTotalFact[]>;
  /** The company's settings from the ledger; undefined when the company does not exist. */
  companySettings(companyId: string): Promise<{ requireCustomerItemConfirmation: boolean } | undefined>;
  /**
   * From this service's own outcomes: the documents of the named customers posted with a ledger
   * transaction number above the customer's `appliedTransactionNumber`.
   */
  postedNotInBalance(
    companyId: string,
    customers: readonly { customerId: string; appliedTransactionNumber: bigint }[],
  ): Promise<readonly PostedNotInBalanceFact[]>;
}

/**
 * Every blocker of every subject (DESIGN 4.3): CUSTOMER_ITEM_REVIEW_REQUIRED, CASH_SALES_ONLY,
 * SERIAL_NUMBERS_MISSING, CREDIT_LIMIT_EXCEEDED (and UNKNOWN_CUSTOMER when the customer service
 * does not know the customer). The answer maps invoice ids to their blockers; a subject that is
 * absent or has none is postable.
 *
 * Built for a posting run's report of 100,000 documents as much as for one Kafka batch: facts
 * are fetched per company in chunks within each contract's limit, a few chunks at a time, and
 * never per document. The subjects' order matters for the credit-limit check, which counts a
 * customer's earlier postable subjects towards its later ones. A caller that has fetched the
 * customer-item facts already (`draftCounts` for every document with lines that create customer
 * items, of one company) passes them as `knownDrafts`, so they are not fetched twice.
 */
export async function findBlockers(
  sources: BlockerSources,
  subjects: readonly BlockerSubject[],
  knownDrafts?: ReadonlyMap<string, DraftCounts>,
): Promise<BlockerCheck> {
  const byCompany = groupBy(subjects, (subject) => subject.companyId);
  const answers = await Promise.all([...byCompany].map(([companyId, ofCompany]) => blockersOfCompany(sources, companyId, ofCompany, knownDrafts)));
  const check: BlockerCheck = { blockers: new Map(), postingGroups: new Map() };
  for (const answer of answers) {
    for (const [invoiceId, errors] of answer.blockers) check.blockers.set(invoiceId, errors);
    for (const [invoiceId, group] of answer.postingGroups) check.postingGroups.set(invoiceId, group);
  }
  return check;
}

/**
 * What checking the blockers found: each blocked subject's blockers, and, since the customer
 * facts fetched for them tell it too, the posting group of each subject whose customer is known
 * (it selects the A/R account the document posts to).
 */
export interface BlockerCheck {
  blockers: Map<string, PostingError[]>;
  postingGroups: Map<string, string>;
}

async function blockersOfCompany(
  sources: BlockerSources,
  companyId: string,
  subjects: readonly BlockerSubject[],
  knownDrafts: ReadonlyMap<string, DraftCounts> | undefined,
): Promise<BlockerCheck> {
  const customerIds = distinct(subjects.map((subject) => subject.customerId));
  const settings = await sources.companySettings(companyId);
  const confirmationRequired = settings?.requireCustomerItemConfirmation ?? false;
  // Only documents whose lines create customer items can need a review; asking about others is waste.
  const reviewed = confirmationRequired
    ? distinct(subjects.filter((subject) => customerItemUnits(subject.documentType, subject.lines).greaterThan(0)).map((subject) => subject.invoiceId))
    : [];
  const [exposures, drafts] = await Promise.all([
    creditExposures(sources, companyId, customerIds),
    knownDrafts ?? draftCounts(sources, companyId, reviewed),
  ]);

  const blockers = new Map<string, PostingError[]>();
  for (const subject of subjects) {
    const exposure = exposures.known.get(subject.customerId);
    const errors: PostingError[] = [];
    if (exposures.missing.has(subject.customerId) || exposure === undefined) errors.push(unknownCustomerBlocker(subject.customerId));
    const review = customerItemReviewBlocker(confirmationRequired, subject.documentType, subject.lines, drafts.get(subject.invoiceId));
    if (review !== undefined) errors.push(review);
    const cash = cashSalesBlocker({
      customerId: subject.customerId,
      cashSalesOnly: exposure?.cashSalesOnly ?? false,
      inPostingRun: subject.postingRunId !== '',
      paymentAmount: subject.paymentAmount,
      totalAmount: subject.totalAmount,
      currency: subject.currency,
      documentType: subject.documentType,
    });
    if (cash !== undefined) errors.push(cash);
    errors.push(...serialNumberBlockers(subject.lines));
    blockers.set(subject.invoiceId, errors);
  }

  const checked = subjects.filter((subject) => {
    const exposure = exposures.known.get(subject.customerId);
    return subject.creditCheckMode !== 'NONE' && exposure?.creditLimit !== undefined;
  });
  const byCustomer = groupBy(subjects, (subject) => subject.customerId);
  const inFlight = await postedNotInBalance(sources, companyId, distinct(checked.map((subject) => subject.customerId)), exposures.known);
  const unposted = await otherUnposted(
    sources,
    companyId,
    byCustomer,
    distinct(checked.filter((subject) => subject.creditCheckMode === 'BALANCE_ALL').map((subject) => subject.customerId)),
    exposures.known,
    inFlight.invoiceIds,
  );
  for (const customerId of distinct(checked.map((subject) => subject.customerId))) {
    const exposure = exposures.known.get(customerId);
    if (exposure === undefined) continue;
    const documents: CreditDocument[] = (byCustomer.get(customerId) ?? []).map((subject) => ({
        invoiceId: subject.invoiceId,
        documentType: subject.documentType,
        currency: subject.currency,
        totalAmount: subject.totalAmount,
        mode: subject.creditCheckMode,
      blocked: (blockers.get(subject.invoiceId) ?? []).length > 0,
    }));
    const exceeded = creditLimitBlockers(
      {
        customerId,
        currency: exposure.currency,
        creditLimit: exposure.creditLimit,
        postedBalance: exposure.postedBalance,
        postedNotInBalance: inFlight.totals.get(customerId) ?? new MoneyDecimal(0),
        otherUnposted: unposted.get(customerId) ?? new MoneyDecimal(0),
      },
      documents,
    );
    for (const [invoiceId, error] of exceeded) blockers.get(invoiceId)?.push(error);
  }
  for (const [invoiceId, errors] of blockers) if (errors.length === 0) blockers.delete(invoiceId);
  const postingGroups = new Map<string, string>();
  for (const subject of subjects) {
    const group = exposures.known.get(subject.customerId)?.postingGroup;
    if (group !== undefined) postingGroups.set(subject.invoiceId, group);
  }
  return { blockers, postingGroups };
}

async function creditExposures(
  sources: BlockerSources,
  companyId: string,
  customerIds: readonly string[],
): Promise<{ known: Map<string, CreditExposureFact>; missing: Set<string> }> {
  const answers = await inChunks(customerIds, CREDIT_EXPOSURE_CUSTOMERS_MAX, (chunk) => sources.creditExposure(companyId, chunk));
  return {
    known: new Map(answers.flatMap((answer) => answer.exposures).map((exposure) => [exposure.customerId, exposure])),
    missing: new Set(answers.flatMap((answer) => answer.missingCustomerIds)),
  };
}

/** The customer-item facts of the named documents, in chunks within the contract's limit. */
export async function draftCounts(sources: BlockerSources, companyId: string, invoiceIds: readonly string[]): Promise<Map<string, DraftCounts>> {
  const answers = await inChunks(invoiceIds, CUSTOMER_ITEM_COUNT_DOCUMENTS_MAX, (chunk) => sources.countCustomerItems(companyId, chunk));
  return new Map(answers.flat().map((count) => [count.invoiceId, { itemsToCreate: count.itemsToCreate, pendingReview: count.pendingReview }]));
}

/**
 * The documents of the named customers this service posted and the customer service has not
 * applied yet, summed per customer in its own currency, and their ids by customer. Customers
 * whose applied transaction number is not known have none counted.
 */
async function postedNotInBalance(
  sources: BlockerSources,
  companyId: string,
  customerIds: readonly string[],
  exposures: ReadonlyMap<string, CreditExposureFact>,
): Promise<{ totals: Map<string, Decimal>; invoiceIds: Map<string, string[]> }> {
  const tracked = customerIds.flatMap((customerId) => {
    const appliedTransactionNumber = exposures.get(customerId)?.appliedTransactionNumber;
    return appliedTransactionNumber === undefined ? [] : [{ customerId, appliedTransactionNumber }];
  });
  const documents = (await inChunks(tracked, POSTED_NOT_IN_BALANCE_CUSTOMERS_MAX, (chunk) => sources.postedNotInBalance(companyId, chunk))).flat();
  const invoiceIds = new Map([...groupBy(documents, (document) => document.customerId)].map(([customerId, ofCustomer]) => [customerId, ofCustomer.map((document) => document.invoiceId)]));
  return { totals: totalsInCustomerCurrency(documents, exposures), invoiceIds };
}

/** Amounts summed per customer, only those in the customer's own currency (the check's currency). */
function totalsInCustomerCurrency(
  amounts: readonly { customerId: string; currency: string; totalAmount: Decimal }[],
  exposures: ReadonlyMap<string, CreditExposureFact>,
): Map<string, Decimal> {
  const totals = new Map<string, Decimal>();
  for (const amount of amounts) {
    if (exposures.get(amount.customerId)?.currency !== amount.currency) continue;
    totals.set(amount.customerId, (totals.get(amount.customerId) ?? new MoneyDecimal(0)).plus(amount.totalAmount));
  }
  return totals;
}

/**
 * Each named customer's unposted documents in its own currency, leaving out every subject of
 * those customers (the subjects are counted by the check itself, in order) and the documents
 * posted but not yet in the balance (invoicing may still show them Ready to Post; they are
 * counted with the balance).
 */
async function otherUnposted(
  sources: BlockerSources,
  companyId: string,
  subjectsByCustomer: ReadonlyMap<string, readonly BlockerSubject[]>,
  customerIds: readonly string[],
  exposures: ReadonlyMap<string, CreditExposureFact>,
  postedNotInBalanceIds: ReadonlyMap<string, readonly string[]>,
): Promise<Map<string, Decimal>> {
  const answers = await inChunks(customerIds, UNPOSTED_TOTALS_CUSTOMERS_MAX, (chunk) => {
    const excluded = chunk.flatMap((customerId) => [
      ...(subjectsByCustomer.get(customerId) ?? []).map((subject) => subject.invoiceId),
      ...(postedNotInBalanceIds.get(customerId) ?? []),
    ]);
    return sources.unpostedTotals(companyId, chunk, excluded);
  });
  return totalsInCustomerCurrency(answers.flat(), exposures);
}

/** Calls `work` for consecutive chunks of at most `size` items, a few at a time; answers in chunk order. */
async function inChunks<Item, Answer>(
  items: readonly Item[],
  size: number,
  work: (chunk: readonly Item[]) => Promise<Answer>,
): Promise<Answer[]> {
  const chunks: Item[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  const answers = new Array<Answer>(chunks.length);
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const index = next;
      next += 1;
      answers[index] = await work(chunks[index] ?? []);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BLOCKER_CALLS_IN_FLIGHT_MAX, chunks.length) }, worker));
  return answers;
}


function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
