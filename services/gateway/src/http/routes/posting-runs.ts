import { createPostingRunRequest, createRecurringRunRequest, postingRunToJson, recurringRunToJson } from '../../api/posting-run-mapping.js';
import { createPostingRunBody, createRecurringRunBody, postingRunPath, postingRunQuery, recurringRunPath } from '../../api/posting-run-requests.js';
import { companyPath, emptyQuery } from '../../api/requests.js';
import { resultOrThrow } from '../rejections.js';
import { defineRoute, type Route } from '../route.js';

/**
 * How long creating a run may take: it selects and checks every document of the selection and
 * stores the report, which for 100,000 documents takes seconds, not the default deadline's one.
 */
export const POSTING_RUN_REPORT_DEADLINE_MS = 120_000;

const TAG = 'Posting runs';
const base = (company: string) => `/v1/companies/${encodeURIComponent(company)}`;

export const postingRunRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/posting-runs',
    operationId: 'createPostingRun',
    tag: TAG,
    summary: 'Select In Progress documents and produce the posting report; nothing is posted.',
    description:
      'The selection takes document types, customer range, number range (the draft number, which is the document id until posting), invoice-date and due-date ranges, or an explicit list. The report counts documents, postable and blocked ones, the customer items posting will create, totals per customer and currency and per account (home currency), and lists every blocked document with its codes (CUSTOMER_ITEM_REVIEW_REQUIRED, CASH_SALES_ONLY, SERIAL_NUMBERS_MISSING, CREDIT_LIMIT_EXCEEDED, PERIOD_CLOSED, EXCHANGE_RATE_MISSING, DISTRIBUTION_INVALID, ...). blockedDocuments lists every blocked document; ?documents=true adds every document. Idempotent by id.',
    access: 'controller',
    idempotency: 'body-id',
    params: companyPath,
    query: postingRunQuery,
    body: createPostingRunBody,
    responses: { 201: { description: 'The run with its report.', schema: 'PostingRun' } },
    problems: [409],
    async handle({ params, query, body, clients }) {
      const response = await clients.posting.createPostingRun(createPostingRunRequest(params.company, body, query.documents), { deadlineMs: POSTING_RUN_REPORT_DEADLINE_MS });
      const run = resultOrThrow(response.result, 'CreatePostingRun');
      return { status: 201, body: postingRunToJson(run, query.documents), location: `${base(params.company)}/posting-runs/${encodeURIComponent(run.postingRunId)}` };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/posting-runs/{postingRunId}',
    operationId: 'getPostingRun',
    tag: TAG,
    summary: 'A posting run: its report and, once committed, its progress and the result of each document.',
    access: 'read',
    params: postingRunPath,
    query: postingRunQuery,
    responses: { 200: { description: 'The run.', schema: 'PostingRun' } },
    problems: [404],
    async handle({ params, query, clients }) {
      const { run } = await clients.posting.getPostingRun({ companyId: params.company, postingRunId: params.postingRunId, omitDocuments: !query.documents });
      if (run === undefined) throw new Error('posting answered GetPostingRun without a run');
      return { status: 200, body: postingRunToJson(run, query.documents) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/posting-runs/{postingRunId}/commit',
    operationId: 'commitPostingRun',
    tag: TAG,
    summary: 'Commit a reported run: every postable document is re-checked and posted in the background.',
    description:
      'Answers 202 with the run COMMITTING; follow it with GET. Documents blocked in the report, or blocked or posted elsewhere since, end FAILED with their reasons; a run with failures completes with completedWithErrors true ("not all transactions were posted"). Committing again resumes an interrupted commit and never posts a document twice.',
    access: 'controller',
    idempotency: 'natural',
    params: postingRunPath,
    query: emptyQuery,
    responses: { 202: { description: 'The run, committing.', schema: 'PostingRun' } },
    problems: [404, 409],
    async handle({ params, clients, writeOptions }) {
      const response = await clients.posting.commitPostingRun({ companyId: params.company, postingRunId: params.postingRunId }, writeOptions);
      return { status: 202, body: postingRunToJson(resultOrThrow(response.result, 'CommitPostingRun'), false) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/recurring-posting-runs',
    operationId: 'createRecurringPostingRun',
    tag: TAG,
    summary: 'Save a selection that runs on a schedule, its date ranges advanced by the increment each time.',
    description:
      'Occurrence n (0 = the first, due at firstRunAt) selects with every date range moved n increments (DAY, WEEK or MONTH; a month end stays a month end), creates its posting run and commits it. A document posted by one occurrence is no longer In Progress and is never selected again. Idempotent by id.',
    access: 'controller',
    idempotency: 'body-id',
    params: companyPath,
    query: emptyQuery,
    body: createRecurringRunBody,
    responses: { 201: { description: 'The recurring run.', schema: 'RecurringPostingRun' } },
    problems: [409],
    async handle({ params, body, clients }) {
      const response = await clients.posting.createRecurringPostingRun(createRecurringRunRequest(params.company, body));
      const recurring = resultOrThrow(response.result, 'CreateRecurringPostingRun');
      return { status: 201, body: recurringRunToJson(recurring), location: `${base(params.company)}/recurring-posting-runs/${encodeURIComponent(recurring.recurringRunId)}` };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/recurring-posting-runs/{recurringRunId}',
    operationId: 'getRecurringPostingRun',
    tag: TAG,
    summary: 'A recurring posting run: its schedule, occurrences so far and their posting runs.',
    access: 'read',
    params: recurringRunPath,
    query: emptyQuery,
    responses: { 200: { description: 'The recurring run.', schema: 'RecurringPostingRun' } },
    problems: [404],
    async handle({ params, clients }) {
      const { recurringRun } = await clients.posting.getRecurringPostingRun({ companyId: params.company, recurringRunId: params.recurringRunId });
      if (recurringRun === undefined) throw new Error('posting answered GetRecurringPostingRun without a recurring run');
      return { status: 200, body: recurringRunToJson(recurringRun) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/recurring-posting-runs/{recurringRunId}/run',
    operationId: 'runRecurringPostingRun',
    tag: TAG,
    summary: 'Run the next occurrence now, on demand, and move the schedule on.',
    description:
      'Its posting run is created and committed in the background (follow it by id); 409 while another occurrence is running. Each call without an Idempotency-Key runs the next occurrence; send one so that a retry answers the first answer instead of running another.',
    access: 'controller',
    idempotency: 'natural',
    params: recurringRunPath,
    query: emptyQuery,
    responses: { 200: { description: 'The recurring run after the occurrence.', schema: 'RecurringPostingRun' } },
    problems: [404, 409],
    async handle({ params, clients, writeOptions }) {
      const response = await clients.posting.runRecurringPostingRun(
        { companyId: params.company, recurringRunId: params.recurringRunId },
        { ...writeOptions, deadlineMs: POSTING_RUN_REPORT_DEADLINE_MS },
      );
      return { status: 200, body: recurringRunToJson(resultOrThrow(response.result, 'RunRecurringPostingRun')) };
    },
  }),
];
