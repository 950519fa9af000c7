import { periodContaining } from '@ledgerline/calendar';
import { INCOME_SCHEDULE_ENTRIES_PER_DOCUMENT_MAX } from '@ledgerline/contracts';
import { isCurrencyCode, MoneyDecimal } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import type { BlockerLine, CreditCheckMode } from '../domain/blockers.js';
import { fiscalYearStartOf } from '../domain/calendar-date.js';
import { homeAmountsOf, homeSettlementDiscountOf, type HomeAmounts, type HomeRate } from '../domain/posted-amounts.js';
import { postingError, type DocumentType, type PostingDocument, type PostingError } from '../domain/posting-document.js';
import { incomeScheduleBlockers } from '../domain/income-schedule.js';
import { settlementDiscountOf } from '../domain/settlement-discount.js';
import { BANK_ACCOUNT, paymentDescription, paymentVoucher } from '../domain/payment-voucher.js';
import { buildVoucher, type Voucher } from '../domain/voucher.js';
import type { PostingTransaction } from '../db/client.js';
import { documentKey, type OutcomeRow, type OutcomeStore } from '../db/outcomes.js';
import { findBlockers, type BlockerSources, type BlockerSubject } from './blockers.js';
import type { CompanySetup, DocumentNumberSequence, JournalOutcome, JournalToPost, LedgerGateway, PostedEntry } from './ledger-port.js';

/** The ledger's code for a journal refused only because another one of its linked chain was. */
const LINKED_JOURNAL_REFUSED = 'LINKED_JOURNAL_REFUSED';

/** Most journals the ledger takes in one PostJournals call. */
export const POST_JOURNALS_CHUNK_MAX = 1_000;
/**
 * Most journal lines sent in one PostJournals call: a batch of many large documents (a
 * 10,000-line invoice posts about 10,000 lines) is split so one ledger transaction and one gRPC
 * message stay bounded. A single journal above it still goes alone.
 */
export const POST_JOURNALS_LINES_MAX = 50_000;

/** The payment of a post-and-pay request, read from its event. */
export interface PostingPayment {
  readonly paymentId: string;
  /** Positive, document currency. */
  readonly amount: Decimal;
  /** "YYYY-MM-DD". */
  readonly paidDate: string;
  /** Free reference, e.g. a receipt number; empty when none. */
  readonly reference: string;
}

/**
 * A request to post one document, translated from its event. `source` is the event itself,
 * carried through untouched for what the outcome event repeats (lines, payment).
 */
export interface PostingRequest<Source> {
  readonly eventId: string;
  readonly requestedAt: Date;
  readonly companyId: string;
  readonly invoiceId: string;
  readonly customerId: string;
  /** Undefined when the event named no known type (the request then fails). */
  readonly documentType: DocumentType | undefined;
  readonly currency: string;
  readonly invoiceDate: string;
  /** Credit terms in effect; empty = the company's default. */
  readonly creditTermsId: string;
  readonly postingRunId: string;
  /** Total as on the document, for the outcome record (0 when it could not be read). */
  readonly totalAmount: Decimal;
  readonly creditCheckMode: CreditCheckMode;
  /**
   * Post and pay: the payment posted with the document (both or neither), which the customer
   * service records once the document is posted.
   */
  readonly payment: PostingPayment | undefined;
  /** The lines as the blocker rules read them (products, quantities, serial numbers). */
  readonly blockerLines: readonly BlockerLine[];
  /** The document, or undefined when the event could not be read (see inputErrors). */
  readonly document: PostingDocument | undefined;
  readonly inputErrors: readonly PostingError[];
  readonly source: Source;
}

export interface SettlementDiscountFigures {
  readonly date: string;
  readonly amount: Decimal;
  readonly homeAmount: Decimal;
}

export type PostingResult =
  | {
      readonly status: 'POSTED';
      readonly document: PostingDocument;
      readonly entry: PostedEntry;
      /** "YYYY-MM". */
      readonly period: string;
      readonly fiscalYearStart: string;
      readonly homeCurrency: string;
      /** Undefined when the ledger has no rate to tell (a foreign zero-total document). */
      readonly homeRate: Decimal | undefined;
      readonly home: HomeAmounts;
      readonly settlementDiscount: SettlementDiscountFigures | undefined;
      /** The A/R control account the total went to. */
      readonly receivableAccount: string;
      /** The post-and-pay payment as posted; undefined when none came with the document. */
      readonly payment: PostedPaymentEntry | undefined;
    }
  | { readonly status: 'FAILED'; readonly reasons: readonly PostingError[]; readonly failedAt: Date };

/** The ledger entry of a post-and-pay payment. */
export interface PostedPaymentEntry {
  readonly entryId: string;
  /** The payment in home currency, converted by the ledger at the paid date's rate. */
  readonly homeAmount: Decimal;
}

/** An outcome newly recorded, which must be announced. */
export interface RecordedOutcome<Source> {
  readonly request: PostingRequest<Source>;
  readonly result: PostingResult;
}

export interface PostDocumentsDependencies<Source> {
  ledger: LedgerGateway;
  /** Facts for the blockers (customer terms and exposure, customer-item drafts, unposted totals). */
  blockers: BlockerSources;
  outcomes: OutcomeStore;
  /** Writes the outcome events to the outbox inside the transaction. */
  publish(tx: PostingTransaction, outcomes: readonly RecordedOutcome<Source>[]): Promise<void>;
  now?: () => Date;
}

const SEQUENCE_BY_TYPE: Record<DocumentType, DocumentNumberSequence> = {
  SALES_ORDER: 'INVOICE',
  FREE_TEXT: 'INVOICE',
  DEBIT_MEMO: 'DEBIT_MEMO',
  CREDIT_MEMO: 'CREDIT_MEMO',
};

const LABEL_BY_TYPE: Record<DocumentType, string> = {
  SALES_ORDER: 'Invoice',
  FREE_TEXT: 'Invoice',
  DEBIT_MEMO: 'Debit memo',
  CREDIT_MEMO: 'Credit memo',
};

interface Prepared<Source> {
  request: PostingRequest<Source>;
  company: CompanySetup;
  document: PostingDocument;
  voucher: Voucher;
  /** The document's journal, then its payment's when it came with one, linked to it. */
  journals: readonly JournalToPost[];
}

/**
 * Posts a batch of requested documents (DESIGN 2, posting flow), inside the consumer's
 * transaction: one GetCompany per company (cached), the blockers of the whole batch in a few
 * batched calls, one PostJournals per company and chunk, then one multi-row write of the
 * outcomes and one of their events.
 *
 * A document fails with every reason at once: its blockers (app/blockers.ts), what keeps its
 * voucher from being built, and what would keep its post-and-pay payment from being posted. A
 * post-and-pay document and its payment go to the ledger as a linked chain, so they post in one
 * transaction or not at all, whatever changed since those checks: a document never posts
 * without the payment that came with it. A document that fails is not posted and neither is
 * its payment.
 *
 * Each document gets exactly one outcome: a document already POSTED is skipped, a document
 * requested twice in the batch is posted once, and a ledger replay (posted before, by a batch
 * whose transaction did not commit here) is recorded and announced like a first posting. A
 * document that cannot be built fails without reaching the ledger; a ledger rejection fails it
 * with the ledger's reasons. When the ledger cannot answer the whole batch throws and is retried.
 */
export async function postDocuments<Source>(
  requests: readonly PostingRequest<Source>[],
  tx: PostingTransaction,
  deps: PostDocumentsDependencies<Source>,
): Promise<void> {
  const now = deps.now ?? (() => new Date());
  // The latest request of a document wins; the ledger takes each source once per call anyway.
  const latest = new Map<string, PostingRequest<Source>>();
  for (const request of requests) latest.set(documentKey(request.companyId, request.invoiceId), request);
  const posted = await deps.outcomes.findPosted(tx, [...latest.values()]);
  const pending = [...latest.values()].filter((request) => !posted.has(documentKey(request.companyId, request.invoiceId)));
  if (pending.length === 0) return;

  const results = new Map<PostingRequest<Source>, PostingResult>();
  const fail = (request: PostingRequest<Source>, reasons: readonly PostingError[]) =>
    results.set(request, { status: 'FAILED', reasons, failedAt: now() });

  const companyIds = [...new Set(pending.map((request) => request.companyId))];
  const companies = new Map(
    await Promise.all(companyIds.map(async (id) => [id, await deps.ledger.getCompany(id)] as const)),
  );
  const { blockers, postingGroups } = await findBlockers(
    deps.blockers,
    pending.flatMap((request) => {
      const subject = blockerSubjectOf(request);
      return subject === undefined || !companies.has(request.companyId) ? [] : [subject];
    }),
  );

  const prepared: Prepared<Source>[] = [];
  for (const request of pending) {
    const company = companies.get(request.companyId);
    if (company === undefined) {
      fail(request, [postingError('NOT_FOUND', `company ${request.companyId} does not exist in the ledger`)]);
      continue;
    }
    if (request.document === undefined) {
      fail(request, request.inputErrors);
      continue;
    }
    // The customer's posting group, as the customer service knows it now, selects the A/R account.
    const document = { ...request.document, customerPostingGroup: postingGroups.get(request.invoiceId) ?? '' };
    const termsErrors = creditTermsErrors(request, company);
    const paymentErrors = paymentErrorsOf(request, document, company);
    const built = buildVoucher(document, company.rules);
    const reasons = [
      ...(blockers.get(request.invoiceId) ?? []),
      ...(built.ok ? incomeScheduleBlockers(built.voucher, document, company.periods, INCOME_SCHEDULE_ENTRIES_PER_DOCUMENT_MAX) : built.errors),
      ...termsErrors,
      ...paymentErrors,
    ];
    if (!built.ok || reasons.length > 0) {
      fail(request, reasons);
      continue;
    }
    prepared.push({ request, company, document, voucher: built.voucher, journals: journalsOf(document, built.voucher, request.payment) });
  }

  await Promise.all(
    companyIds.map(async (companyId) => {
      const ofCompany = prepared.filter((item) => item.request.companyId === companyId);
      for (const chunk of journalChunks(ofCompany)) {
        const journals = chunk.flatMap((item) => item.journals);
        const outcomes = await deps.ledger.postJournals(companyId, journals);
        if (outcomes.length !== journals.length) {
          throw new Error(`ledger answered ${outcomes.length} results for ${journals.length} journals`);
        }
        let next = 0;
        const ofItems = chunk.map((item) => {
          const own = outcomes.slice(next, next + item.journals.length);
          next += item.journals.length;
          return { item, own };
        });
        await Promise.all(
          ofItems.map(async ({ item, own: [documentOutcome, paymentOutcome] }) => {
            if (documentOutcome === undefined) throw new Error(`no ledger outcome for ${item.document.invoiceId}`);
            // The ledger posts a chain whole and refuses one that mixes entries posted before with
            // new ones, so a document and its payment are both new or both replays.
            if (documentOutcome.kind === 'POSTED' && paymentOutcome?.kind === 'POSTED' && documentOutcome.replayed !== paymentOutcome.replayed) {
              throw new Error(`the ledger posted document ${item.document.invoiceId} and its payment in different calls`);
            }
            if (documentOutcome.kind === 'REJECTED' || paymentOutcome?.kind === 'REJECTED') {
              fail(item.request, chainRejectionReasons(documentOutcome, paymentOutcome, item.voucher));
              return;
            }
            results.set(item.request, await postedResult(item, documentOutcome.entry, paymentOutcome && postedPaymentEntry(paymentOutcome.entry), deps.ledger));
          }),
        );
      }
    }),
  );

  const ordered = pending.flatMap((request) => {
    const result = results.get(request);
    return result === undefined ? [] : [{ request, result }];
  });
  const recorded = await deps.outcomes.record(tx, ordered.map(outcomeRow));
  const toAnnounce = ordered.filter(({ request }) => recorded.has(documentKey(request.companyId, request.invoiceId)));
  await deps.publish(tx, toAnnounce);
}

/**
 * Consecutive chunks within PostJournals' journal limit and this service's line limit per call.
 * An item's journals (a linked chain) stay in one chunk.
 */
export function journalChunks<Item extends { journals: readonly JournalToPost[] }>(items: readonly Item[]): Item[][] {
  const chunks: Item[][] = [];
  let current: Item[] = [];
  let journals = 0;
  let lines = 0;
  for (const item of items) {
    const itemLines = item.journals.reduce((count, journal) => count + linesPosted(journal), 0);
    const itemJournals = item.journals.length;
    if (current.length > 0 && (journals + itemJournals > POST_JOURNALS_CHUNK_MAX || lines + itemLines > POST_JOURNALS_LINES_MAX)) {
      chunks.push(current);
      current = [];
      journals = 0;
      lines = 0;
    }
    current.push(item);
    journals += itemJournals;
    lines += itemLines;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The lines the ledger writes for a journal: its own, and two per period of each income schedule
 * (the deferred account debited back, the revenue account credited).
 */
function linesPosted(journal: JournalToPost): number {
  return journal.lines.reduce((count, line) => count + 1 + 2 * (line.incomeSchedule?.periods ?? 0), 0);
}

/** A field of the ledger's journal request: "journals[3].lines[2].incomeSchedule.startDate". */
const JOURNAL_FIELD = /^journals\[\d+\]\.(?:lines\[(\d+)\](.*)|(.*))$/;

/**
 * The document field a ledger refusal of the document's journal is about: a voucher line's
 * fields as its document line's, the journal's date and currency as the document's. A path the
 * document has no field for is kept as the ledger wrote it.
 */
export function documentFieldOf(ledgerPath: string, voucher: Voucher): string {
  const match = JOURNAL_FIELD.exec(ledgerPath);
  if (match === null) return ledgerPath;
  const [, voucherLine, lineField, journalField] = match;
  if (voucherLine !== undefined) {
    const documentLine = voucher.lines[Number(voucherLine)]?.documentLineIndex;
    return documentLine === undefined ? ledgerPath : `lines[${documentLine}]${lineField ?? ''}`;
  }
  if (journalField === 'date') return 'invoiceDate';
  if (journalField === 'currency') return 'currency';
  return ledgerPath;
}

/** The payment field a ledger refusal of the payment's journal is about. */
function paymentFieldOf(code: string): string {
  switch (code) {
    case 'PERIOD_CLOSED':
    case 'EXCHANGE_RATE_MISSING':
      return 'payment.paidDate';
    case 'CONFLICT':
      return 'payment.id';
    default:
      return 'payment';
  }
}

/**
 * Why a document's chain was refused: the document journal's own reasons, named as the
 * document's fields, then the payment journal's, named as the request's payment fields. A member
 * refused only because the other one was (LINKED_JOURNAL_REFUSED) adds nothing the other does
 * not say.
 */
export function chainRejectionReasons(
  documentOutcome: JournalOutcome,
  paymentOutcome: JournalOutcome | undefined,
  voucher: Voucher,
): PostingError[] {
  const own = (outcome: JournalOutcome | undefined) =>
    outcome?.kind === 'REJECTED' ? outcome.errors.filter((error) => error.code !== LINKED_JOURNAL_REFUSED) : [];
  const documentReasons = own(documentOutcome).map((error) => ({ ...error, fieldPath: documentFieldOf(error.fieldPath, voucher) }));
  const paymentReasons = own(paymentOutcome).map((error) => postingError(error.code, `the payment: ${error.message}`, paymentFieldOf(error.code)));
  const reasons = [...documentReasons, ...paymentReasons];
  if (reasons.length === 0) throw new Error('the ledger refused a linked chain without refusing any member on its own');
  return reasons;
}

/** What the blocker rules need of a request whose document could be read. */
function blockerSubjectOf(request: PostingRequest<unknown>): BlockerSubject | undefined {
  const document = request.document;
  if (document === undefined) return undefined;
  return {
    companyId: request.companyId,
    invoiceId: request.invoiceId,
    customerId: request.customerId,
    documentType: document.documentType,
    currency: document.currency,
    totalAmount: document.totalAmount,
    lines: request.blockerLines,
    creditCheckMode: request.creditCheckMode,
    paymentAmount: request.payment?.amount,
    postingRunId: request.postingRunId,
  };
}

/**
 * What keeps a post-and-pay payment from posting that the company read for this batch tells,
 * listed with the document's other reasons: the paid date's period must be open. The amount may
 * be a part of the total (the rest stays open), never more; a credit memo takes no payment, and a
 * posting run takes none. Exchange rates on the paid date are left to the ledger, which checks
 * them, and the period again, when it posts the chain.
 */
function paymentErrorsOf(request: PostingRequest<unknown>, document: PostingDocument, company: CompanySetup): PostingError[] {
  const payment = request.payment;
  if (payment === undefined) return [];
  if (request.postingRunId !== '') {
    return [postingError('VALIDATION_FAILED', 'a posting run takes no payments; post the document individually with its payment', 'payment')];
  }
  if (document.documentType === 'CREDIT_MEMO') {
    return [postingError('VALIDATION_FAILED', 'a credit memo takes no payment; post it without one', 'payment')];
  }
  const errors: PostingError[] = [];
  if (payment.amount.greaterThan(document.totalAmount)) {
    errors.push(
      postingError('VALIDATION_FAILED', `the payment ${payment.amount.toFixed()} is more than the document total ${document.totalAmount.toFixed()}`, 'payment.amount'),
    );
  }
  const period = periodContaining(company.periods, payment.paidDate);
  if (period === undefined || period.closed) {
    const why = period === undefined ? 'no fiscal period covers it' : `period ${period.period} is closed`;
    errors.push(postingError('PERIOD_CLOSED', `the payment cannot be booked on its paid date ${payment.paidDate}: ${why}`, 'payment.paidDate'));
  }
  return errors;
}

/** The terms the document names (else the company's default) must be the company's. */
function creditTermsErrors(request: PostingRequest<unknown>, company: CompanySetup): PostingError[] {
  const termsId = request.creditTermsId === '' ? company.defaultCreditTermsId : request.creditTermsId;
  if (termsId === '' || company.creditTerms.has(termsId)) return [];
  return [postingError('VALIDATION_FAILED', `credit terms "${termsId}" are not the company's`, 'creditTermsId')];
}

/** The A/R distribution journal that posts a document's voucher. */
export function journalOf(document: PostingDocument, voucher: Voucher, linked = false): JournalToPost {
  return {
    kind: 'DOCUMENT',
    sourceId: document.invoiceId,
    date: document.invoiceDate,
    currency: document.currency,
    description: `${LABEL_BY_TYPE[document.documentType]} ${document.draftNumber} ${document.customerId}`,
    documentNumberSequence: SEQUENCE_BY_TYPE[document.documentType],
    lines: voucher.lines,
    linked,
  };
}

/**
 * The journals of a document: its own, then, for post and pay, the payment's cash-receipts
 * journal on the paid date, credited to the A/R account the document debits, linked to it.
 */
export function journalsOf(document: PostingDocument, voucher: Voucher, payment: PostingPayment | undefined): JournalToPost[] {
  if (payment === undefined) return [journalOf(document, voucher)];
  const paid = { paymentId: payment.paymentId, amount: payment.amount, reference: payment.reference, customerId: document.customerId };
  const paymentLines = paymentVoucher({ ...paid, receivableAccount: voucherReceivableAccount(voucher) }).lines;
  return [
    journalOf(document, voucher, true),
    {
      kind: 'PAYMENT',
      sourceId: payment.paymentId,
      date: payment.paidDate,
      currency: document.currency,
      description: paymentDescription(paid),
      documentNumberSequence: undefined,
      lines: paymentLines,
      linked: false,
    },
  ];
}

async function postedResult<Source>(
  item: Prepared<Source>,
  entry: PostedEntry,
  payment: PostedPaymentEntry | undefined,
  ledger: LedgerGateway,
): Promise<PostingResult> {
  const { company, document, request } = item;
  const home = homeAmountsOf(item.voucher, entry.lines, document.documentType === 'CREDIT_MEMO');
  const homeRate = await homeRateOf(ledger, company, document, home);
  const termsId = request.creditTermsId === '' ? company.defaultCreditTermsId : request.creditTermsId;
  const terms = company.creditTerms.get(termsId);
  const discount =
    terms === undefined ? undefined : settlementDiscountOf(document.invoiceDate, document.totalAmount, document.currency, terms, company.roundingMode);
  return {
    status: 'POSTED',
    document,
    entry,
    receivableAccount: postedReceivableAccount(entry, item.voucher),
    payment,
    period: entry.period !== '' ? entry.period : periodOf(company, document.invoiceDate),
    fiscalYearStart: fiscalYearStartOf(company.fiscalYearStart, document.invoiceDate),
    homeCurrency: company.homeCurrency,
    homeRate: homeRate?.rate,
    home,
    settlementDiscount:
      discount === undefined
        ? undefined
        : {
            ...discount,
            homeAmount:
              homeRate === undefined ? new MoneyDecimal(0) : homeSettlementDiscountOf(discount, homeRate, company.homeCurrency, company.roundingMode),
          },
  };
}

/**
 * The A/R account of the entry as posted: its line that names the customer. A replayed entry was
 * posted earlier and may differ from this voucher if the posting profile changed in between.
 */
function postedReceivableAccount(entry: PostedEntry, voucher: Voucher): string {
  return entry.lines.find((line) => line.customerId !== '')?.account ?? voucherReceivableAccount(voucher);
}

/** A payment entry's id and amount in home currency, read from its bank line. */
function postedPaymentEntry(entry: PostedEntry): PostedPaymentEntry {
  const bank = entry.lines.find((line) => line.account === BANK_ACCOUNT);
  if (bank === undefined) throw new Error(`payment entry ${entry.entryId} has no bank line`);
  return { entryId: entry.entryId, homeAmount: bank.homeAmount };
}

function voucherReceivableAccount(voucher: Voucher): string {
  const account = voucher.lines.find((line) => line.role === 'RECEIVABLE')?.account;
  if (account === undefined) throw new Error('a voucher has no A/R line');
  return account;
}

/** Digits kept of a rate the ledger could not tell and is read back from the amounts. */
const DERIVED_RATE_DECIMALS = 10;

/**
 * The rate the ledger converted the document at: 1 in the home currency, else the ledger's rate
 * of the document date. Should the ledger no longer know it, it is read back from the totals.
 */
async function homeRateOf(
  ledger: LedgerGateway,
  company: CompanySetup,
  document: PostingDocument,
  home: HomeAmounts,
): Promise<HomeRate | undefined> {
  if (document.currency === company.homeCurrency) return { rate: new MoneyDecimal(1), reverseRate: undefined };
  const rate = await ledger.getHomeRate(company.companyId, document.currency, company.homeCurrency, document.invoiceDate);
  if (rate !== undefined) return rate;
  if (document.totalAmount.isZero()) return undefined;
  return { rate: home.total.dividedBy(document.totalAmount).toDecimalPlaces(DERIVED_RATE_DECIMALS), reverseRate: undefined };
}

function periodOf(company: CompanySetup, date: string): string {
  return periodContaining(company.periods, date)?.period ?? date.slice(0, 7);
}

function outcomeRow({ request, result }: RecordedOutcome<unknown>): OutcomeRow {
  const base = {
    companyId: request.companyId,
    invoiceId: request.invoiceId,
    customerId: request.customerId,
    documentType: request.documentType,
    // An unreadable currency is still recorded, as none, with the failure it caused.
    currency: isCurrencyCode(request.currency) ? request.currency : '',
    totalAmount: request.totalAmount,
    paidAmount: result.status === 'POSTED' && request.payment !== undefined ? request.payment.amount : new MoneyDecimal(0),
    postingRunId: request.postingRunId,
    requestEventId: request.eventId,
    requestedAt: request.requestedAt,
  };
  if (result.status === 'FAILED') {
    return { ...base, status: 'FAILED', reasons: result.reasons, completedAt: result.failedAt };
  }
  return {
    ...base,
    status: 'POSTED',
    invoiceNumber: result.entry.documentNumber,
    transactionNumber: result.entry.transactionNumber,
    ledgerEntryId: result.entry.entryId,
    reasons: [],
    completedAt: result.entry.postedAt,
  };
}
