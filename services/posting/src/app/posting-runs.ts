import { isIsoDate } from '@ledgerline/calendar';
import { isCurrencyCode, minorUnits } from '@ledgerline/money';
import type { Logger } from '@ledgerline/telemetry';
import { createHash } from 'node:crypto';
import type { Decimal } from 'decimal.js';
import type { PostingDatabase } from '../db/client.js';
import {
  committingRuns,
  completeIfDone,
  documentsToCommit,
  findRun,
  insertRun,
  markCommitting,
  markFailed,
  markPending,
  markRequested,
  resultCounts,
  runDocuments,
  unpackRunDocuments,
  type ResultCounts,
  type RunDocumentRecord,
  type RunKey,
  type RunRecord,
} from '../db/posting-runs.js';
import type { CreditCheckMode } from '../domain/blockers.js';
import { postingError, type DocumentType, type PostingDocument, type PostingError } from '../domain/posting-document.js';
import {
  homeLinesOf,
  movedReceivableLine,
  periodBlocker,
  runReport,
  summarizedAccountLines,
  withoutVoucherLines,
  type AccountLines,
  type AssessedDocument,
  type SummarizedAmount,
} from '../domain/posting-run.js';
import { buildVoucher, receivableAccountOf } from '../domain/voucher.js';
import { incomeScheduleBlockers } from '../domain/income-schedule.js';
import { INCOME_SCHEDULE_ENTRIES_PER_DOCUMENT_MAX } from '@ledgerline/contracts';
import { draftCounts, findBlockers, type BlockerSources, type BlockerSubject } from './blockers.js';
import type { CompanySetup, JournalToPost, LedgerGateway } from './ledger-port.js';
import { draftNumberRangeErrors } from './draft-number-range.js';
import { journalChunks, journalOf, type PostingRequest } from './post-documents.js';
import { prismaSql } from '@ledgerline/db';

/** Documents fetched from invoicing per selection page. */
export const SELECTION_PAGE_SIZE = 5_000;
/** Largest run: a bigger selection is refused with a request to narrow it. */
export const RUN_DOCUMENTS_MAX = 200_000;
/** Most documents an explicit list may name. */
export const RUN_INVOICE_IDS_MAX = 10_000;
/** Longest run description. */
export const RUN_DESCRIPTION_LENGTH_MAX = 500;
/** Documents the commit re-validates and requests per step (invoicing takes up to 5,000 per call). */
export const COMMIT_CHUNK_SIZE = 2_000;

/** Which In Progress documents a run takes; empty criteria match all. */
export interface RunSelection {
  documentTypes: DocumentType[];
  customerFrom: string;
  customerTo: string;
  numberFrom: string;
  numberTo: string;
  invoiceDateFrom: string;
  invoiceDateTo: string;
  dueDateFrom: string;
  dueDateTo: string;
  invoiceIds: string[];
}

/** One selected document as posting reads it, with what the blockers look at. */
export interface SelectedDocument {
  request: PostingRequest<unknown>;
  dueDate: string;
  netAmount: Decimal;
  taxAmount: Decimal;
  lines: BlockerSubject['lines'];
  /** The document's version as read. */
  updatedAt: Date | undefined;
}

/** A selected document invoicing summarized: its voucher lines come summed (SummarizedAmount). */
export interface SummarizedDocument {
  invoiceId: string;
  customerId: string;
  draftNumber: string;
  documentType: DocumentType;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  netAmount: Decimal;
  taxAmount: Decimal;
  totalAmount: Decimal;
  updatedAt: Date | undefined;
}

/** Which documents invoicing may summarize: those whose vouchers are plain sums under these rules. */
export interface SummaryCriteria {
  currency: string;
  currencyDecimals: number;
  knownTaxCodes: string[];
}

export type SummarizedSelection =
  | {
      moreThanMax: false;
      summaries: SummarizedDocument[];
      amounts: SummarizedAmount[];
      /** The selection's other documents, to be read in full. */
      otherInvoiceIds: string[];
    }
  | { moreThanMax: true };

/** What runs need of invoicing. */
export interface RunInvoicingPort {
  selectDocuments(companyId: string, selection: RunSelection, page: { cursor: string; size: number }): Promise<{ documents: SelectedDocument[]; nextCursor: string }>;
  /** The whole selection, plain documents summarized, in one call; more than `documentsMax` documents are only counted as too many. */
  summarizeDocuments(companyId: string, selection: RunSelection, criteria: SummaryCriteria, documentsMax: number): Promise<SummarizedSelection>;
  /** One answer per id, in order; errors empty = queued for posting by this run. */
  requestPostingBatch(
    companyId: string,
    postingRunId: string,
    invoiceIds: readonly string[],
    options: { creditCheckMode: CreditCheckMode; creditCorrection: boolean },
  ): Promise<{ invoiceId: string; errors: PostingError[] }[]>;
}

export interface PostingRunContext {
  database: PostingDatabase;
  ledger: LedgerGateway;
  invoicing: RunInvoicingPort;
  blockerSources: BlockerSources;
  logger: Logger;
}

export interface CreateRunRequest extends RunKey {
  selection: RunSelection;
  creditCheckMode: CreditCheckMode;
  creditCorrection: boolean;
  description: string;
  /** Answer with the blocked documents only, not every document of the report. */
  omitDocuments: boolean;
}

export interface RunView {
  run: RunRecord;
  counts: ResultCounts;
  /** Only the blocked ones when the caller asked to leave documents out. */
  documents: RunDocumentRecord[];
}

export type RunOutcome = { ok: true; value: RunView } | { ok: false; errors: PostingError[] };

const rejected = (code: string, message: string, fieldPath = ''): RunOutcome => ({ ok: false, errors: [postingError(code, message, fieldPath)] });

/**
 * Creates a posting run: selects its In Progress documents, checks each for every blocker and
 * produces the posting report [002][000], and stores run, report and documents together.
 * Nothing is posted. Idempotent by run id: the same request answers the stored run, another
 * request with the id is a CONFLICT.
 */
export async function createPostingRun(context: PostingRunContext, request: CreateRunRequest): Promise<RunOutcome> {
  const errors = selectionErrors(request);
  if (errors.length > 0) return { ok: false, errors };
  const fingerprint = fingerprintOf(request);
  const existing = await findRun(context.database.prisma, request);
  if (existing !== undefined) return repeatOf(context, existing, fingerprint, request.omitDocuments);
  const company = await context.ledger.getCompany(request.companyId);
  if (company === undefined) return rejected('NOT_FOUND', `company ${request.companyId} does not exist`, 'companyId');

  const startedAt = Date.now();
  const cpuAtStart = process.cpuUsage();
  const summarized = await context.invoicing.summarizeDocuments(request.companyId, request.selection, summaryCriteriaOf(company), RUN_DOCUMENTS_MAX);
  if (summarized.moreThanMax) return rejected('VALIDATION_FAILED', `the selection holds more than ${RUN_DOCUMENTS_MAX} documents; narrow it`, 'selection');
  const { summaries, amounts } = summarized;
  const summarizedAt = Date.now();
  // A document posted or discarded since it was named is left out, as if selected a moment later.
  const selected = await readDocuments(context, request.companyId, summarized.otherInvoiceIds);
  if (selected.length + summaries.length === 0) return rejected('NOTHING_SELECTED', 'no In Progress document matches the selection', 'selection');

  const selectedAt = Date.now();
  const run = { postingRunId: request.postingRunId, creditCheckMode: request.creditCheckMode, creditCorrection: request.creditCorrection };
  const entries = inReportOrder([...selected.map((full) => ({ full })), ...summaries.map((summary) => ({ summary }))]);
  const { documents, postingGroups } = await assess(context, company, run, entries);
  const assessedAt = Date.now();
  const summarizedAccounts = summarizedAccountLines(amounts, company.rules);
  const blockedSummaries: SummarizedDocument[] = [];
  entries.forEach(({ summary }, index) => {
    if (summary === undefined) return;
    if ((documents[index]?.blockers.length ?? 0) > 0) {
      blockedSummaries.push(summary);
      return;
    }
    const account = receivableAccountOf(postingGroups.get(summary.invoiceId) ?? '', company.rules);
    const receivable = summary.documentType === 'CREDIT_MEMO' ? summary.totalAmount.neg() : summary.totalAmount;
    movedReceivableLine(summarizedAccounts, company.rules.receivableAccount, account, receivable);
  });
  const changed = await takeOutBlockedSummaries(context, company, summarizedAccounts, blockedSummaries);
  if (changed !== undefined) return changed;
  const reportedAt = new Date();
  const { bulkStore } = context.database;
  const inserted = await bulkStore.transaction((client) =>
    insertRun(
      bulkStore.sql(client),
      {
        companyId: request.companyId,
        postingRunId: request.postingRunId,
        selection: request.selection,
        creditCheckMode: request.creditCheckMode,
        creditCorrection: request.creditCorrection,
        description: request.description,
        requestFingerprint: fingerprint,
        report: runReport(documents, company.homeCurrency, summarizedAccounts),
        reportedAt,
      },
      documents,
    ),
  );
  context.logger.info(
    {
      postingRunId: request.postingRunId,
      documents: documents.length,
      summarized: summaries.length,
      summarizeMs: summarizedAt - startedAt,
      readMs: selectedAt - summarizedAt,
      assessMs: assessedAt - selectedAt,
      reportMs: reportedAt.getTime() - assessedAt,
      storeMs: Date.now() - reportedAt.getTime(),
      cpuMs: Math.round(process.cpuUsage(cpuAtStart).user / 1000),
    },
    'posting run reported',
  );
  const stored = await findRun(context.database.prisma, request);
  if (stored === undefined) throw new Error(`posting run ${request.postingRunId} vanished after it was stored`);
  // A concurrent request with the same id stored its run first: this one is its repeat.
  if (!inserted) return repeatOf(context, stored, fingerprint, request.omitDocuments);
  // Answered from what was just stored, so the documents need not be unpacked first.
  const listed = request.omitDocuments ? documents.filter((document) => document.blockers.length > 0) : documents;
  return {
    ok: true,
    value: { run: stored, counts: { posted: 0, failed: 0, pending: 0, unprocessed: documents.length }, documents: listed.map(reportedDocumentOf) },
  };
}

/** A document of a run just reported, as a read of its stored row answers it. */
function reportedDocumentOf(document: AssessedDocument): RunDocumentRecord {
  return {
    invoiceId: document.invoiceId,
    customerId: document.customerId,
    draftNumber: document.draftNumber,
    documentType: document.documentType ?? '',
    invoiceDate: document.invoiceDate,
    dueDate: document.dueDate,
    currency: document.currency,
    totalAmount: document.totalAmount,
    customerItemsToCreate: document.customerItemsToCreate,
    blockers: document.blockers,
    result: undefined,
    resultReasons: [],
    invoiceNumber: undefined,
    transactionNumber: undefined,
    ledgerEntryId: undefined,
    requestedAt: undefined,
    completedAt: undefined,
  };
}

/** The named In Progress documents read in full, in explicit lists of at most RUN_INVOICE_IDS_MAX. */
async function readDocuments(context: PostingRunContext, companyId: string, invoiceIds: readonly string[]): Promise<SelectedDocument[]> {
  const documents: SelectedDocument[] = [];
  for (let start = 0; start < invoiceIds.length; start += RUN_INVOICE_IDS_MAX) {
    const selection = { ...EMPTY_SELECTION, invoiceIds: invoiceIds.slice(start, start + RUN_INVOICE_IDS_MAX) };
    let cursor = '';
    do {
      const page = await context.invoicing.selectDocuments(companyId, selection, { cursor, size: SELECTION_PAGE_SIZE });
      documents.push(...page.documents);
      cursor = page.nextCursor;
    } while (cursor !== '');
  }
  return documents;
}

/**
 * Documents invoicing may sum instead of sending: in home currency, with tax codes the company
 * posts. None when the company has no A/R account, since then no voucher can be built.
 */
function summaryCriteriaOf(company: CompanySetup): SummaryCriteria {
  const knownTaxCodes = [...company.rules.taxPayableAccountByCode].filter(([, account]) => account !== '').map(([code]) => code);
  const summarizable = company.rules.receivableAccount !== '' && isCurrencyCode(company.homeCurrency);
  return { currency: summarizable ? company.homeCurrency : '', currencyDecimals: summarizable ? minorUnits(company.homeCurrency) : 0, knownTaxCodes };
}

/**
 * A blocked summarized document adds to no total: its voucher, built from the document read in
 * full, is taken out of the summed lines. A document that changed since it was summarized makes
 * the report inexact; the run is then refused, to be created again.
 */
async function takeOutBlockedSummaries(
  context: PostingRunContext,
  company: CompanySetup,
  accounts: Map<string, AccountLines>,
  blocked: readonly SummarizedDocument[],
): Promise<RunOutcome | undefined> {
  const read = new Map((await readDocuments(context, company.companyId, blocked.map((summary) => summary.invoiceId))).map((document) => [document.request.invoiceId, document]));
  for (const summary of blocked) {
    const current = read.get(summary.invoiceId);
    if (current?.request.document === undefined || current.updatedAt?.getTime() !== summary.updatedAt?.getTime()) {
      return rejected('CONFLICT', `document ${summary.invoiceId} changed while the report was made; create the run again`, 'selection');
    }
    // Read from the selection, the document names no posting group: its A/R line is the company's, as summed.
    const built = buildVoucher(current.request.document, company.rules);
    if (!built.ok) throw new Error(`summarized document ${summary.invoiceId} has no valid voucher: ${built.errors.map((error) => error.code).join(', ')}`);
    withoutVoucherLines(accounts, homeLinesOf(built.voucher.lines));
  }
  return undefined;
}

async function repeatOf(context: PostingRunContext, existing: RunRecord, fingerprint: string, omitDocuments: boolean): Promise<RunOutcome> {
  if (existing.requestFingerprint !== fingerprint) {
    return rejected('CONFLICT', `posting run ${existing.postingRunId} exists with another selection; use a new id`, 'id');
  }
  return { ok: true, value: await viewOf(context, existing, omitDocuments) };
}

/** A document of a run as read: in full, or summarized by invoicing. */
type RunEntry = { full: SelectedDocument; summary?: undefined } | { summary: SummarizedDocument; full?: undefined };

/** Report order: customer, then document id (code-point order, the same wherever it is computed). */
function inReportOrder(entries: readonly RunEntry[]): RunEntry[] {
  const keyed = entries.map((entry) =>
    entry.full === undefined
      ? { customerId: entry.summary.customerId, invoiceId: entry.summary.invoiceId, entry }
      : { customerId: entry.full.request.customerId, invoiceId: entry.full.request.invoiceId, entry },
  );
  keyed.sort((a, b) =>
    a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0,
  );
  return keyed.map(({ entry }) => entry);
}

/**
 * Checks each selected document the way posting will: the voucher can be built, its period is
 * open, a rate exists for a foreign currency, and none of the blockers applies. Postable
 * documents read in full get their voucher in home currency for the account totals (a foreign
 * currency's as the ledger previews it, which may still refuse it); summarized
 * ones are valid by construction and have no serialized or customer-item lines, so only the
 * customer's blockers and the period can apply to them. The credit-limit check counts a
 * customer's earlier documents towards the later ones, so all are checked together, in order.
 */
async function assess(
  context: PostingRunContext,
  company: CompanySetup,
  run: { postingRunId: string; creditCheckMode: CreditCheckMode; creditCorrection: boolean },
  entries: readonly RunEntry[],
): Promise<{ documents: AssessedDocument[]; postingGroups: ReadonlyMap<string, string> }> {
  // A plain loop: flatMap over 100,000 entries took seconds.
  const subjects: BlockerSubject[] = [];
  for (const { full, summary } of entries) {
    const source = summary ?? full.request;
    if (source.documentType === undefined) continue;
    subjects.push({
      companyId: company.companyId,
      invoiceId: source.invoiceId,
      customerId: source.customerId,
      documentType: source.documentType,
      currency: source.currency,
      totalAmount: source.totalAmount,
      lines: summary === undefined ? full.lines : [],
      creditCheckMode: run.creditCheckMode,
      paymentAmount: undefined,
      postingRunId: run.postingRunId,
    });
  }
  // One fetch of the customer-item facts serves both the review blocker and the items to create.
  const withItems = subjects.filter((subject) => subject.lines.some((line) => line.createsCustomerItem)).map((subject) => subject.invoiceId);
  const drafts = await draftCounts(context.blockerSources, company.companyId, withItems);
  const { blockers, postingGroups } = await findBlockers(context.blockerSources, subjects, drafts);
  const periodBlockers = new Map<string, PostingError | undefined>();
  const periodBlockerOf = (invoiceDate: string) => {
    if (!periodBlockers.has(invoiceDate)) periodBlockers.set(invoiceDate, periodBlocker(invoiceDate, company.periods));
    return periodBlockers.get(invoiceDate);
  };
  const assessed: AssessedDocument[] = [];
  const converted: ToConvert[] = [];
  for (const { full, summary } of entries) {
    if (summary !== undefined) {
      const period = periodBlockerOf(summary.invoiceDate);
      const found = blockers.get(summary.invoiceId) ?? [];
      assessed.push({
        invoiceId: summary.invoiceId,
        customerId: summary.customerId,
        draftNumber: summary.draftNumber,
        documentType: summary.documentType,
        invoiceDate: summary.invoiceDate,
        dueDate: summary.dueDate,
        currency: summary.currency,
        netAmount: summary.netAmount,
        taxAmount: summary.taxAmount,
        totalAmount: summary.totalAmount,
        customerItemsToCreate: 0,
        blockers: period === undefined ? found : [period, ...found],
        homeLines: [],
      });
      continue;
    }
    const { request, dueDate, netAmount, taxAmount } = full;
    const found: PostingError[] = [...request.inputErrors];
    let homeLines: AssessedDocument['homeLines'] = [];
    if (request.document !== undefined) {
      const document = { ...request.document, creditCorrection: run.creditCorrection, customerPostingGroup: postingGroups.get(request.invoiceId) ?? '' };
      const built = buildVoucher(document, company.rules);
      if (!built.ok) found.push(...built.errors);
      const period = periodBlockerOf(document.invoiceDate);
      if (period !== undefined) found.push(period);
      if (built.ok) found.push(...incomeScheduleBlockers(built.voucher, document, company.periods, INCOME_SCHEDULE_ENTRIES_PER_DOCUMENT_MAX));
      const rate =
        document.currency === company.homeCurrency
          ? undefined
          : await context.ledger.getHomeRate(company.companyId, document.currency, company.homeCurrency, document.invoiceDate);
      if (document.currency !== company.homeCurrency && rate === undefined) {
        found.push(postingError('EXCHANGE_RATE_MISSING', `no ${document.currency}/${company.homeCurrency} rate is valid on ${document.invoiceDate}; enter one first`, 'currency'));
      }
      found.push(...(blockers.get(request.invoiceId) ?? []));
      if (found.length === 0 && built.ok) {
        if (document.currency === company.homeCurrency) homeLines = homeLinesOf(built.voucher.lines);
        else converted.push({ assessedIndex: assessed.length, document, journals: [journalOf(document, built.voucher)] });
      }
    }
    assessed.push({
      invoiceId: request.invoiceId,
      customerId: request.customerId,
      draftNumber: request.document?.draftNumber || request.invoiceId,
      documentType: request.documentType,
      invoiceDate: request.invoiceDate,
      dueDate,
      currency: request.currency,
      netAmount,
      taxAmount,
      totalAmount: request.totalAmount,
      customerItemsToCreate: drafts.get(request.invoiceId)?.itemsToCreate ?? 0,
      blockers: found,
      homeLines,
    });
  }
  await convertThroughLedger(context.ledger, company.companyId, converted, assessed);
  return { documents: assessed, postingGroups };
}

/** A postable foreign-currency document of a report, waiting for its home lines. */
interface ToConvert {
  assessedIndex: number;
  document: PostingDocument;
  /** The document's journal alone: a run takes no payments. */
  journals: readonly [JournalToPost];
}

/**
 * Fills in the home lines of postable foreign-currency documents from the ledger's preview of
 * their journals: converted and rounded as the commit will post them, a rounding line included,
 * so the report's account totals are what the ledger books. A journal the ledger would refuse
 * blocks its document with the ledger's reasons.
 */
async function convertThroughLedger(ledger: LedgerGateway, companyId: string, converted: readonly ToConvert[], assessed: AssessedDocument[]): Promise<void> {
  for (const chunk of journalChunks(converted)) {
    const previews = await ledger.previewJournals(companyId, chunk.map((item) => item.journals[0]));
    if (previews.length !== chunk.length) throw new Error(`ledger previewed ${previews.length} journals of ${chunk.length}`);
    chunk.forEach((item, index) => {
      const document = assessed[item.assessedIndex];
      const preview = previews[index];
      if (document === undefined || preview === undefined) throw new Error(`no assessed document or preview for ${item.document.invoiceId}`);
      if (preview.kind === 'REJECTED') document.blockers.push(...preview.errors);
      else document.homeLines = preview.lines.map((line) => ({ account: line.account, amount: line.homeAmount }));
    });
  }
}

/** A run with its result counts and, unless left out, its documents; a finished commit is completed here too. */
export async function getPostingRun(context: PostingRunContext, key: RunKey, omitDocuments: boolean): Promise<RunView | undefined> {
  const run = await findRun(context.database.prisma, key);
  return run === undefined ? undefined : viewOf(context, run, omitDocuments);
}

async function viewOf(context: PostingRunContext, run: RunRecord, omitDocuments: boolean): Promise<RunView> {
  // A committing or completed run was unpacked when its commit began.
  if (run.status === 'REPORTED') await unpackRunDocuments(context.database.store.direct, run);
  let current = run;
  let counts = await resultCounts(context.database.prisma, run);
  if (run.status === 'COMMITTING' && counts.pending === 0 && counts.unprocessed === 0) {
    await completeIfDone(context.database.store.direct, run);
    current = (await findRun(context.database.prisma, run)) ?? run;
    counts = await resultCounts(context.database.prisma, run);
  }
  return { run: current, counts, documents: await runDocuments(context.database.prisma, run, omitDocuments ? 'BLOCKED' : 'ALL') };
}

/**
 * Commits a reported run: marks it committing and answers at once; the documents are then
 * re-validated and queued for posting in steps, in the background, and their outcomes fill in
 * as posting reports them. Committing a committing run resumes a commit that was interrupted;
 * committing a completed run answers it as it is.
 */
export async function commitPostingRun(context: PostingRunContext, key: RunKey, commits: CommitsInProgress): Promise<RunOutcome> {
  const outcome = await context.database.store.transaction(async (tx): Promise<RunOutcome | undefined> => {
    const run = await findRun(tx, key, true);
    if (run === undefined) return rejected('NOT_FOUND', `posting run ${key.postingRunId} does not exist`);
    if (run.status !== 'REPORTED') return undefined;
    if (run.report.postableCount === 0) return rejected('INVALID_STATE', 'no document of the report is postable; correct the blocked documents and create a new run');
    // Unpacked in the transaction that marks the run committing, so a committing run always
    // has its document rows, whoever reads it and however often the commit is resumed.
    await unpackRunDocuments(prismaSql(tx), key);
    await markCommitting(prismaSql(tx), key, new Date());
    return undefined;
  });
  if (outcome !== undefined) return outcome;
  commits.start(context, key);
  const view = await getPostingRun(context, key, true);
  if (view === undefined) throw new Error(`posting run ${key.postingRunId} vanished during its commit`);
  return { ok: true, value: view };
}

/** Restarts the commits of every run left committing (after a restart). */
export async function resumeCommits(context: PostingRunContext, commits: CommitsInProgress): Promise<void> {
  for (const key of await committingRuns(context.database.prisma)) commits.start(context, key);
}

/** The commits this process is running, so a repeated commit or a restart never runs one twice at once. */
export class CommitsInProgress {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  start(context: PostingRunContext, key: RunKey): void {
    const id = `${key.companyId}\u0000${key.postingRunId}`;
    if (this.running.has(id) || this.stopping) return;
    const work = continueCommit(context, key, () => this.stopping)
      .catch((error: unknown) => context.logger.error({ err: error, ...key }, 'posting run commit stopped; committing the run again resumes it'))
      .finally(() => this.running.delete(id));
    this.running.set(id, work);
  }

  /** Lets every commit finish its current step and stop there; the next start resumes them. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running.values());
  }
}

/**
 * Works through the run's documents in report order. Documents the report found blocked fail
 * with those reasons; the others are read again from invoicing and re-checked, since one may
 * have changed or been posted elsewhere since the report. The survivors are marked pending and
 * then queued in invoicing with the run's id; a refusal there (posted elsewhere, discarded)
 * fails the document. Each step is idempotent, so resuming after a crash posts nothing twice.
 */
async function continueCommit(context: PostingRunContext, key: RunKey, stopping: () => boolean): Promise<void> {
  const run = await findRun(context.database.prisma, key);
  if (run === undefined || run.status !== 'COMMITTING') return;
  const company = await context.ledger.getCompany(key.companyId);
  if (company === undefined) throw new Error(`company ${key.companyId} of posting run ${key.postingRunId} is unknown to the ledger`);
  const sql = context.database.store.direct;
  while (!stopping()) {
    const step = await documentsToCommit(context.database.prisma, key, COMMIT_CHUNK_SIZE);
    if (step.length === 0) break;
    const now = new Date();
    const blockedInReport = step.filter((document) => document.blockers.length > 0);
    await markFailed(sql, key, blockedInReport.map((document) => ({ invoiceId: document.invoiceId, reasons: document.blockers })), now);
    const candidates = step.filter((document) => document.blockers.length === 0).map((document) => document.invoiceId);
    if (candidates.length === 0) continue;
    const current = await context.invoicing.selectDocuments(key.companyId, { ...EMPTY_SELECTION, invoiceIds: candidates }, { cursor: '', size: candidates.length });
    const { documents: reassessed } = await assess(
      context,
      company,
      { postingRunId: key.postingRunId, creditCheckMode: run.creditCheckMode as CreditCheckMode, creditCorrection: run.creditCorrection },
      current.documents.map((full) => ({ full })),
    );
    const blockedNow = reassessed.filter((document) => document.blockers.length > 0);
    await markFailed(sql, key, blockedNow.map((document) => ({ invoiceId: document.invoiceId, reasons: document.blockers })), now);
    const blockedIds = new Set(blockedNow.map((document) => document.invoiceId));
    // Documents no longer In Progress are asked for too: invoicing answers those this run queued
    // before as queued, and refuses the rest with the reason (e.g. posted elsewhere).
    const toRequest = candidates.filter((invoiceId) => !blockedIds.has(invoiceId));
    if (toRequest.length === 0) continue;
    await markPending(sql, key, toRequest);
    const answers = await context.invoicing.requestPostingBatch(key.companyId, key.postingRunId, toRequest, {
      creditCheckMode: run.creditCheckMode as CreditCheckMode,
      creditCorrection: run.creditCorrection,
    });
    if (answers.length !== toRequest.length) throw new Error(`invoicing answered ${answers.length} of ${toRequest.length} posting requests of run ${key.postingRunId}`);
    await markFailed(sql, key, answers.filter((answer) => answer.errors.length > 0).map((answer) => ({ invoiceId: answer.invoiceId, reasons: answer.errors })), now);
    await markRequested(sql, key, answers.filter((answer) => answer.errors.length === 0).map((answer) => answer.invoiceId), now);
  }
  if (!stopping()) await completeIfDone(sql, key);
}

const EMPTY_SELECTION: RunSelection = {
  documentTypes: [],
  customerFrom: '',
  customerTo: '',
  numberFrom: '',
  numberTo: '',
  invoiceDateFrom: '',
  invoiceDateTo: '',
  dueDateFrom: '',
  dueDateTo: '',
  invoiceIds: [],
};

function selectionErrors(request: CreateRunRequest): PostingError[] {
  const errors: PostingError[] = [];
  const { selection } = request;
  for (const [from, to, path] of [
    [selection.invoiceDateFrom, selection.invoiceDateTo, 'selection.invoiceDate'],
    [selection.dueDateFrom, selection.dueDateTo, 'selection.dueDate'],
  ] as const) {
    if (from !== '' && !isIsoDate(from)) errors.push(postingError('VALIDATION_FAILED', `"${from}" is not a YYYY-MM-DD date`, `${path}.from`));
    if (to !== '' && !isIsoDate(to)) errors.push(postingError('VALIDATION_FAILED', `"${to}" is not a YYYY-MM-DD date`, `${path}.to`));
    if (from !== '' && to !== '' && from > to) errors.push(postingError('VALIDATION_FAILED', 'the range ends before it starts', `${path}.to`));
  }
  const { customerFrom, customerTo } = selection;
  if (customerFrom !== '' && customerTo !== '' && customerFrom > customerTo) {
    errors.push(postingError('VALIDATION_FAILED', 'the range ends before it starts', 'selection.customer.to'));
  }
  errors.push(...draftNumberRangeErrors(selection.numberFrom, selection.numberTo, 'selection.number'));
  if (selection.invoiceIds.length > RUN_INVOICE_IDS_MAX) errors.push(postingError('VALIDATION_FAILED', `at most ${RUN_INVOICE_IDS_MAX} documents in an explicit list`, 'selection.invoiceIds'));
  if (request.description.length > RUN_DESCRIPTION_LENGTH_MAX) errors.push(postingError('VALIDATION_FAILED', `at most ${RUN_DESCRIPTION_LENGTH_MAX} characters`, 'description'));
  return errors;
}

/** What a repeat must match: the selection (lists sorted) and the options. */
function fingerprintOf(request: CreateRunRequest): string {
  const selection = { ...request.selection, documentTypes: [...request.selection.documentTypes].sort(), invoiceIds: [...request.selection.invoiceIds].sort() };
  return createHash('sha256').update(JSON.stringify([selection, request.creditCheckMode, request.creditCorrection, request.description])).digest('hex');
}
