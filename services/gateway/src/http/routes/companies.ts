import {
  accountToJson,
  companyToJson,
  creditTermsToJson,
  createAccountRequest,
  createCompanyRequest,
  exchangeRateToJson,
  periodToJson,
  postingProfileToJson,
  setExchangeRateRequest,
  taxCodeToJson,
  updateSettingsRequest,
} from '../../api/mapping.js';
import {
  companyPath,
  createAccountBody,
  createCompanyBody,
  createCreditTermsBody,
  createTaxCodeBody,
  emptyQuery,
  exchangeRateBody,
  openFiscalYearBody,
  periodPath,
  postingProfileBody,
  postingProfilePath,
  updateSettingsBody,
} from '../../api/requests.js';
import { z } from '@ledgerline/config';
import { resultOrThrow } from '../rejections.js';
import { defineRoute, type Route } from '../route.js';

const TAG = 'Companies';

export const companyRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: '/v1/companies',
    operationId: 'createCompany',
    tag: TAG,
    summary: 'Create a company from a template.',
    description:
      'The standard template creates accounts 1000, 1200 (A/R control), 2200, 2500, 4000, 4100, 8900; twelve open monthly periods from fiscalYearStart; tax codes STD 20 %, RED 5 %, ZERO 0 %; credit terms NET30 and 2/10NET30; settings with their defaults. Only a key for all companies may create companies. Idempotent by id: the same body again answers the company, another body 409.',
    access: 'write',
    allCompanies: true,
    idempotency: 'body-id',
    params: z.strictObject({}),
    query: emptyQuery,
    body: createCompanyBody,
    responses: { 201: { description: 'The company with its settings, tax codes, credit terms and periods.', schema: 'Company' } },
    problems: [409],
    async handle({ body, clients }) {
      const response = await clients.ledger.createCompany(createCompanyRequest(body));
      const company = resultOrThrow(response.result, 'CreateCompany');
      return { status: 201, body: companyToJson(company), location: `/v1/companies/${encodeURIComponent(company.companyId)}` };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}',
    operationId: 'getCompany',
    tag: TAG,
    summary: 'One company with its settings, tax codes, credit terms, periods and posting profiles.',
    access: 'read',
    params: companyPath,
    query: emptyQuery,
    responses: { 200: { description: 'The company.', schema: 'Company' } },
    problems: [404],
    async handle({ params, clients }) {
      const { company } = await clients.ledger.getCompany({ companyId: params.company });
      if (company === undefined) throw new Error('ledger answered GetCompany without a company');
      return { status: 200, body: companyToJson(company) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/companies/{company}/settings',
    operationId: 'updateCompanySettings',
    tag: TAG,
    summary: 'Change some company settings (controller role).',
    description: 'Fields left out keep their value. Idempotent by nature.',
    access: 'controller',
    idempotency: 'natural',
    params: companyPath,
    query: emptyQuery,
    body: updateSettingsBody,
    responses: { 200: { description: 'The company after the change.', schema: 'Company' } },
    problems: [404, 409],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.ledger.updateCompanySettings(updateSettingsRequest(params.company, body), writeOptions);
      return { status: 200, body: companyToJson(resultOrThrow(response.result, 'UpdateCompanySettings')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/periods/{period}/close',
    operationId: 'closePeriod',
    tag: TAG,
    summary: 'Close a fiscal period (controller role); postings dated in it are then refused (PERIOD_CLOSED).',
    description: 'Closing a closed period changes nothing.',
    access: 'controller',
    idempotency: 'natural',
    params: periodPath,
    query: emptyQuery,
    responses: { 200: { description: 'The period.', schema: 'Period' } },
    problems: [404, 409],
    async handle({ params, clients, writeOptions }) {
      const response = await clients.ledger.closePeriod({ companyId: params.company, period: params.period }, writeOptions);
      return { status: 200, body: periodToJson(resultOrThrow(response.result, 'ClosePeriod')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/periods/{period}/reopen',
    operationId: 'reopenPeriod',
    tag: TAG,
    summary: 'Reopen a closed fiscal period (controller role).',
    description: 'Reopening an open period changes nothing.',
    access: 'controller',
    idempotency: 'natural',
    params: periodPath,
    query: emptyQuery,
    responses: { 200: { description: 'The period.', schema: 'Period' } },
    problems: [404, 409],
    async handle({ params, clients, writeOptions }) {
      const response = await clients.ledger.reopenPeriod({ companyId: params.company, period: params.period }, writeOptions);
      return { status: 200, body: periodToJson(resultOrThrow(response.result, 'ReopenPeriod')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/fiscal-years',
    operationId: 'openFiscalYear',
    tag: TAG,
    summary: "Open the company's next fiscal year: twelve open monthly periods from startDate (controller role).",
    description:
      'startDate must be the day after the last period ends, so years follow one another without a gap. Idempotent by startDate: a year that is open already is answered with its periods as they are.',
    access: 'controller',
    idempotency: 'natural',
    params: companyPath,
    query: emptyQuery,
    body: openFiscalYearBody,
    responses: { 201: { description: "The fiscal year's periods.", schema: 'FiscalYear' } },
    problems: [404],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.ledger.openFiscalYear({ companyId: params.company, startDate: body.startDate }, writeOptions);
      const year = resultOrThrow(response.result, 'OpenFiscalYear');
      return { status: 201, body: { startDate: year.startDate, periods: year.periods.map(periodToJson) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/exchange-rates',
    operationId: 'setExchangeRate',
    tag: TAG,
    summary: 'Set an exchange rate: 1 `from` = `rate` `to`, valid from `date` until the next rate.',
    description: 'Setting (from, to, date) again replaces the rate.',
    access: 'write',
    idempotency: 'natural',
    params: companyPath,
    query: emptyQuery,
    body: exchangeRateBody,
    responses: { 200: { description: 'The rate as stored.', schema: 'ExchangeRate' } },
    problems: [404],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.ledger.setExchangeRate(setExchangeRateRequest(params.company, body), writeOptions);
      return { status: 200, body: exchangeRateToJson(resultOrThrow(response.result, 'SetExchangeRate')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/accounts',
    operationId: 'createAccount',
    tag: TAG,
    summary: 'Add an account to the chart of accounts (controller role).',
    description:
      'A control account holds customer balances (A/R) and must be an ASSET account; a posting profile can then send a posting group to it. Idempotent by account number: the same body again answers the account, another body 409. Accounts are never changed or removed, since entries refer to them.',
    access: 'controller',
    idempotency: 'natural',
    params: companyPath,
    query: emptyQuery,
    body: createAccountBody,
    responses: { 201: { description: 'The account as stored.', schema: 'Account' } },
    problems: [404, 409],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.ledger.createAccount(createAccountRequest(params.company, body), writeOptions);
      const account = resultOrThrow(response.result, 'CreateAccount');
      return {
        status: 201,
        body: accountToJson(account),
        location: `/v1/companies/${encodeURIComponent(params.company)}/accounts/${encodeURIComponent(account.account)}`,
      };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/companies/{company}/posting-profiles/{postingGroup}',
    operationId: 'setPostingProfile',
    tag: TAG,
    summary: "Set the A/R control account a customer posting group posts to (controller role).",
    description:
      "Documents of customers in the group debit this account and their payments credit it; customers whose group has no profile use the company's receivableAccount. A group's account is set once: the same account again answers the profile, another one 409, since the group's balances and open items sit on it.",
    access: 'controller',
    idempotency: 'natural',
    params: postingProfilePath,
    query: emptyQuery,
    body: postingProfileBody,
    responses: { 200: { description: 'The posting profile as stored.', schema: 'PostingProfile' } },
    problems: [404, 409],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.ledger.setPostingProfile({
        companyId: params.company,
        profile: { postingGroup: params.postingGroup, receivableAccount: body.receivableAccount },
      }, writeOptions);
      return { status: 200, body: postingProfileToJson(resultOrThrow(response.result, 'SetPostingProfile')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/tax-codes',
    operationId: 'createTaxCode',
    tag: TAG,
    summary: 'Add a sales tax code (controller role).',
    description:
      'ratePercent is 0 to 100 with at most 4 decimals; payableAccount exists and is no control account. Idempotent by code: the same body again answers the code, another body 409. Tax codes never change, since documents refer to them.',
    access: 'controller',
    idempotency: 'natural',
    params: companyPath,
    query: emptyQuery,
    body: createTaxCodeBody,
    responses: { 201: { description: 'The tax code as stored.', schema: 'TaxCode' } },
    problems: [404, 409],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.ledger.createTaxCode({ companyId: params.company, taxCode: body }, writeOptions);
      return { status: 201, body: taxCodeToJson(resultOrThrow(response.result, 'CreateTaxCode')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/credit-terms',
    operationId: 'createCreditTerms',
    tag: TAG,
    summary: 'Add credit terms that customers may have (controller role).',
    description:
      'netDays up to 3650; a settlement discount is discountPercent (above 0, below 100) within discountDays (at most netDays), or none at all. Idempotent by id: the same body again answers the terms, another body 409. Terms never change, since documents refer to them.',
    access: 'controller',
    idempotency: 'natural',
    params: companyPath,
    query: emptyQuery,
    body: createCreditTermsBody,
    responses: { 201: { description: 'The credit terms as stored.', schema: 'CreditTerms' } },
    problems: [404, 409],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.ledger.createCreditTerms({
        companyId: params.company,
        creditTerms: {
          creditTermsId: body.id,
          name: body.name,
          netDays: body.netDays,
          discountPercent: body.discountPercent ?? '',
          discountDays: body.discountDays ?? 0,
        },
      }, writeOptions);
      return { status: 201, body: creditTermsToJson(resultOrThrow(response.result, 'CreateCreditTerms')) };
    },
  }),
];
