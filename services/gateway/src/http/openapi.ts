import { z } from '@ledgerline/config';
import { INCOME_SCHEDULE_PERIODS_MAX } from '@ledgerline/contracts';
import { ROUNDING_MODES } from '@ledgerline/money';
import { DRAFT_STATUS_NAMES } from '../api/customer-item-requests.js';
import { IDEMPOTENCY_RECORD_RETENTION_MS } from '@ledgerline/grpc';
import { IDEMPOTENCY_NAMESPACE } from '../api/idempotency.js';
import { ACCOUNT_TYPE_NAMES, DOCUMENT_TYPE_NAMES, INVOICE_STATUS_NAMES, PAYMENT_TERMS_NAMES, ROUNDING_MODE_DESCRIPTION } from '../api/requests.js';
import { POST_WAIT_MAX_MS } from '../api/wait-for-outcome.js';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../api/validation.js';
import { routeName, type Route } from './route.js';
import { IDEMPOTENCY_KEY_HEADER } from './router.js';
import { ROUTES } from './routes/index.js';

/**
 * The OpenAPI 3.1 document of the REST API, served at /v1/openapi.json. It is built from the
 * route table the router serves (routes/index.ts): paths, parameters and request bodies come
 * from each route's zod schemas, so the document cannot drift from what is validated.
 */

type JsonSchema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const decimal = ref('Decimal');
const date = { type: 'string', format: 'date' };
const nullable = (schema: JsonSchema) => ({ anyOf: [schema, { type: 'null' }] });
const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  required,
  properties,
});

const fieldError = object(
  {
    path: { type: 'string', description: 'Field path as in the request, e.g. "lines[2].quantity"; empty for the request as a whole.' },
    message: { type: 'string' },
    code: { type: 'string', description: 'Business error code of a service rejection, e.g. PERIOD_CLOSED; absent on edge validation errors.' },
  },
  ['path', 'message'],
);
const businessError = object({ code: { type: 'string' }, message: { type: 'string' }, path: nullable({ type: 'string' }) });

const reportedDocument = object({
  invoiceId: { type: 'string' },
  draftNumber: { type: 'string' },
  customerId: { type: 'string' },
  documentType: { enum: [...DOCUMENT_TYPE_NAMES] },
  invoiceDate: date,
  dueDate: nullable(date),
  currency: { type: 'string' },
  totalAmount: decimal,
  customerItemsToCreate: { type: 'integer' },
  blockers: { type: 'array', items: businessError },
});

const RESPONSE_SCHEMAS: Record<string, JsonSchema> = {
  Problem: object(
    {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      errors: { type: 'array', items: fieldError },
    },
    ['type', 'title', 'status', 'detail'],
  ),
  Decimal: { type: 'string', pattern: '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$', examples: ['1234.50'] },
  Period: object({ period: { type: 'string', pattern: '^\\d{4}-\\d{2}$' }, startDate: date, endDate: date, closed: { type: 'boolean' } }),
  Company: object({
    id: { type: 'string' },
    name: { type: 'string' },
    homeCurrency: { type: 'string' },
    reportingCurrency: { type: 'string' },
    fiscalYearStart: date,
    settings: object({
      requireCustomerItemConfirmation: { type: 'boolean' },
      backgroundPostingLineThreshold: { type: 'integer', description: '0 = no threshold' },
      postZeroPriceLinesToRevenue: { type: 'boolean' },
      sequentialLineNumbers: {
        type: 'boolean',
        description: 'Posted lines are always numbered 1, 2, 3 in order, which is what true asks for; false is accepted and changes nothing, since numbering costs nothing here.',
      },
      defaultCreditTermsId: nullable({ type: 'string' }),
      roundingAccount: nullable({ type: 'string' }),
      receivableAccount: nullable({ type: 'string' }),
      deferredRevenueAccount: nullable({
        type: 'string',
        description: 'Account a line on an income schedule is credited to at posting, and debited from period by period as its revenue is recognised; null when not set.',
      }),
      roundingMode: { type: 'string', enum: [...ROUNDING_MODES], description: ROUNDING_MODE_DESCRIPTION },
    }),
    taxCodes: { type: 'array', items: ref('TaxCode') },
    creditTerms: { type: 'array', items: ref('CreditTerms') },
    periods: { type: 'array', items: ref('Period') },
    postingProfiles: { type: 'array', description: 'A/R account per customer posting group, ordered by posting group.', items: ref('PostingProfile') },
    createdAt: nullable({ type: 'string', format: 'date-time' }),
  }),
  Account: object({
    account: { type: 'string' },
    name: { type: 'string' },
    type: { enum: [...ACCOUNT_TYPE_NAMES] },
    control: { type: 'boolean', description: 'Holds customer balances (A/R); only posting and payments post to it.' },
  }),
  PostingProfile: object({ postingGroup: { type: 'string' }, receivableAccount: { type: 'string' } }),
  TaxCode: object({ code: { type: 'string' }, name: { type: 'string' }, ratePercent: decimal, payableAccount: { type: 'string' } }),
  CreditTerms: object({
    id: { type: 'string' },
    name: { type: 'string' },
    netDays: { type: 'integer' },
    discountPercent: nullable(decimal),
    discountDays: { type: 'integer' },
  }),
  FiscalYear: object({ startDate: date, periods: { type: 'array', items: ref('Period') } }),
  AccountBalance: object({
    account: { type: 'string' },
    name: { type: 'string' },
    asOf: nullable(date),
    customerId: nullable({ type: 'string' }),
    homeCurrency: { type: 'string' },
    homeBalance: decimal,
    reportingCurrency: { type: 'string' },
    reportingBalance: decimal,
  }),
  ExchangeRate: object({ from: { type: 'string' }, to: { type: 'string' }, date, rate: decimal }),
  Customer: object({
    id: { type: 'string' },
    name: { type: 'string' },
    currency: { type: 'string' },
    creditTermsId: nullable({ type: 'string' }),
    paymentTerms: { enum: [...PAYMENT_TERMS_NAMES] },
    creditLimit: nullable(decimal),
    batchCutoffDay: nullable({ type: 'integer', minimum: 1, maximum: 31 }),
    postingGroup: nullable({ type: 'string' }),
    postedBalance: decimal,
    salesYtd: decimal,
    salesPtd: decimal,
    lastInvoiceDate: nullable(date),
    unappliedAmount: decimal,
    createdAt: nullable({ type: 'string', format: 'date-time' }),
    revision: { type: 'integer', minimum: 1, description: 'Starts at 1 and grows by one with every change of master data.' },
  }),
  OpenItemList: object({
    items: {
      type: 'array',
      items: object({
        documentId: { type: 'string' },
        documentNumber: { type: 'string' },
        documentType: { enum: [...DOCUMENT_TYPE_NAMES] },
        documentDate: date,
        currency: { type: 'string' },
        amount: decimal,
        remaining: decimal,
        dueDate: date,
        discountDate: nullable(date),
        discountAmount: nullable(decimal),
        homeCurrency: nullable({ type: 'string', description: "The company's home currency; null for items opened before it was kept." }),
        homeDiscountAmount: nullable({ ...decimal, description: 'The settlement discount in home currency.' }),
      }),
    },
    nextCursor: nullable({ type: 'string' }),
  }),
  Payment: object({
    id: { type: 'string', description: 'Derived from the Idempotency-Key, else random.' },
    customerId: { type: 'string' },
    amount: decimal,
    currency: { type: 'string' },
    paidDate: date,
    reference: { type: 'string' },
    applications: { type: 'array', items: object({ documentId: { type: 'string' }, amount: decimal }) },
    unappliedAmount: decimal,
    ledgerEntryId: nullable({ type: 'string' }),
    recordedAt: nullable({ type: 'string', format: 'date-time' }),
  }),
  Product: object({
    id: { type: 'string' },
    name: { type: 'string' },
    revenueAccount: { type: 'string' },
    serialized: { type: 'boolean' },
    createsCustomerItem: { type: 'boolean' },
  }),
  InvoiceSummary: object({
    id: { type: 'string' },
    type: { enum: [...DOCUMENT_TYPE_NAMES] },
    status: { enum: [...INVOICE_STATUS_NAMES] },
    customerId: { type: 'string' },
    draftNumber: nullable({ type: 'string' }),
    number: nullable({ type: 'string', description: 'Legal number, once COMPLETE.' }),
    transactionNumber: nullable({ type: 'integer', description: 'Ledger transaction number, once COMPLETE.' }),
    invoiceDate: date,
    dueDate: nullable(date),
    currency: { type: 'string' },
    creditTermsId: nullable({ type: 'string' }),
    reference: nullable({ type: 'string' }),
    netAmount: decimal,
    taxAmount: decimal,
    totalAmount: decimal,
    ledgerEntryId: nullable({ type: 'string' }),
    postingRunId: nullable({ type: 'string' }),
    errors: { type: 'array', items: businessError, description: 'Why the last posting failed; empty otherwise.' },
    createdAt: nullable({ type: 'string', format: 'date-time' }),
    updatedAt: nullable({ type: 'string', format: 'date-time' }),
  }),
  Invoice: {
    allOf: [
      ref('InvoiceSummary'),
      object({
        lines: {
          type: 'array',
          items: object({
            lineNumber: { type: 'integer' },
            description: { type: 'string' },
            quantity: decimal,
            unitPrice: decimal,
            lineDiscount: decimal,
            productId: nullable({ type: 'string' }),
            account: nullable({ type: 'string' }),
            taxCode: { type: 'string' },
            distribution: {
              type: 'array',
              items: object({ account: { type: 'string' }, percent: nullable(decimal), amount: nullable(decimal) }),
            },
            serialNumbers: { type: 'array', items: { type: 'string' } },
            netAmount: decimal,
            taxAmount: decimal,
            serialized: { type: 'boolean' },
            createsCustomerItem: { type: 'boolean' },
            incomeSchedule: nullable({
              ...object({
                startDate: { ...date, description: 'First day of recognition.' },
                periods: { type: 'integer', minimum: 1, maximum: INCOME_SCHEDULE_PERIODS_MAX, description: 'Number of fiscal periods.' },
              }),
              description: "The line's revenue is recognised over fiscal periods instead of at posting (the document posts in the background); null when at posting.",
            }),
          }),
        },
        taxLines: {
          type: 'array',
          items: object({ taxCode: { type: 'string' }, ratePercent: decimal, baseAmount: decimal, taxAmount: decimal }),
        },
      }),
    ],
  },
  InvoiceList: object({ items: { type: 'array', items: ref('InvoiceSummary') }, nextCursor: nullable({ type: 'string' }) }),
  LedgerEntryList: object({
    entries: {
      type: 'array',
      items: object({
        id: { type: 'string' },
        transactionNumber: nullable({ type: 'integer' }),
        journal: { enum: ['AR_DISTRIBUTION', 'CASH_RECEIPTS', 'INCOME_SCHEDULE', 'GENERAL', null] },
        date,
        period: { type: 'string' },
        sourceId: { type: 'string' },
        sourceType: { enum: ['INVOICE', 'PAYMENT', 'INCOME_SCHEDULE', null] },
        documentNumber: nullable({ type: 'string' }),
        currency: { type: 'string' },
        description: { type: 'string' },
        postedAt: nullable({ type: 'string', format: 'date-time' }),
        originSourceId: nullable({
          type: 'string',
          description: "For an INCOME_SCHEDULE entry, the source whose deferred line it recognises (its sourceId is \"<that entry's id>/<line>/<period>\"); null otherwise.",
        }),
        lines: {
          type: 'array',
          items: object({
            lineNumber: { type: 'integer' },
            account: { type: 'string' },
            currency: { type: 'string' },
            amount: { ...decimal, description: 'Signed: debit positive, credit negative.' },
            homeAmount: decimal,
            reportingAmount: decimal,
            description: { type: 'string' },
            customerId: nullable({ type: 'string' }),
            correction: { type: 'boolean', description: 'A correction (storno) line: on the side of the original with a negative amount.' },
            incomeSchedule: nullable({
              ...object({
                revenueAccount: { type: 'string', description: 'Account the revenue is recognised to.' },
                startDate: { ...date, description: 'Date of the first recognition entry.' },
                periods: { type: 'integer', minimum: 1, maximum: INCOME_SCHEDULE_PERIODS_MAX },
              }),
              description: "A deferred line: the ledger recognises it to revenueAccount in even parts, one INCOME_SCHEDULE entry per period, listed with this source's entries; null otherwise.",
            }),
          }),
        },
      }),
    },
  }),
  TrialBalance: object({
    period: { type: 'string' },
    homeCurrency: { type: 'string' },
    reportingCurrency: { type: 'string' },
    accounts: {
      type: 'array',
      items: object({
        account: { type: 'string' },
        name: { type: 'string' },
        homeBalance: decimal,
        reportingBalance: decimal,
        homePeriodMovement: decimal,
        reportingPeriodMovement: decimal,
      }),
    },
  }),
  InvoiceBatch: object({
    id: { type: 'string' },
    number: { type: 'string', description: 'Gapless per company, e.g. "B-000017".' },
    closeDate: date,
    status: { enum: ['OPEN', 'PRINTED', 'DELETED'] },
    dummy: { type: 'boolean' },
    origin: { enum: ['GENERATED', 'MANUAL'] },
    customerCount: { type: 'integer' },
    documentCount: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    printedAt: nullable({ type: 'string', format: 'date-time' }),
    printCount: { type: 'integer' },
  }),
  InvoiceBatchList: object({ items: { type: 'array', items: ref('InvoiceBatch') }, nextCursor: nullable({ type: 'string' }) }),
  InvoiceBatchReport: object({
    batch: ref('InvoiceBatch'),
    customers: {
      type: 'array',
      items: object({
        customerId: { type: 'string' },
        customerName: { type: 'string' },
        currency: { type: 'string' },
        previousCloseDate: nullable(date),
        formerBalance: decimal,
        paymentsReceived: decimal,
        newDocumentsAmount: decimal,
        newBalance: decimal,
        documents: {
          type: 'array',
          items: object({
            documentId: { type: 'string' },
            documentNumber: { type: 'string' },
            documentType: { enum: [...DOCUMENT_TYPE_NAMES] },
            invoiceDate: date,
            dueDate: date,
            amount: decimal,
          }),
        },
        payments: {
          type: 'array',
          items: object({ paymentId: { type: 'string' }, paidDate: date, reference: { type: 'string' }, amount: decimal }),
        },
      }),
    },
    nextCursor: nullable({ type: 'string' }),
  }),
  InvoicePostingBatch: object({
    requestId: { type: 'string', description: 'Derived from the Idempotency-Key (random without one).' },
    queuedCount: { type: 'integer', description: 'Documents queued by this request, or by the first request with the same key.' },
    refusedCount: { type: 'integer' },
    results: {
      type: 'array',
      description: 'One per requested document, in request order.',
      items: object({
        invoiceId: { type: 'string' },
        status: nullable({ enum: ['IN_PROGRESS', 'READY_TO_POST', 'COMPLETE', 'DISCARDED'], description: 'Null when the document does not exist.' }),
        errors: { type: 'array', items: businessError, description: 'Why it was not queued; empty when it was.' },
      }),
    },
  }),
  PostingRun: object({
    id: { type: 'string' },
    status: { enum: ['REPORTED', 'COMMITTING', 'COMPLETED'] },
    completedWithErrors: { type: 'boolean', description: 'Completed with failures: "not all transactions were posted".' },
    message: nullable({ type: 'string' }),
    description: { type: 'string' },
    creditCheckMode: nullable({ type: 'string' }),
    creditCorrection: { type: 'boolean' },
    report: object({
      documentCount: { type: 'integer' },
      postableCount: { type: 'integer' },
      blockedCount: { type: 'integer' },
      customerItemsToCreate: { type: 'integer' },
      customerTotals: {
        type: 'array',
        items: object({ customerId: { type: 'string' }, currency: { type: 'string' }, documentCount: { type: 'integer' }, netAmount: decimal, taxAmount: decimal, totalAmount: decimal }),
      },
      accountTotals: {
        type: 'array',
        description: 'Per account, in home currency, what the commit will post for the postable documents: foreign-currency amounts converted and rounded as the ledger posts them, its rounding lines included.',
        items: object({ account: { type: 'string' }, homeDebit: decimal, homeCredit: decimal }),
      },
      documents: nullable({ type: 'array', description: 'Every document of the report; only with ?documents=true.', items: reportedDocument }),
      blockedDocuments: { type: 'array', description: 'Every blocked document with its codes and messages, always listed.', items: reportedDocument },
      reportedAt: { type: 'string', format: 'date-time' },
    }),
    postedCount: { type: 'integer' },
    failedCount: { type: 'integer' },
    pendingCount: { type: 'integer' },
    results: nullable({
      type: 'array',
      items: object({
        invoiceId: { type: 'string' },
        status: { enum: ['PENDING', 'POSTED', 'FAILED'] },
        invoiceNumber: nullable({ type: 'string' }),
        transactionNumber: nullable({ type: 'integer' }),
        reasons: { type: 'array', items: businessError },
      }),
    }),
    createdAt: { type: 'string', format: 'date-time' },
    committedAt: nullable({ type: 'string', format: 'date-time' }),
    completedAt: nullable({ type: 'string', format: 'date-time' }),
  }),
  RecurringPostingRun: object({
    id: { type: 'string' },
    selection: { type: 'object' },
    increment: { enum: ['DAY', 'WEEK', 'MONTH'] },
    creditCheckMode: nullable({ type: 'string' }),
    creditCorrection: { type: 'boolean' },
    description: { type: 'string' },
    occurrences: { type: 'integer' },
    nextRunAt: { type: 'string', format: 'date-time' },
    postingRunIds: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
  }),
  ArTransaction: object({
    id: { type: 'string' },
    kind: { enum: ['DOCUMENT', 'PAYMENT'] },
    customerId: { type: 'string' },
    number: { type: 'string', description: 'Document number, or the payment reference.' },
    documentType: nullable({ enum: [...DOCUMENT_TYPE_NAMES] }),
    currency: { type: 'string' },
    amount: decimal,
    invoiceDate: nullable(date),
    dueDate: nullable(date),
    paidDate: nullable(date),
    batchId: nullable({ type: 'string' }),
    corrections: {
      type: 'array',
      items: object({
        field: { enum: ['invoiceDate', 'dueDate', 'paidDate'] },
        from: date,
        to: date,
        reason: { type: 'string' },
        correctedBy: { type: 'string' },
        correctedAt: { type: 'string', format: 'date-time' },
      }),
    },
  }),
  CustomerItemDraft: object({
    id: { type: 'string', description: 'Stable for the same invoice, line and unit.' },
    invoiceId: { type: 'string' },
    lineNumber: { type: 'integer' },
    unit: { type: 'integer', description: '1-based unit on the line.' },
    customerId: { type: 'string' },
    productId: { type: 'string' },
    serialNumber: nullable({ type: 'string' }),
    description: { type: 'string' },
    status: { enum: [...DRAFT_STATUS_NAMES] },
    reviewedBy: nullable({ type: 'string' }),
    reviewedAt: nullable({ type: 'string', format: 'date-time' }),
  }),
  CustomerItemDraftList: object({ items: { type: 'array', items: ref('CustomerItemDraft') }, nextCursor: nullable({ type: 'string' }) }),
  CustomerItem: object({
    id: { type: 'string' },
    customerId: { type: 'string' },
    productId: { type: 'string' },
    serialNumber: nullable({ type: 'string' }),
    description: { type: 'string', description: 'From the draft review, else the invoice line.' },
    invoiceId: { type: 'string' },
    invoiceNumber: { type: 'string', description: 'Legal number of the posted document.' },
    lineNumber: { type: 'integer' },
    invoiceDate: date,
    createdAt: { type: 'string', format: 'date-time' },
  }),
  CustomerItemList: object({ items: { type: 'array', items: ref('CustomerItem') }, nextCursor: nullable({ type: 'string' }) }),
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The body is not valid JSON.',
  401: 'No API key, or not a valid one.',
  403: 'The key may not act for this company, or lacks the role.',
  404: 'The addressed record does not exist.',
  409: 'Conflict: the id or Idempotency-Key was used with other content (CONFLICT, IDEMPOTENCY_KEY_REUSED), a request with the same Idempotency-Key is still running (IDEMPOTENCY_KEY_IN_USE, with Retry-After), the document was posted already (ALREADY_POSTED) or its status does not allow it (INVALID_STATE, e.g. a document queued for posting cannot be amended, discarded, printed or posted again); a printed or deleted invoice batch cannot change (BATCH_PRINTED, BATCH_DELETED); a document is in another batch (DOCUMENT_ALREADY_BATCHED).',
  415: 'The body is not application/json.',
  422: 'Invalid input (errors lists each field path), or a business rule refused it (errors lists each code: VALIDATION_FAILED, unknown references, PERIOD_CLOSED, EXCHANGE_RATE_MISSING, CREDIT_LIMIT_EXCEEDED, ...).',
  499: 'The client went away.',
  500: 'Internal error.',
  501: 'The service does not implement this yet.',
  503: 'A service is unavailable.',
  504: 'A service did not answer in time.',
};

/** Milliseconds in an hour, to state the idempotency records' retention in hours. */
const HOUR_MS = 60 * 60 * 1_000;

const IDEMPOTENCY_DESCRIPTIONS: Record<NonNullable<Route['idempotency']>, string> = {
  'body-id': 'Accepted, not needed: the body\'s id is the idempotency key. The same id and body again answer the first result; the same id with another body 409.',
  'derived-id': `The new record's id is the UUID v5 of "{company}:{route}:{key}" (route e.g. "POST /v1/companies/{company}/invoices") under the namespace ${IDEMPOTENCY_NAMESPACE}, so the gateway stays stateless: a repeat with the same key and body reaches the same record and answers the first result; the same key with another body 409. Without the header the id is random and a retry creates another record.`,
  'request-id': 'Passed to the service as the request id: a repeat with the same key answers as the first request did (instead of 409 ALREADY_POSTED).',
  natural: `Optional: the operation is idempotent by itself, and with the header the service records "{company}:{route}:{key}" with the request and, once it changed something, its answer, for ${IDEMPOTENCY_RECORD_RETENTION_MS / HOUR_MS} hours. A repeat with the same key and request answers the first answer, even after the state changed since; the same key with another request (body or path) 409 with code IDEMPOTENCY_KEY_REUSED; a repeat while the first is still running 409 with code IDEMPOTENCY_KEY_IN_USE and Retry-After, to be retried. A refusal (404, 409, 422) or an error changed nothing and is not recorded: the key is free for a retry.`,
};

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
}

function operation(route: Route) {
  const parameters: unknown[] = [
    ...Object.entries(shapeOf(route.params)).map(([name, schema]) => ({ name, in: 'path', required: true, schema: jsonSchema(schema) })),
    ...Object.entries(shapeOf(route.query)).map(([name, schema]) => ({
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      schema: jsonSchema(schema),
      ...(name === 'wait'
        ? {
            description: `Wait up to ${POST_WAIT_MAX_MS / 1000} s for the posting outcome; not for a document posted in the background (more lines than the company's backgroundPostingLineThreshold, or a line on an income schedule), which answers 202 at once.`,
          }
        : {}),
    })),
  ];
  if (route.idempotency !== undefined) {
    parameters.push({
      name: IDEMPOTENCY_KEY_HEADER,
      in: 'header',
      required: false,
      description: IDEMPOTENCY_DESCRIPTIONS[route.idempotency],
      schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_LENGTH_MAX, pattern: '^[\\x21-\\x7e]+$' },
    });
  }
  const problems = new Set([401, 403, 422, 500, 501, 503, 504, ...route.problems]);
  if (route.body !== undefined) {
    problems.add(400);
    problems.add(415);
  }
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    if (response.contentType === undefined && response.schema === undefined) throw new Error(`route ${routeName(route)} answers JSON without a schema`);
    const content =
      response.contentType === undefined
        ? { 'application/json': { schema: ref(response.schema ?? '') } }
        : { [response.contentType]: { schema: { type: 'string', format: 'binary' } } };
    responses[status] = { description: response.description, content };
  }
  for (const status of [...problems].sort((a, b) => a - b)) {
    responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };
  }
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    'x-ledgerline-route': routeName(route),
    'x-ledgerline-access': route.allCompanies === true ? `${route.access}, all companies` : route.access,
    parameters,
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: !route.body.safeParse(undefined).success,
            content: { 'application/json': { schema: jsonSchema(route.body) } },
          },
        }),
    responses,
  };
}

export function buildOpenApiDocument(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    const methods = paths[route.path] as Record<string, unknown>;
    if (methods[route.method] !== undefined) throw new Error(`route ${routeName(route)} is defined twice`);
    methods[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ledgerline REST API',
      version: '1.0.0',
      description: [
        'Accounts-receivable posting for ERP integrations. Amounts, rates and quantities are decimal strings ("1234.50"; no numbers, no exponents); dates are YYYY-MM-DD; periods YYYY-MM. Errors are application/problem+json (RFC 9457); invalid input answers 422 with errors [{path, message}], a refusal by a service 404/409/422 with errors [{path, message, code}].',
        'Every request carries `Authorization: Bearer <key>`. A key acts for its companies only; roles: any key of a company may read, a clerk may create and request posting, a controller may also close and reopen periods and change settings; only a key for all companies may create companies.',
        `Idempotency: writes accept an Idempotency-Key header; the gateway keeps no state. Creates whose body carries the id (companies, customers, products) are idempotent by that id. Invoices and payments get an id derived from the key (UUID v5, see the header on those operations). Posting requests pass the key to the service as the request id. Writes idempotent by nature (settings, periods, batches, amendments) have the service record the key with the request and, once it changed something, its answer for ${IDEMPOTENCY_RECORD_RETENTION_MS / HOUR_MS} hours.`,
      ].join('\n\n'),
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer <key>`.' },
      },
      schemas: RESPONSE_SCHEMAS,
      responses: Object.fromEntries(
        Object.entries(PROBLEM_DESCRIPTIONS).map(([status, description]) => [
          `Problem${status}`,
          { description, content: { 'application/problem+json': { schema: ref('Problem') } } },
        ]),
      ),
    },
    paths,
  };
}

export const OPENAPI_DOCUMENT = buildOpenApiDocument(ROUTES);
