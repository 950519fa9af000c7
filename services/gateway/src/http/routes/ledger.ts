import { journalEntryToJson, trialBalanceToJson } from '../../api/mapping.js';
import { accountBalancePath, accountBalanceQuery, companyPath, ledgerEntriesQuery, trialBalanceQuery } from '../../api/requests.js';
import { defineRoute, type Route } from '../route.js';

export const ledgerRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/ledger/entries',
    operationId: 'listLedgerEntries',
    tag: 'Ledger',
    summary: 'Journal entries posted for one source document: its own, then the income-schedule entries of its deferred lines, by date.',
    description:
      'Amounts are signed: debit positive, credit negative. A line on an income schedule shows it (incomeSchedule); each entry that recognises part of such a line has journal and sourceType INCOME_SCHEDULE and names the document in originSourceId.',
    access: 'read',
    params: companyPath,
    query: ledgerEntriesQuery,
    responses: { 200: { description: 'The entries; empty when none.', schema: 'LedgerEntryList' } },
    problems: [],
    async handle({ params, query, clients }) {
      const response = await clients.ledger.getEntriesBySource({ companyId: params.company, sourceId: query.sourceId });
      return { status: 200, body: { entries: response.entries.map(journalEntryToJson) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/ledger/trial-balance',
    operationId: 'getTrialBalance',
    tag: 'Ledger',
    summary: 'Balance of every account with postings as of the end of a period.',
    description: 'Amounts are signed: debit positive, credit negative; the balances sum to zero.',
    access: 'read',
    params: companyPath,
    query: trialBalanceQuery,
    responses: { 200: { description: 'The trial balance.', schema: 'TrialBalance' } },
    problems: [404],
    async handle({ params, query, clients }) {
      const response = await clients.ledger.getTrialBalance({ companyId: params.company, period: query.period });
      return { status: 200, body: trialBalanceToJson(query.period, response) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/ledger/accounts/{account}/balance',
    operationId: 'getAccountBalance',
    tag: 'Ledger',
    summary: "One account's balance from the entries dated on or before asOf (every entry without it).",
    description:
      "Amounts are signed: debit positive, credit negative. With customerId, only that customer's lines: on an A/R control account, the customer's share of it.",
    access: 'read',
    params: accountBalancePath,
    query: accountBalanceQuery,
    responses: { 200: { description: 'The balance.', schema: 'AccountBalance' } },
    problems: [404],
    async handle({ params, query, clients }) {
      const response = await clients.ledger.getAccountBalance({
        companyId: params.company,
        account: params.account,
        asOf: query.asOf ?? '',
        customerId: query.customerId ?? '',
      });
      return {
        status: 200,
        body: {
          account: response.account,
          name: response.name,
          asOf: response.asOf === '' ? null : response.asOf,
          customerId: response.customerId === '' ? null : response.customerId,
          homeCurrency: response.homeCurrency,
          homeBalance: response.homeBalance,
          reportingCurrency: response.reportingCurrency,
          reportingBalance: response.reportingBalance,
        },
      };
    },
  }),
];
