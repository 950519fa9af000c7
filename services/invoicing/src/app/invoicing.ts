import type { OutgoingEvent } from '@ledgerline/kafka';
import { guardedOutboxInsert } from '@ledgerline/kafka';
import { addDays, isIsoDate } from '@ledgerline/calendar';
import { INCOME_SCHEDULE_PERIODS_MAX } from '@ledgerline/contracts';
import { groupBy } from '@ledgerline/collections';
import { computeDocument, scheduleStartErrors } from '../domain/document.js';
import { DESCRIPTION_LENGTH_MAX } from '../domain/limits.js';
import { paymentProblems } from '../domain/post-and-pay.js';
import { amendRefusal, discardRefusal, postingRefusal } from '../domain/status.js';
import type { ComputedDocument, DocumentContext, DocumentType, FieldError, InvoiceStatus, LineInput, ProductFacts } from '../domain/types.js';
import type { InvoicingDatabase, InvoicingTransaction } from '../db/client.js';
import { insertDocument, insertDocumentLines, type LineRow, type TaxLineRow } from '../db/document-lines.js';
import { isUniqueViolation, prismaSql } from '@ledgerline/db';
import { Prisma, type Invoice, type InvoiceLine, type Product, type TaxLine } from '../db/generated/client.js';
import { readInvoices } from '../db/selection.js';
import { proposeCustomerItemDrafts, type CustomerItemDrafts } from './customer-item-drafts.js';
import {
  refused,
  type AmendInvoiceCommand,
  type CreateInvoiceCommand,
  type CreateProductCommand,
  type InvoiceFilter,
  type Outcome,
  type RequestPostingCommand,
} from './commands.js';
import type { CompanyDirectory, CompanyFacts, CustomerDirectory } from './ports.js';
import { fingerprintOf } from './fingerprint.js';

export type InvoiceRecord = Invoice & { lines: InvoiceLine[]; taxLines: TaxLine[] };

/** Client-chosen ids: short, printable, safe in URLs and logs. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** Listing page sizes. */
export const INVOICE_PAGE_SIZE_DEFAULT = 100;
export const INVOICE_PAGE_SIZE_MAX = 1_000;
/** Attempts to queue a document that changes between its read and its move. */
const REQUEST_POSTING_ATTEMPTS_MAX = 3;

/** How an outcome of posting reaches invoicing, whatever the event's wire form. */
export interface PostedDocument {
  companyId: string;
  invoiceId: string;
  number: string;
  transactionNumber: string;
  ledgerEntryId: string;
}

export interface FailedDocument {
  companyId: string;
  invoiceId: string;
  reasons: FieldError[];
}

export interface InvoicingDependencies {
  database: InvoicingDatabase;
  companies: CompanyDirectory;
  customers: CustomerDirectory;
  /** Proposes customer-item drafts of documents whose lines create customer items. */
  customerItemDrafts: CustomerItemDrafts;
  /** Builds the InvoicePostingRequested event of a document that was just queued. */
  postingRequestedEvent: (invoice: InvoiceRecord, request: RequestPostingCommand) => OutgoingEvent;
  /** Wakes the outbox relay once a transaction that enqueued events has committed. */
  notifyOutbox: () => void;
}

/** The invoicing use cases; each write is one transaction, and so is each event batch. */
export class InvoicingApp {
  constructor(private readonly dependencies: InvoicingDependencies) {}

  private get prisma() {
    return this.dependencies.database.prisma;
  }

  async createProduct(command: CreateProductCommand): Promise<Outcome<Product>> {
    const errors: FieldError[] = [];
    if (!ID_PATTERN.test(command.productId)) errors.push(invalid('productId', 'a product id is 1-64 letters, digits or ._:-'));
    if (command.name.trim() === '' || command.name.length > DESCRIPTION_LENGTH_MAX) errors.push(invalid('name', 'a name is required'));
    const company = await this.dependencies.companies.company(command.companyId);
    if (company === undefined) return refused('NOT_FOUND', `company ${command.companyId} does not exist`, 'companyId');
    if (!company.postableAccounts.has(command.revenueAccount)) {
      errors.push({ code: 'UNKNOWN_ACCOUNT', message: `account ${command.revenueAccount} does not exist or is a control account`, fieldPath: 'revenueAccount' });
    }
    if (errors.length > 0) return { ok: false, errors };
    const data = {
      companyId: command.companyId,
      productId: command.productId,
      name: command.name,
      revenueAccount: command.revenueAccount,
      serialized: command.serialized,
      createsCustomerItem: command.createsCustomerItem,
    };
    const existing = await this.prisma.product.findUnique({ where: { companyId_productId: { companyId: data.companyId, productId: data.productId } } });
    if (existing !== null) return sameProduct(existing, data) ? { ok: true, value: existing } : conflict('product', data.productId);
    try {
      return { ok: true, value: await this.prisma.product.create({ data }) };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.prisma.product.findUniqueOrThrow({ where: { companyId_productId: { companyId: data.companyId, productId: data.productId } } });
      return sameProduct(winner, data) ? { ok: true, value: winner } : conflict('product', data.productId);
    }
  }

  getProduct(companyId: string, productId: string): Promise<Product | null> {
    return this.prisma.product.findUnique({ where: { companyId_productId: { companyId, productId } } });
  }

  async createInvoice(command: CreateInvoiceCommand): Promise<Outcome<InvoiceRecord>> {
    const errors: FieldError[] = [];
    if (!ID_PATTERN.test(command.invoiceId)) errors.push(invalid('id', 'a document id is 1-64 letters, digits or ._:-'));
    if (command.type === undefined) errors.push(invalid('type', 'type is one of SALES_ORDER, FREE_TEXT, DEBIT_MEMO, CREDIT_MEMO'));
    if (!isIsoDate(command.invoiceDate)) errors.push(invalid('invoiceDate', 'invoiceDate is a date that exists, YYYY-MM-DD'));
    if (command.reference.length > DESCRIPTION_LENGTH_MAX) errors.push(invalid('reference', `reference has at most ${DESCRIPTION_LENGTH_MAX} characters`));
    const [company, customer] = await Promise.all([
      this.dependencies.companies.company(command.companyId),
      this.dependencies.customers.customer(command.companyId, command.customerId),
    ]);
    if (company === undefined) return refused('NOT_FOUND', `company ${command.companyId} does not exist`, 'companyId');
    if (customer === undefined) {
      errors.push({ code: 'UNKNOWN_CUSTOMER', message: `customer ${command.customerId} does not exist`, fieldPath: 'customerId' });
      return { ok: false, errors };
    }
    const currency = command.currency === '' ? customer.currency : command.currency;
    if (currency !== customer.currency) {
      errors.push(invalid('currency', `documents of customer ${command.customerId} are in the customer's currency ${customer.currency}`));
    }
    const computed = computeDocument(
      { type: command.type ?? 'FREE_TEXT', currency, lines: command.lines },
      await this.documentContextOf(company, command),
    );
    if (!computed.ok) errors.push(...computed.errors);
    errors.push(...scheduleStartErrors(command.lines, command.invoiceDate, company.periods));
    if (errors.length > 0 || !computed.ok || command.type === undefined) return { ok: false, errors };
    const type = command.type;

    const creditTermsId = customer.creditTermsId === '' ? company.defaultCreditTermsId : customer.creditTermsId;
    const netDays = company.creditTermsNetDays.get(creditTermsId) ?? 0;
    const contentHash = hashOf(command);
    const key = { companyId: command.companyId, invoiceId: command.invoiceId };
    const existing = await this.findInvoice(key.companyId, key.invoiceId);
    if (existing !== null) return existing.contentHash === contentHash ? { ok: true, value: existing } : conflict('document', key.invoiceId);
    const document = computed.value;
    const drafts = { ...key, customerId: command.customerId, type: command.type, lines: document.lines };
    await proposeCustomerItemDrafts(this.dependencies.customerItemDrafts, drafts);
    // A concurrent request with the same id may have written first; it is the same document only with the same content.
    await insertDocument(
      this.dependencies.database.store.direct,
      {
        ...key,
        type,
        customerId: command.customerId,
        invoiceDate: command.invoiceDate,
        dueDate: addDays(command.invoiceDate, netDays),
        currency,
        creditTermsId,
        reference: command.reference,
        contentHash,
        netAmount: document.netAmount.toFixed(),
        taxAmount: document.taxAmount.toFixed(),
        totalAmount: document.totalAmount.toFixed(),
      },
      lineRowsOf(document),
      taxLineRowsOf(document),
    );
    const stored = await this.findInvoice(key.companyId, key.invoiceId);
    if (stored === null) throw new Error(`invoice ${key.invoiceId} vanished right after it was written`);
    if (stored.contentHash === contentHash) return { ok: true, value: stored };
    // The winner's drafts may have been replaced by this request's proposal; the winner's lines are proposed again.
    await proposeCustomerItemDrafts(this.dependencies.customerItemDrafts, { ...stored, type: stored.type as DocumentType }, drafts);
    return conflict('document', key.invoiceId);
  }

  async findInvoice(companyId: string, invoiceId: string): Promise<InvoiceRecord | null> {
    const [invoice] = await readInvoices(this.prisma, companyId, [invoiceId]);
    return invoice ?? null;
  }

  /**
   * Queues a document for posting: In Progress -> Ready to Post and the InvoicePostingRequested
   * event. The document is read, its event built, and then one statement moves the status only
   * if it is still In Progress and unchanged since the read, and writes the event to the outbox
   * only if the move happened: atomic without holding a transaction across round trips. Of many
   * concurrent requests exactly one wins; the others see INVALID_STATE (queued) or
   * ALREADY_POSTED, except a repeat of the winning request id with the same options and payment,
   * which gets the first answer (with other ones: CONFLICT).
   *
   * A post-and-pay payment is checked against the document here (paymentProblems) and travels
   * in the event; the customer service records it only once the document is posted.
   */
  async requestPosting(command: RequestPostingCommand, attemptsLeft = REQUEST_POSTING_ATTEMPTS_MAX): Promise<Outcome<InvoiceRecord>> {
    const invoice = await this.findInvoice(command.companyId, command.invoiceId);
    if (invoice === null) return refused('NOT_FOUND', `document ${command.invoiceId} does not exist`);
    const requestHash = postingRequestHashOf(command);
    if (invoice.status === 'IN_PROGRESS') {
      const payment = command.payment;
      if (payment !== undefined) {
        const problems = paymentProblems(payment, { type: invoice.type, currency: invoice.currency, totalAmount: invoice.totalAmount }, command.postingRunId);
        if (problems.length > 0) return { ok: false, errors: problems };
        const holder = await this.prisma.invoice.findFirst({
          where: { companyId: command.companyId, paymentId: payment.paymentId, NOT: { invoiceId: command.invoiceId } },
          select: { invoiceId: true },
        });
        if (holder !== null) return paymentIdTaken(payment.paymentId);
      }
      const queued: InvoiceRecord = {
        ...invoice,
        status: 'READY_TO_POST',
        postingRequestId: command.requestId,
        postingRequestHash: requestHash,
        paymentId: payment?.paymentId ?? '',
        postingRunId: command.postingRunId,
        errors: [],
        updatedAt: new Date(),
      };
      const outbox = guardedOutboxInsert([this.dependencies.postingRequestedEvent(queued, command)], 'moved', 9);
      let inserted: number;
      try {
        inserted = await this.prisma.$executeRawUnsafe(
          `WITH moved AS (
             UPDATE invoice SET status = 'READY_TO_POST', posting_request_id = $3, posting_run_id = $4, errors = '[]'::jsonb, updated_at = $6,
                    posting_request_hash = $7, payment_id = $8
              WHERE company_id = $1 AND invoice_id = $2 AND status = 'IN_PROGRESS' AND updated_at = $5
             RETURNING 1)
           ${outbox.sql}`,
          command.companyId,
          command.invoiceId,
          command.requestId,
          command.postingRunId,
          invoice.updatedAt,
          queued.updatedAt,
          requestHash,
          queued.paymentId,
          ...outbox.params,
        );
      } catch (error) {
        // Another document took the payment id between the check above and this statement.
        if (payment !== undefined && isUniqueViolation(error)) return paymentIdTaken(payment.paymentId);
        throw error;
      }
      if (inserted === 1) {
        this.dependencies.notifyOutbox();
        return { ok: true, value: queued };
      }
    }
    const current = (await this.findInvoice(command.companyId, command.invoiceId)) ?? invoice;
    if (command.requestId !== '' && current.postingRequestId === command.requestId && current.status !== 'IN_PROGRESS') {
      // A document queued before requests were fingerprinted has no hash to compare: as then, the
      // same request id is taken as the same request.
      if (current.postingRequestHash !== '' && current.postingRequestHash !== requestHash) {
        return refused('CONFLICT', 'this request id (Idempotency-Key) was used for a posting request with other options or another payment; use a new key');
      }
      return { ok: true, value: current };
    }
    const refusal = postingRefusal(current.status as InvoiceStatus);
    if (refusal !== undefined) return { ok: false, errors: [refusal] };
    // Still In Progress but changed between the read and the move (e.g. a failed posting came back).
    if (attemptsLeft > 1) return this.requestPosting(command, attemptsLeft - 1);
    return refused('CONFLICT', 'the document kept changing while it was being queued; try again');
  }

  /**
   * Replaces the date, reference and lines of an In Progress document and recomputes it with the
   * same rules as a new one (computeDocument); the type, customer, currency and credit terms stay,
   * and the due date follows the new date. The reasons of an earlier failed posting are cleared:
   * they described the old content. The customer-item drafts are proposed again before the change
   * commits, and put back to the stored lines if the change then loses a race.
   */
  async amendInvoice(command: AmendInvoiceCommand): Promise<Outcome<InvoiceRecord>> {
    const errors: FieldError[] = [];
    if (!isIsoDate(command.invoiceDate)) errors.push(invalid('invoiceDate', 'invoiceDate is a date that exists, YYYY-MM-DD'));
    if (command.reference.length > DESCRIPTION_LENGTH_MAX) errors.push(invalid('reference', `reference has at most ${DESCRIPTION_LENGTH_MAX} characters`));
    const stored = await this.findInvoice(command.companyId, command.invoiceId);
    if (stored === null) return refused('NOT_FOUND', `document ${command.invoiceId} does not exist`);
    const refusal = amendRefusal(stored.status as InvoiceStatus);
    if (refusal !== undefined) return { ok: false, errors: [refusal] };
    const company = await this.dependencies.companies.company(command.companyId);
    if (company === undefined) return refused('NOT_FOUND', `company ${command.companyId} does not exist`, 'companyId');
    const type = stored.type as DocumentType;
    const computed = computeDocument({ type, currency: stored.currency, lines: command.lines }, await this.documentContextOf(company, command));
    if (!computed.ok) errors.push(...computed.errors);
    errors.push(...scheduleStartErrors(command.lines, command.invoiceDate, company.periods));
    if (errors.length > 0 || !computed.ok) return { ok: false, errors };

    const document = computed.value;
    const netDays = company.creditTermsNetDays.get(stored.creditTermsId) ?? 0;
    const before = { ...stored, type };
    await proposeCustomerItemDrafts(this.dependencies.customerItemDrafts, { ...before, lines: document.lines }, before);
    const key = { companyId: command.companyId, invoiceId: command.invoiceId };
    const amended = await this.dependencies.database.store.transaction(async (tx) => {
      const moved = await tx.invoice.updateMany({
        where: { ...key, status: 'IN_PROGRESS', updatedAt: stored.updatedAt },
        data: {
          invoiceDate: dateOf(command.invoiceDate),
          dueDate: dateOf(addDays(command.invoiceDate, netDays)),
          reference: command.reference,
          netAmount: document.netAmount.toFixed(),
          taxAmount: document.taxAmount.toFixed(),
          totalAmount: document.totalAmount.toFixed(),
          errors: [],
        },
      });
      if (moved.count !== 1) return false;
      await tx.invoiceLine.deleteMany({ where: key });
      await tx.taxLine.deleteMany({ where: key });
      await insertDocumentLines(prismaSql(tx), key, lineRowsOf(document), taxLineRowsOf(document));
      return true;
    });
    const current = await this.findInvoice(command.companyId, command.invoiceId);
    if (current === null) throw new Error(`invoice ${command.invoiceId} vanished while it was amended`);
    if (amended) return { ok: true, value: current };
    // The proposal above described lines that were not written: the drafts go back to the stored
    // lines, unless the document is past the point where its drafts can change.
    if (current.status === 'IN_PROGRESS' || current.status === 'READY_TO_POST') {
      await proposeCustomerItemDrafts(this.dependencies.customerItemDrafts, { ...current, type }, { ...before, lines: document.lines });
    }
    const lost = amendRefusal(current.status as InvoiceStatus);
    return lost === undefined ? refused('CONFLICT', 'the document changed while it was being amended; read it and try again') : { ok: false, errors: [lost] };
  }

  async discardInvoice(companyId: string, invoiceId: string): Promise<Outcome<InvoiceRecord>> {
    const updated = await this.prisma.invoice.updateMany({ where: { companyId, invoiceId, status: 'IN_PROGRESS' }, data: { status: 'DISCARDED' } });
    const invoice = await this.findInvoice(companyId, invoiceId);
    if (invoice === null) return refused('NOT_FOUND', `document ${invoiceId} does not exist`);
    if (updated.count === 1) return { ok: true, value: invoice };
    const refusal = discardRefusal(invoice.status as InvoiceStatus);
    return { ok: false, errors: [refusal ?? { code: 'INVALID_STATE', message: 'the document cannot be discarded now', fieldPath: '' }] };
  }

  async listInvoices(
    companyId: string,
    filter: InvoiceFilter,
    page: { size: number; cursor: string },
    omitLines: boolean,
  ): Promise<{ invoices: InvoiceRecord[]; nextCursor: string }> {
    const size = Math.min(Math.max(page.size === 0 ? INVOICE_PAGE_SIZE_DEFAULT : page.size, 1), INVOICE_PAGE_SIZE_MAX);
    const after = decodeCursor(page.cursor);
    const where: Prisma.InvoiceWhereInput = {
      companyId,
      ...(filter.statuses.length > 0 ? { status: { in: filter.statuses as InvoiceStatus[] } } : {}),
      ...(filter.types.length > 0 ? { type: { in: filter.types as DocumentType[] } } : {}),
      ...(filter.customerId !== '' ? { customerId: filter.customerId } : {}),
      ...(filter.invoiceIds.length > 0 ? { invoiceId: { in: filter.invoiceIds } } : {}),
      invoiceDate: dateRange(filter.invoiceDateFrom, filter.invoiceDateTo),
      ...(filter.dueDateFrom !== '' || filter.dueDateTo !== '' ? { dueDate: dateRange(filter.dueDateFrom, filter.dueDateTo) } : {}),
      ...(after === undefined
        ? {}
        : {
            OR: [
              { invoiceDate: { gt: dateOf(after.invoiceDate) } },
              { invoiceDate: dateOf(after.invoiceDate), invoiceId: { gt: after.invoiceId } },
            ],
          }),
    };
    const rows = await this.prisma.invoice.findMany({
      where,
      orderBy: [{ invoiceDate: 'asc' }, { invoiceId: 'asc' }],
      take: size + 1,
      include: { lines: omitLines ? false : { orderBy: { lineNumber: 'asc' } }, taxLines: { orderBy: { taxCode: 'asc' } } },
    });
    const invoices = rows.slice(0, size).map((row) => ({ ...row, lines: row.lines ?? [] }));
    const last = invoices.at(-1);
    const nextCursor = rows.length > size && last !== undefined ? encodeCursor(isoDate(last.invoiceDate), last.invoiceId) : '';
    return { invoices, nextCursor };
  }

  /**
   * Marks posted documents Complete with their number; only documents still Ready to Post move.
   *
   * The rows are found by company and an array of ids, and each row's figures are looked up in a
   * JSON object, so the statement takes each row by its key (or a hashed filter) whatever the
   * planner believes about status. Joined with an unnest of the figures instead, statistics taken
   * while every document was still In Progress made it scan every Ready to Post row once per
   * document of the batch: about a second per batch of 500, the largest cost of posting in Postgres.
   */
  async applyPosted(documents: readonly PostedDocument[], tx: InvoicingTransaction): Promise<void> {
    for (const [companyId, ofCompany] of groupBy(documents, (document) => document.companyId)) {
      const postedById = Object.fromEntries(
        ofCompany.map((document) => [document.invoiceId, [document.number, document.transactionNumber, document.ledgerEntryId]]),
      );
      await prismaSql(tx).execute(
        `UPDATE invoice AS i
            SET status = 'COMPLETE', number = $3::jsonb -> i.invoice_id ->> 0,
                transaction_number = ($3::jsonb -> i.invoice_id ->> 1)::bigint,
                ledger_entry_id = $3::jsonb -> i.invoice_id ->> 2, errors = '[]'::jsonb, updated_at = now()
          WHERE i.company_id = $1 AND i.invoice_id = ANY($2::text[]) AND i.status = 'READY_TO_POST'`,
        [companyId, Object.keys(postedById), JSON.stringify(postedById)],
      );
    }
  }

  /**
   * Returns refused documents to In Progress with the reasons, so they can be corrected. The rows
   * are found as in applyPosted, for the same reason.
   */
  async applyFailed(documents: readonly FailedDocument[], tx: InvoicingTransaction): Promise<void> {
    for (const [companyId, ofCompany] of groupBy(documents, (document) => document.companyId)) {
      const reasonsById = Object.fromEntries(ofCompany.map((document) => [document.invoiceId, document.reasons]));
      await prismaSql(tx).execute(
        `UPDATE invoice AS i
            SET status = 'IN_PROGRESS', errors = $3::jsonb -> i.invoice_id, posting_request_id = '', posting_request_hash = '',
                payment_id = '', updated_at = now()
          WHERE i.company_id = $1 AND i.invoice_id = ANY($2::text[]) AND i.status = 'READY_TO_POST'`,
        [companyId, Object.keys(reasonsById), JSON.stringify(reasonsById)],
      );
    }
  }

  /** What a document's lines are checked and computed against: the company's facts and the products the lines name. */
  private async documentContextOf(company: CompanyFacts, command: { companyId: string; lines: readonly LineInput[] }): Promise<DocumentContext> {
    return {
      taxRatesPercent: company.taxRatesPercent,
      roundingMode: company.roundingMode,
      accounts: company.postableAccounts,
      products: await this.productsOf(command),
      incomeSchedulePeriodsMax: INCOME_SCHEDULE_PERIODS_MAX,
    };
  }

  private async productsOf(command: { companyId: string; lines: readonly LineInput[] }): Promise<Map<string, ProductFacts>> {
    const ids = [...new Set(command.lines.map((line) => line.productId).filter((id) => id !== ''))];
    if (ids.length === 0) return new Map();
    const products = await this.prisma.product.findMany({ where: { companyId: command.companyId, productId: { in: ids } } });
    return new Map(products.map((product) => [product.productId, product]));
  }
}

/** The stored rows of a computed document's lines. */
function lineRowsOf(document: ComputedDocument): LineRow[] {
  return document.lines.map((line) => ({
    lineNumber: line.lineNumber,
    description: line.description,
    quantity: line.quantity.toFixed(),
    unitPrice: line.unitPrice.toFixed(),
    lineDiscount: line.lineDiscount.toFixed(),
    productId: line.productId,
    account: line.account,
    taxCode: line.taxCode,
    distribution: line.distribution.map((share) => ({
      account: share.account,
      percent: share.percent?.toFixed() ?? '',
      amount: share.amount?.toFixed() ?? '',
    })),
    serialNumbers: line.serialNumbers,
    netAmount: line.netAmount.toFixed(),
    taxAmount: line.taxAmount.toFixed(),
    serialized: line.serialized,
    createsCustomerItem: line.createsCustomerItem,
    incomeScheduleStartDate: line.incomeSchedule?.startDate ?? null,
    incomeSchedulePeriods: line.incomeSchedule?.periods ?? null,
  }));
}

function taxLineRowsOf(document: ComputedDocument): TaxLineRow[] {
  return document.taxLines.map((taxLine) => ({
    taxCode: taxLine.taxCode,
    ratePercent: taxLine.ratePercent.toFixed(),
    baseAmount: taxLine.baseAmount.toFixed(),
    taxAmount: taxLine.taxAmount.toFixed(),
  }));
}

/** The fingerprint of what a posting request asks besides its document. */
function postingRequestHashOf(command: RequestPostingCommand): string {
  const content = {
    creditCheckMode: command.creditCheckMode ?? 'NONE',
    creditCorrection: command.creditCorrection,
    postingRunId: command.postingRunId,
    payment: command.payment ?? null,
  };
  return fingerprintOf(content);
}

function paymentIdTaken<T>(paymentId: string): Outcome<T> {
  return refused('CONFLICT', `payment id ${paymentId} is already used with another document; use a new id`, 'payment.id');
}

function invalid(fieldPath: string, message: string): FieldError {
  return { code: 'VALIDATION_FAILED', message, fieldPath };
}

function conflict<T>(what: string, id: string): Outcome<T> {
  return refused('CONFLICT', `${what} ${id} exists with other content; use a new id`, 'id');
}

function sameProduct(a: Product, b: Omit<Product, 'createdAt'>): boolean {
  return (
    a.name === b.name && a.revenueAccount === b.revenueAccount && a.serialized === b.serialized && a.createsCustomerItem === b.createsCustomerItem
  );
}

/**
 * The fingerprint of a create request: everything but the company and the id. A line's income
 * schedule is part of it, written in one fixed order, so the same id with another schedule is a
 * conflict. A line without one leaves the property out (JSON drops undefined), so the requests of
 * documents created before schedules existed keep their fingerprint and repeat as before.
 */
function hashOf(command: CreateInvoiceCommand): string {
  const { companyId: _company, invoiceId: _id, ...content } = command;
  const lines = content.lines.map(({ incomeSchedule, ...line }) => ({
    ...line,
    incomeSchedule: incomeSchedule === undefined ? undefined : { startDate: incomeSchedule.startDate, periods: incomeSchedule.periods },
  }));
  return fingerprintOf({ ...content, lines });
}

function dateOf(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`);
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dateRange(from: string, to: string): Prisma.DateTimeFilter | undefined {
  if (from === '' && to === '') return undefined;
  return { ...(from === '' ? {} : { gte: dateOf(from) }), ...(to === '' ? {} : { lte: dateOf(to) }) };
}

function encodeCursor(invoiceDate: string, invoiceId: string): string {
  return Buffer.from(JSON.stringify([invoiceDate, invoiceId])).toString('base64url');
}

function decodeCursor(cursor: string): { invoiceDate: string; invoiceId: string } | undefined {
  if (cursor === '') return undefined;
  try {
    const [invoiceDate, invoiceId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof invoiceDate === 'string' && isIsoDate(invoiceDate) && typeof invoiceId === 'string') return { invoiceDate, invoiceId };
  } catch {
    // A cursor that does not decode is answered below like any other malformed one.
  }
  throw new InvalidCursorError();
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the page cursor is not one this service issued');
    this.name = 'InvalidCursorError';
  }
}
