import { commonV1, customerV1, invoicingV1, ledgerV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import { testLogger } from '@ledgerline/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordIdFor } from '../src/api/idempotency.js';
import { loadGatewayConfig } from '../src/config.js';
import { startGateway, type RunningGateway } from '../src/service.js';

/**
 * The REST API of DESIGN section 11 against one real gRPC server that plays the ledger, customer
 * and invoicing services and records every request, so the tests can see what reached a
 * service (and that invalid requests reached none).
 */
const DEV_KEY = 'dev-key-0123456789abcdef';
const KEYS = {
  acmeClerk: 'acme-clerk-key-000000',
  acmeController: 'acme-controller-key-00',
  acmeReader: 'acme-reader-key-000000',
  globexClerk: 'globex-clerk-key-00000',
};
/** Short timings so ?wait=true is quick to test; the route's own constants are 10 s and 100 ms. */
const POST_WAIT_MAX_MS = 600;
const POST_POLL_INTERVAL_MS = 20;

interface Call {
  method: string;
  request: Record<string, unknown>;
}
const calls: Call[] = [];
const invoices = new Map<string, { invoice: invoicingV1.Invoice; content: string; pollsLeft: number; requestId: string }>();
const customers = new Map<string, string>();
const payments = new Map<string, string>();

const reject = (code: string, message: string, fieldPath = '') => ({
  $case: 'rejection' as const,
  value: { errors: [{ code, message, fieldPath }] },
});
const record = (method: string, request: object) => calls.push({ method, request: request as Record<string, unknown> });

function company(request: { companyId: string; name?: string; homeCurrency?: string }): ledgerV1.Company {
  return ledgerV1.Company.fromPartial({
    companyId: request.companyId,
    name: request.name ?? 'Acme',
    homeCurrency: request.homeCurrency ?? 'EUR',
    reportingCurrency: 'USD',
    fiscalYearStart: '2026-01-01',
    settings: { defaultCreditTermsId: 'NET30', roundingAccount: '8900', receivableAccount: '1200' },
    taxCodes: [{ code: 'STD', name: 'Standard', ratePercent: '20', payableAccount: '2200' }],
    creditTerms: [
      { creditTermsId: 'NET30', name: 'Net 30', netDays: 30 },
      { creditTermsId: '2/10NET30', name: '2 % 10 days', netDays: 30, discountPercent: '2', discountDays: 10 },
    ],
    periods: [{ period: '2026-01', startDate: '2026-01-01', endDate: '2026-01-31', closed: false }],
  });
}

let double: RunningGrpcServer;
let gateway: RunningGateway;

async function call(method: string, path: string, options: { key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
  const key = options.key === undefined ? DEV_KEY : options.key;
  const headers: Record<string, string> = { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...options.headers };
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`http://127.0.0.1:${gateway.port}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    location: response.headers.get('location'),
    body: (text === '' ? {} : JSON.parse(text)) as Record<string, any>,
  };
}

beforeAll(async () => {
  double = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger: testLogger('services-double'),
    services: [
      serviceRegistration<ledgerV1.LedgerServiceServer>('ledger.v1.LedgerService', ledgerV1.LedgerServiceService, {
        async createCompany(request) {
          record('createCompany', request);
          if (request.companyId === 'taken') return { result: reject('CONFLICT', 'company taken exists with other content') };
          return { result: { $case: 'company', value: company(request) } };
        },
        async getCompany(request) {
          record('getCompany', request);
          if (request.companyId !== 'acme') throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `company ${request.companyId} not found`);
          return { company: company(request) };
        },
        async updateCompanySettings(request) {
          record('updateCompanySettings', request);
          if (request.defaultCreditTermsId === 'NOPE') return { result: reject('NOT_FOUND', 'no credit terms NOPE', 'defaultCreditTermsId') };
          return { result: { $case: 'company', value: company(request) } };
        },
        async closePeriod(request) {
          record('closePeriod', request);
          if (request.period === '2031-01') return { result: reject('NOT_FOUND', 'no period 2031-01') };
          return { result: { $case: 'period', value: { period: request.period, startDate: `${request.period}-01`, endDate: `${request.period}-31`, closed: true } } };
        },
        async reopenPeriod(request) {
          record('reopenPeriod', request);
          return { result: { $case: 'period', value: { period: request.period, startDate: `${request.period}-01`, endDate: `${request.period}-31`, closed: false } } };
        },
        async setExchangeRate(request) {
          record('setExchangeRate', request);
          return { result: { $case: 'rate', value: request.rate as ledgerV1.ExchangeRate } };
        },
        async getEntriesBySource(request) {
          record('getEntriesBySource', request);
          if (request.sourceId !== 'inv-posted') return { entries: [] };
          return {
            entries: [
              ledgerV1.JournalEntry.fromPartial({
                entryId: 'e-1',
                companyId: request.companyId,
                transactionNumber: '7',
                journal: ledgerV1.JournalType.JOURNAL_TYPE_AR_DISTRIBUTION,
                date: '2026-01-15',
                period: '2026-01',
                sourceId: request.sourceId,
                sourceType: ledgerV1.SourceType.SOURCE_TYPE_INVOICE,
                currency: 'EUR',
                documentNumber: 'INV-000001',
                lines: [
                  { lineNumber: 1, account: '1200', currency: 'EUR', amount: '120.00', homeAmount: '120.00', reportingAmount: '130.00', customerId: 'C-1' },
                  { lineNumber: 2, account: '4000', currency: 'EUR', amount: '-100.00', homeAmount: '-100.00', reportingAmount: '-108.33' },
                  { lineNumber: 3, account: '2200', currency: 'EUR', amount: '-20.00', homeAmount: '-20.00', reportingAmount: '-21.67', correction: true },
                ],
              }),
            ],
          };
        },
        async getTrialBalance(request) {
          record('getTrialBalance', request);
          return {
            homeCurrency: 'EUR',
            reportingCurrency: 'USD',
            accounts: [
              { account: '1200', name: 'A/R', homeBalance: '120.00', reportingBalance: '130.00', homePeriodMovement: '120.00', reportingPeriodMovement: '130.00' },
              { account: '4000', name: 'Sales', homeBalance: '-120.00', reportingBalance: '-130.00', homePeriodMovement: '-120.00', reportingPeriodMovement: '-130.00' },
            ],
          };
        },
      }),
      serviceRegistration<customerV1.CustomerServiceServer>('customer.v1.CustomerService', customerV1.CustomerServiceService, {
        async createCustomer(request) {
          record('createCustomer', request);
          if (request.creditTermsId === 'NOPE') return { result: reject('NOT_FOUND', 'credit terms NOPE not found', 'creditTermsId') };
          const content = JSON.stringify({ ...request, customerId: undefined });
          const first = customers.get(request.customerId);
          if (first !== undefined && first !== content) return { result: reject('CONFLICT', `customer ${request.customerId} exists with other content`) };
          customers.set(request.customerId, content);
          return { result: { $case: 'customer', value: customerV1.Customer.fromPartial({ ...request, postedBalance: '0.00', salesYtd: '0.00', salesPtd: '0.00', unappliedAmount: '0.00' }) } };
        },
        async getCustomer(request) {
          record('getCustomer', request);
          if (request.customerId !== 'C-1') throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `customer ${request.customerId} not found`);
          return { customer: customerV1.Customer.fromPartial({ customerId: 'C-1', companyId: request.companyId, name: 'Buyer', currency: 'EUR', postedBalance: '120.00', salesYtd: '100.00', salesPtd: '100.00', lastInvoiceDate: '2026-01-15', paymentTerms: customerV1.PaymentTerms.PAYMENT_TERMS_STANDARD }) };
        },
        async listOpenItems(request) {
          record('listOpenItems', request);
          return {
            items: [
              customerV1.OpenItem.fromPartial({
                documentId: 'inv-posted',
                documentNumber: 'INV-000001',
                documentType: commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT,
                documentDate: '2026-01-15',
                currency: 'EUR',
                amount: '120.00',
                remaining: '120.00',
                dueDate: '2026-02-14',
                discountDate: '2026-01-25',
                discountAmount: '2.40',
                homeCurrency: 'EUR',
                homeDiscountAmount: '2.40',
              }),
            ],
            page: { nextCursor: '' },
          };
        },
        async recordPayment(request) {
          record('recordPayment', request);
          const content = JSON.stringify({ ...request, paymentId: undefined });
          const first = payments.get(request.paymentId);
          if (first !== undefined && first !== content) return { result: reject('CONFLICT', `payment ${request.paymentId} exists with other content`) };
          payments.set(request.paymentId, content);
          return { result: { $case: 'payment', value: customerV1.Payment.fromPartial({ ...request, currency: 'EUR', unappliedAmount: request.amount }) } };
        },
      }),
      serviceRegistration<invoicingV1.InvoicingServiceServer>('invoicing.v1.InvoicingService', invoicingV1.InvoicingServiceService, {
        async createProduct(request) {
          record('createProduct', request);
          return { result: { $case: 'product', value: request.product as invoicingV1.Product } };
        },
        async createInvoice(request) {
          record('createInvoice', request);
          if (request.customerId === 'ghost') return { result: reject('NOT_FOUND', 'customer ghost not found', 'customerId') };
          if (request.invoiceDate === '2025-12-31') return { result: reject('PERIOD_CLOSED', 'period 2025-12 is closed', 'invoiceDate') };
          const content = JSON.stringify({ ...request, invoiceId: undefined });
          const first = invoices.get(request.invoiceId);
          if (first !== undefined) {
            if (first.content !== content) return { result: reject('CONFLICT', `invoice ${request.invoiceId} exists with other content`) };
            return { result: { $case: 'invoice', value: first.invoice } };
          }
          const invoice = invoicingV1.Invoice.fromPartial({
            invoiceId: request.invoiceId,
            companyId: request.companyId,
            type: request.type,
            status: invoicingV1.InvoiceStatus.INVOICE_STATUS_IN_PROGRESS,
            customerId: request.customerId,
            draftNumber: 'D-000001',
            reference: request.reference,
            invoiceDate: request.invoiceDate,
            dueDate: '2026-02-14',
            currency: 'EUR',
            lines: request.lines.map((line, index) => ({ ...line, lineNumber: index + 1, netAmount: '100.00', taxAmount: '20.00' })),
            taxLines: [{ taxCode: 'STD', ratePercent: '20', baseAmount: '100.00', taxAmount: '20.00' }],
            netAmount: '100.00',
            taxAmount: '20.00',
            totalAmount: '120.00',
          });
          invoices.set(request.invoiceId, { invoice, content, pollsLeft: 0, requestId: '' });
          return { result: { $case: 'invoice', value: invoice } };
        },
        async getInvoice(request) {
          record('getInvoice', request);
          const stored = invoices.get(request.invoiceId);
          if (stored === undefined) throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `invoice ${request.invoiceId} not found`);
          const { invoice } = stored;
          if (invoice.status === invoicingV1.InvoiceStatus.INVOICE_STATUS_READY_TO_POST && stored.pollsLeft !== Infinity && --stored.pollsLeft <= 0) {
            if (invoice.customerId === 'C-failing') {
              invoice.status = invoicingV1.InvoiceStatus.INVOICE_STATUS_IN_PROGRESS;
              invoice.errors = [{ code: 'CREDIT_LIMIT_EXCEEDED', message: 'credit limit 100.00 exceeded', fieldPath: '' }];
            } else {
              invoice.status = invoicingV1.InvoiceStatus.INVOICE_STATUS_COMPLETE;
              invoice.number = 'INV-000001';
              invoice.transactionNumber = '7';
            }
          }
          return { invoice };
        },
        async listInvoices(request) {
          record('listInvoices', request);
          const all = [...invoices.values()].map((stored) => stored.invoice);
          return { invoices: all.slice(0, 1), page: { nextCursor: request.page?.cursor === '' ? 'next-page' : '' } };
        },
        async requestPosting(request) {
          record('requestPosting', request);
          const stored = invoices.get(request.invoiceId);
          if (stored === undefined) return { result: reject('NOT_FOUND', `invoice ${request.invoiceId} not found`) };
          const status = stored.invoice.status;
          if (status === invoicingV1.InvoiceStatus.INVOICE_STATUS_COMPLETE && (request.requestId === '' || request.requestId !== stored.requestId)) {
            return { result: reject('ALREADY_POSTED', `invoice ${request.invoiceId} is posted`) };
          }
          if (status === invoicingV1.InvoiceStatus.INVOICE_STATUS_IN_PROGRESS) {
            stored.invoice.status = invoicingV1.InvoiceStatus.INVOICE_STATUS_READY_TO_POST;
            stored.invoice.errors = [];
            stored.requestId = request.requestId;
            stored.pollsLeft = stored.invoice.reference === 'never' ? Infinity : 3;
          }
          return { result: { $case: 'invoice', value: stored.invoice } };
        },
        async discardInvoice(request) {
          record('discardInvoice', request);
          const stored = invoices.get(request.invoiceId);
          if (stored === undefined) return { result: reject('NOT_FOUND', `invoice ${request.invoiceId} not found`) };
          if (stored.invoice.status !== invoicingV1.InvoiceStatus.INVOICE_STATUS_IN_PROGRESS) {
            return { result: reject('INVALID_STATE', 'only In Progress documents can be discarded') };
          }
          stored.invoice.status = invoicingV1.InvoiceStatus.INVOICE_STATUS_DISCARDED;
          return { result: { $case: 'invoice', value: stored.invoice } };
        },
      }),
    ],
  });
  const address = `127.0.0.1:${double.port}`;
  gateway = await startGateway(
    loadGatewayConfig({
      GATEWAY_PORT: '0',
      LEDGERLINE_DEV_API_KEY: DEV_KEY,
      LEDGERLINE_API_KEYS: JSON.stringify([
        { name: 'acme clerk', key: KEYS.acmeClerk, companies: ['acme'], roles: ['clerk'] },
        { name: 'acme controller', key: KEYS.acmeController, companies: ['acme'], roles: ['controller'] },
        { name: 'acme reader', key: KEYS.acmeReader, companies: ['acme'], roles: [] },
        { name: 'globex clerk', key: KEYS.globexClerk, companies: ['globex'], roles: ['clerk'] },
      ]),
      LEDGER_GRPC_ADDRESS: address,
      CUSTOMER_GRPC_ADDRESS: address,
      INVOICING_GRPC_ADDRESS: address,
      GRPC_DEADLINE_MS: '2000',
    }),
    testLogger('gateway'),
    { postWaitMaxMs: POST_WAIT_MAX_MS, postPollIntervalMs: POST_POLL_INTERVAL_MS },
  );
});

afterAll(async () => {
  await gateway?.stop();
  await double?.shutdown(100);
});

beforeEach(() => {
  calls.length = 0;
});

const callsOf = (method: string) => calls.filter((entry) => entry.method === method).map((entry) => entry.request);

const LINE = { description: 'Consulting', quantity: '1', unitPrice: '100.00', account: '4100', taxCode: 'STD' };
const INVOICE = { type: 'FREE_TEXT', customerId: 'C-1', invoiceDate: '2026-01-15', lines: [LINE] };

async function createInvoice(body: object = INVOICE, key?: string) {
  return call('POST', '/v1/companies/acme/invoices', { body, headers: key === undefined ? {} : { 'idempotency-key': key } });
}

describe('companies', () => {
  const body = { id: 'acme', name: 'Acme', homeCurrency: 'EUR', reportingCurrency: 'USD', fiscalYearStart: '2026-01-01', template: 'standard' };

  it('creates a company with a key for all companies: 201 with settings, tax codes, credit terms, periods', async () => {
    const { status, body: answer, location } = await call('POST', '/v1/companies', { body });
    expect(status).toBe(201);
    expect(location).toBe('/v1/companies/acme');
    expect(answer).toMatchObject({
      id: 'acme',
      homeCurrency: 'EUR',
      settings: { defaultCreditTermsId: 'NET30', requireCustomerItemConfirmation: false },
      taxCodes: [{ code: 'STD', ratePercent: '20' }],
      creditTerms: [{ id: 'NET30', discountPercent: null }, { id: '2/10NET30', discountPercent: '2', discountDays: 10 }],
      periods: [{ period: '2026-01', closed: false }],
    });
    expect(callsOf('createCompany')).toEqual([
      { companyId: 'acme', name: 'Acme', homeCurrency: 'EUR', reportingCurrency: 'USD', fiscalYearStart: '2026-01-01', template: ledgerV1.CompanyTemplate.COMPANY_TEMPLATE_STANDARD },
    ]);
  });

  it('refuses company creation to a key of some companies only (403), before any service is called', async () => {
    const { status, contentType } = await call('POST', '/v1/companies', { body, key: KEYS.acmeController });
    expect(status).toBe(403);
    expect(contentType).toContain('application/problem+json');
    expect(calls).toEqual([]);
  });

  it('answers a reused company id with other content 409, listing the code', async () => {
    const { status, body: problem } = await call('POST', '/v1/companies', { body: { ...body, id: 'taken' } });
    expect(status).toBe(409);
    expect(problem.errors).toEqual([{ path: '', message: 'company taken exists with other content', code: 'CONFLICT' }]);
  });

  it('reads a company; 404 for an unknown one', async () => {
    expect((await call('GET', '/v1/companies/acme', { key: KEYS.acmeReader })).status).toBe(200);
    expect((await call('GET', '/v1/companies/nope')).status).toBe(404);
  });

  it('changes settings (controller): only the fields given reach the ledger', async () => {
    const { status } = await call('PATCH', '/v1/companies/acme/settings', { key: KEYS.acmeController, body: { requireCustomerItemConfirmation: true, backgroundPostingLineThreshold: 500 } });
    expect(status).toBe(200);
    expect(callsOf('updateCompanySettings')).toEqual([{ companyId: 'acme', requireCustomerItemConfirmation: true, backgroundPostingLineThreshold: 500 }]);
  });

  it('refuses settings and period closing to a clerk (403), allows them to a controller', async () => {
    expect((await call('PATCH', '/v1/companies/acme/settings', { key: KEYS.acmeClerk, body: { sequentialLineNumbers: true } })).status).toBe(403);
    const refused = await call('POST', '/v1/companies/acme/periods/2026-01/close', { key: KEYS.acmeClerk });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('controller');
    expect(calls).toEqual([]);
    const closed = await call('POST', '/v1/companies/acme/periods/2026-01/close', { key: KEYS.acmeController });
    expect(closed).toMatchObject({ status: 200, body: { period: '2026-01', closed: true } });
    const reopened = await call('POST', '/v1/companies/acme/periods/2026-01/reopen', { key: KEYS.acmeController });
    expect(reopened).toMatchObject({ status: 200, body: { period: '2026-01', closed: false } });
  });

  it('answers a period the ledger does not know 404, a malformed one 422', async () => {
    expect((await call('POST', '/v1/companies/acme/periods/2031-01/close')).status).toBe(404);
    const malformed = await call('POST', '/v1/companies/acme/periods/2026-13/close');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([{ path: 'period', message: 'expected a period YYYY-MM' }]);
    expect(callsOf('closePeriod')).toHaveLength(1);
  });

  it('maps an unknown reference in a settings change to 422 with its field', async () => {
    const { status, body: problem } = await call('PATCH', '/v1/companies/acme/settings', { body: { defaultCreditTermsId: 'NOPE' } });
    expect(status).toBe(422);
    expect(problem.errors).toEqual([{ path: 'defaultCreditTermsId', message: 'no credit terms NOPE', code: 'NOT_FOUND' }]);
  });

  it('sets an exchange rate', async () => {
    const { status, body: rate } = await call('POST', '/v1/companies/acme/exchange-rates', { body: { from: 'EUR', to: 'USD', date: '2026-01-01', rate: '1.0825' } });
    expect(status).toBe(200);
    expect(rate).toEqual({ from: 'EUR', to: 'USD', date: '2026-01-01', rate: '1.0825' });
    expect(callsOf('setExchangeRate')).toEqual([{ companyId: 'acme', rate: { fromCurrency: 'EUR', toCurrency: 'USD', validFrom: '2026-01-01', rate: '1.0825' } }]);
  });
});

describe('company scoping and keys', () => {
  it('answers 403 to a key of another company, before any service is called', async () => {
    for (const [method, path] of [
      ['GET', '/v1/companies/acme'],
      ['GET', '/v1/companies/acme/invoices/inv-1'],
      ['POST', '/v1/companies/acme/invoices'],
      ['GET', '/v1/companies/acme/ledger/trial-balance?period=2026-01'],
    ] as const) {
      const { status, contentType } = await call(method, path, { key: KEYS.globexClerk, body: method === 'POST' ? INVOICE : undefined });
      expect(status, `${method} ${path}`).toBe(403);
      expect(contentType).toContain('application/problem+json');
    }
    expect(calls).toEqual([]);
  });

  it('lets a key without roles read but not write', async () => {
    expect((await call('GET', '/v1/companies/acme/customers/C-1', { key: KEYS.acmeReader })).status).toBe(200);
    expect((await createInvoice(INVOICE, undefined).then(() => call('POST', '/v1/companies/acme/invoices', { key: KEYS.acmeReader, body: INVOICE }))).status).toBe(403);
  });
});

describe('validation at the edge: 400/415/422 with field paths, nothing reaches a service', () => {
  const cases: Array<[string, string, string, unknown, Array<{ path: string }>]> = [
    ['invoice: quantity as a number', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, lines: [LINE, LINE, { ...LINE, quantity: 2 }] }, [{ path: 'lines[2].quantity' }]],
    ['invoice: exponent notation', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, lines: [{ ...LINE, unitPrice: '1e2' }] }, [{ path: 'lines[0].unitPrice' }]],
    ['invoice: too many decimals', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, lines: [{ ...LINE, unitPrice: '1.00001' }] }, [{ path: 'lines[0].unitPrice' }]],
    ['invoice: date that does not exist', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, invoiceDate: '2026-02-30' }, [{ path: 'invoiceDate' }]],
    ['invoice: unknown currency', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, currency: 'XYZ' }, [{ path: 'currency' }]],
    ['invoice: unknown type', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, type: 'PRO_FORMA' }, [{ path: 'type' }]],
    ['invoice: missing customer', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, customerId: undefined }, [{ path: 'customerId' }]],
    ['invoice: too many lines', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, lines: Array.from({ length: 10_001 }, () => LINE) }, [{ path: 'lines' }]],
    ['invoice: distribution not adding up to 100 %', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, lines: [{ ...LINE, account: '', distribution: [{ account: '4000', percent: '50' }, { account: '4100', percent: '49' }] }] }, [{ path: 'lines[0].distribution' }]],
    ['invoice: negative quantity', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, lines: [{ ...LINE, quantity: '-1' }] }, [{ path: 'lines[0].quantity' }]],
    ['invoice: decimal comma', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, lines: [{ ...LINE, unitPrice: '1,00' }] }, [{ path: 'lines[0].unitPrice' }]],
    ['invoice: unknown field', 'POST', '/v1/companies/acme/invoices', { ...INVOICE, custmerId: 'C-1' }, [{ path: 'custmerId' }]],
    ['company: reporting currency', 'POST', '/v1/companies', { id: 'x', name: 'X', homeCurrency: 'EUR', reportingCurrency: 'eur', fiscalYearStart: '2026-01-01', template: 'standard' }, [{ path: 'reportingCurrency' }]],
    ['settings: nothing to change', 'PATCH', '/v1/companies/acme/settings', {}, [{ path: '' }]],
    ['exchange rate: number', 'POST', '/v1/companies/acme/exchange-rates', { from: 'EUR', to: 'USD', date: '2026-01-01', rate: 1.08 }, [{ path: 'rate' }]],
    ['customer: payment terms', 'POST', '/v1/companies/acme/customers', { id: 'C-9', name: 'N', currency: 'EUR', paymentTerms: 'LATER' }, [{ path: 'paymentTerms' }]],
    ['payment: negative amount', 'POST', '/v1/companies/acme/payments', { customerId: 'C-1', amount: '-5.00', paidDate: '2026-01-20' }, [{ path: 'amount' }]],
    ['product: serialized as text', 'POST', '/v1/companies/acme/products', { id: 'P-1', name: 'Pump', revenueAccount: '4000', serialized: 'yes' }, [{ path: 'serialized' }]],
    ['post: unknown credit check mode', 'POST', '/v1/companies/acme/invoices/inv-x/post', { creditCheckMode: 'SOMETIMES' }, [{ path: 'creditCheckMode' }]],
  ];

  it.each(cases)('%s', async (_name, method, path, body, errors) => {
    const { status, contentType, body: problem } = await call(method, path, { body });
    expect(status).toBe(422);
    expect(contentType).toContain('application/problem+json');
    expect(problem.errors).toEqual(errors.map((error) => ({ ...error, message: expect.any(String) })));
    expect(calls).toEqual([]);
  });

  it.each([
    ['/v1/companies/acme/invoices?status=POSTED', 'status[0]'],
    ['/v1/companies/acme/invoices?limit=0', 'limit'],
    ['/v1/companies/acme/invoices?invoiceDateFrom=2026-02-30', 'invoiceDateFrom'],
    ['/v1/companies/acme/invoices?colour=red', 'colour'],
    ['/v1/companies/acme/ledger/entries', 'sourceId'],
    ['/v1/companies/acme/ledger/trial-balance?period=2026-1', 'period'],
    ['/v1/companies/acme/customers/C-1/open-items?limit=abc', 'limit'],
  ])('query %s answers 422 at %s', async (path, field) => {
    const { status, body: problem } = await call('GET', path);
    expect(status).toBe(422);
    expect(problem.errors.map((error: { path: string }) => error.path)).toEqual([field]);
    expect(calls).toEqual([]);
  });

  it('answers malformed JSON 400, a body of another type 415, a missing body 422', async () => {
    expect((await call('POST', '/v1/companies/acme/invoices', { rawBody: '{"type":' })).status).toBe(400);
    expect((await call('POST', '/v1/companies/acme/invoices', { rawBody: 'type=FREE_TEXT', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    const missing = await call('POST', '/v1/companies/acme/invoices');
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ path: '', message: 'a JSON body is required' }]);
    expect(calls).toEqual([]);
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const { status, body: problem } = await call('POST', '/v1/companies/acme/invoices', { body: INVOICE, headers: { 'idempotency-key': 'x'.repeat(256) } });
    expect(status).toBe(422);
    expect(problem.errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    expect(calls).toEqual([]);
  });
});

describe('customers, payments, products', () => {
  it('creates a customer: 201, the body id is the service idempotency key', async () => {
    const body = { id: 'C-2', name: 'Buyer Two', currency: 'EUR', paymentTerms: 'CASH_SALES_ONLY', creditLimit: '5000.00', batchCutoffDay: 31 };
    const first = await call('POST', '/v1/companies/acme/customers', { body, key: KEYS.acmeClerk });
    expect(first.status).toBe(201);
    expect(first.location).toBe('/v1/companies/acme/customers/C-2');
    expect(first.body).toMatchObject({ id: 'C-2', paymentTerms: 'CASH_SALES_ONLY', creditLimit: '5000.00', batchCutoffDay: 31, creditTermsId: null });
    expect(callsOf('createCustomer')[0]).toMatchObject({ companyId: 'acme', customerId: 'C-2', paymentTerms: customerV1.PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY, creditLimit: '5000.00' });
    expect((await call('POST', '/v1/companies/acme/customers', { body })).status).toBe(201);
    const conflict = await call('POST', '/v1/companies/acme/customers', { body: { ...body, name: 'Someone else' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors[0].code).toBe('CONFLICT');
  });

  it('maps an unknown credit terms id to 422 at its field', async () => {
    const { status, body: problem } = await call('POST', '/v1/companies/acme/customers', { body: { id: 'C-3', name: 'N', currency: 'EUR', paymentTerms: 'STANDARD', creditTermsId: 'NOPE' } });
    expect(status).toBe(422);
    expect(problem.errors).toEqual([{ path: 'creditTermsId', message: 'credit terms NOPE not found', code: 'NOT_FOUND' }]);
  });

  it('reads a customer and its open items', async () => {
    const customer = await call('GET', '/v1/companies/acme/customers/C-1?asOf=2026-01-31');
    expect(customer.body).toMatchObject({ id: 'C-1', postedBalance: '120.00', salesYtd: '100.00', salesPtd: '100.00', lastInvoiceDate: '2026-01-15' });
    expect(callsOf('getCustomer')).toEqual([{ companyId: 'acme', customerId: 'C-1', asOf: '2026-01-31', masterDataOnly: false }]);
    const openItems = await call('GET', '/v1/companies/acme/customers/C-1/open-items');
    expect(openItems.body).toEqual({
      items: [
        {
          documentId: 'inv-posted',
          documentNumber: 'INV-000001',
          documentType: 'FREE_TEXT',
          documentDate: '2026-01-15',
          currency: 'EUR',
          amount: '120.00',
          remaining: '120.00',
          dueDate: '2026-02-14',
          discountDate: '2026-01-25',
          discountAmount: '2.40',
          homeCurrency: 'EUR',
          homeDiscountAmount: '2.40',
        },
      ],
      nextCursor: null,
    });
    expect((await call('GET', '/v1/companies/acme/customers/C-404')).status).toBe(404);
  });

  it('records a payment under the id derived from the Idempotency-Key; a repeat reaches the same id', async () => {
    const body = { customerId: 'C-1', amount: '50.00', paidDate: '2026-01-20', reference: 'BANK-1' };
    const expectedId = recordIdFor('acme', 'POST /v1/companies/{company}/payments', 'pay-key-1');
    const first = await call('POST', '/v1/companies/acme/payments', { body, headers: { 'idempotency-key': 'pay-key-1' } });
    const repeat = await call('POST', '/v1/companies/acme/payments', { body, headers: { 'idempotency-key': 'pay-key-1' } });
    expect(first.status).toBe(201);
    expect(repeat).toMatchObject({ status: 201, body: first.body });
    expect(first.body.id).toBe(expectedId);
    expect(callsOf('recordPayment').map((request) => request.paymentId)).toEqual([expectedId, expectedId]);
    const other = await call('POST', '/v1/companies/acme/payments', { body: { ...body, amount: '60.00' }, headers: { 'idempotency-key': 'pay-key-1' } });
    expect(other.status).toBe(409);
  });

  it('creates a product', async () => {
    const { status, body } = await call('POST', '/v1/companies/acme/products', { body: { id: 'P-1', name: 'Pump', revenueAccount: '4000', serialized: true, createsCustomerItem: true } });
    expect(status).toBe(201);
    expect(body).toEqual({ id: 'P-1', name: 'Pump', revenueAccount: '4000', serialized: true, createsCustomerItem: true });
    expect(callsOf('createProduct')).toEqual([{ companyId: 'acme', product: { productId: 'P-1', name: 'Pump', revenueAccount: '4000', serialized: true, createsCustomerItem: true } }]);
  });
});

describe('invoices', () => {
  it('creates an invoice: 201 IN_PROGRESS with totals, due date, lines and tax lines', async () => {
    const { status, body, location } = await createInvoice(INVOICE, 'inv-key-create');
    expect(status).toBe(201);
    expect(location).toBe(`/v1/companies/acme/invoices/${body.id}`);
    expect(body).toMatchObject({
      status: 'IN_PROGRESS',
      type: 'FREE_TEXT',
      netAmount: '100.00',
      taxAmount: '20.00',
      totalAmount: '120.00',
      dueDate: '2026-02-14',
      number: null,
      transactionNumber: null,
      errors: [],
      lines: [{ lineNumber: 1, quantity: '1', unitPrice: '100.00', account: '4100', taxCode: 'STD', netAmount: '100.00' }],
      taxLines: [{ taxCode: 'STD', ratePercent: '20', baseAmount: '100.00', taxAmount: '20.00' }],
    });
    expect(callsOf('createInvoice')[0]).toMatchObject({
      companyId: 'acme',
      type: commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT,
      lines: [{ description: 'Consulting', quantity: '1', unitPrice: '100.00', account: '4100', taxCode: 'STD', productId: '', distribution: [], serialNumbers: [] }],
    });
  });

  it('derives the invoice id from the Idempotency-Key: same key, same id and document; other key, other id', async () => {
    const first = await createInvoice(INVOICE, 'inv-key-1');
    const repeat = await createInvoice(INVOICE, 'inv-key-1');
    const other = await createInvoice(INVOICE, 'inv-key-2');
    expect(first.body.id).toBe(recordIdFor('acme', 'POST /v1/companies/{company}/invoices', 'inv-key-1'));
    expect(repeat.body).toEqual(first.body);
    expect(other.body.id).not.toBe(first.body.id);
    const ids = callsOf('createInvoice').map((request) => request.invoiceId);
    expect(ids).toEqual([first.body.id, first.body.id, other.body.id]);
  });

  it('answers the same key with another body 409', async () => {
    await createInvoice(INVOICE, 'inv-key-3');
    const { status, body } = await createInvoice({ ...INVOICE, invoiceDate: '2026-01-16' }, 'inv-key-3');
    expect(status).toBe(409);
    expect(body.errors[0].code).toBe('CONFLICT');
  });

  it('gives each request without a key a new random id', async () => {
    const first = await createInvoice();
    const second = await createInvoice();
    expect(first.body.id).not.toBe(second.body.id);
  });

  it('maps rejections: an unknown customer 422 at customerId, a closed period 422 with its code', async () => {
    const ghost = await createInvoice({ ...INVOICE, customerId: 'ghost' });
    expect(ghost.status).toBe(422);
    expect(ghost.body.errors).toEqual([{ path: 'customerId', message: 'customer ghost not found', code: 'NOT_FOUND' }]);
    const closed = await createInvoice({ ...INVOICE, invoiceDate: '2025-12-31' });
    expect(closed.status).toBe(422);
    expect(closed.body.errors).toEqual([{ path: 'invoiceDate', message: 'period 2025-12 is closed', code: 'PERIOD_CLOSED' }]);
  });

  it('lists invoices with filters and a cursor', async () => {
    await createInvoice();
    const { status, body } = await call('GET', '/v1/companies/acme/invoices?status=IN_PROGRESS,READY_TO_POST&type=FREE_TEXT&customerId=C-1&invoiceDateFrom=2026-01-01&invoiceDateTo=2026-01-31&dueDateTo=2026-03-01&limit=10');
    expect(status).toBe(200);
    expect(body.nextCursor).toBe('next-page');
    expect(body.items).toHaveLength(1);
    expect(body.items[0].lines).toBeUndefined();
    expect(callsOf('listInvoices')[0]).toEqual({
      companyId: 'acme',
      filter: {
        statuses: [invoicingV1.InvoiceStatus.INVOICE_STATUS_IN_PROGRESS, invoicingV1.InvoiceStatus.INVOICE_STATUS_READY_TO_POST],
        types: [commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT],
        customerId: 'C-1',
        invoiceDate: { from: '2026-01-01', to: '2026-01-31' },
        dueDate: { from: '', to: '2026-03-01' },
        invoiceIds: [],
      },
      page: { pageSize: 10, cursor: '' },
      omitLines: true,
    });
    await call('GET', '/v1/companies/acme/invoices?cursor=next-page&limit=1000');
    expect(callsOf('listInvoices')[1]?.page).toEqual({ pageSize: 500, cursor: 'next-page' });
  });

  it('discards an In Progress document; a second discard after posting is 409', async () => {
    const created = await createInvoice();
    const discarded = await call('POST', `/v1/companies/acme/invoices/${created.body.id}/discard`);
    expect(discarded).toMatchObject({ status: 200, body: { status: 'DISCARDED' } });
    const posted = await createInvoice();
    await call('POST', `/v1/companies/acme/invoices/${posted.body.id}/post`);
    const refused = await call('POST', `/v1/companies/acme/invoices/${posted.body.id}/discard`);
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].code).toBe('INVALID_STATE');
  });
});

describe('posting', () => {
  it('answers 202 with the document READY_TO_POST and passes the Idempotency-Key as request id', async () => {
    const created = await createInvoice();
    const { status, body } = await call('POST', `/v1/companies/acme/invoices/${created.body.id}/post`, { key: KEYS.acmeClerk, headers: { 'idempotency-key': 'post-key-1' } });
    expect(status).toBe(202);
    expect(body.status).toBe('READY_TO_POST');
    expect(callsOf('requestPosting')).toEqual([
      {
        companyId: 'acme',
        invoiceId: created.body.id,
        creditCheckMode: commonV1.CreditCheckMode.CREDIT_CHECK_MODE_UNSPECIFIED,
        creditCorrection: false,
        postingRunId: '',
        requestId: 'post-key-1',
      },
    ]);
  });

  it('passes posting options from an optional body', async () => {
    const created = await createInvoice();
    await call('POST', `/v1/companies/acme/invoices/${created.body.id}/post`, { body: { creditCheckMode: 'BALANCE', creditCorrection: true } });
    expect(callsOf('requestPosting')[0]).toMatchObject({ creditCheckMode: commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE, creditCorrection: true, requestId: '' });
  });

  it('?wait=true polls until the document is posted and answers 200 with number and transaction number', async () => {
    const created = await createInvoice();
    const { status, body } = await call('POST', `/v1/companies/acme/invoices/${created.body.id}/post?wait=true`, { headers: { 'idempotency-key': 'post-key-2' } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'COMPLETE', number: 'INV-000001', transactionNumber: 7, errors: [] });
    expect(callsOf('getInvoice').length).toBeGreaterThanOrEqual(3);
    // The same key again answers as the first request did; another key hits ALREADY_POSTED.
    expect((await call('POST', `/v1/companies/acme/invoices/${created.body.id}/post`, { headers: { 'idempotency-key': 'post-key-2' } })).status).toBe(200);
    const again = await call('POST', `/v1/companies/acme/invoices/${created.body.id}/post`, { headers: { 'idempotency-key': 'post-key-3' } });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].code).toBe('ALREADY_POSTED');
  });

  it('?wait=true answers 200 with the document back In Progress and its errors after a failed posting', async () => {
    const created = await createInvoice({ ...INVOICE, customerId: 'C-failing' });
    const { status, body } = await call('POST', `/v1/companies/acme/invoices/${created.body.id}/post?wait=true`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'IN_PROGRESS', errors: [{ code: 'CREDIT_LIMIT_EXCEEDED', message: 'credit limit 100.00 exceeded', path: null }] });
    const read = await call('GET', `/v1/companies/acme/invoices/${created.body.id}`);
    expect(read.body.errors).toEqual(body.errors);
  });

  it('?wait=true answers 202 with the document still READY_TO_POST when the wait runs out', async () => {
    const created = await createInvoice({ ...INVOICE, reference: 'never' });
    const startedAt = Date.now();
    const { status, body } = await call('POST', `/v1/companies/acme/invoices/${created.body.id}/post?wait=true`);
    const waited = Date.now() - startedAt;
    expect(status).toBe(202);
    expect(body.status).toBe('READY_TO_POST');
    expect(waited).toBeGreaterThanOrEqual(POST_WAIT_MAX_MS - 50);
    expect(waited).toBeLessThan(POST_WAIT_MAX_MS + 1_500);
  });

  it('answers posting an unknown document 404', async () => {
    const { status, body } = await call('POST', '/v1/companies/acme/invoices/unknown-doc/post');
    expect(status).toBe(404);
    expect(body.errors).toEqual([{ path: '', message: 'invoice unknown-doc not found', code: 'NOT_FOUND' }]);
  });
});

describe('ledger', () => {
  it('lists the entries of a source with signed amounts and correction flags', async () => {
    const { status, body } = await call('GET', '/v1/companies/acme/ledger/entries?sourceId=inv-posted');
    expect(status).toBe(200);
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({
      id: 'e-1',
      transactionNumber: 7,
      journal: 'AR_DISTRIBUTION',
      date: '2026-01-15',
      period: '2026-01',
      sourceId: 'inv-posted',
      documentNumber: 'INV-000001',
      lines: [
        { account: '1200', currency: 'EUR', amount: '120.00', homeAmount: '120.00', reportingAmount: '130.00', customerId: 'C-1', correction: false },
        { account: '4000', amount: '-100.00', customerId: null, correction: false },
        { account: '2200', amount: '-20.00', correction: true },
      ],
    });
    expect(callsOf('getEntriesBySource')).toEqual([{ companyId: 'acme', sourceId: 'inv-posted' }]);
  });

  it('answers the trial balance of a period', async () => {
    const { status, body } = await call('GET', '/v1/companies/acme/ledger/trial-balance?period=2026-01');
    expect(status).toBe(200);
    expect(body.accounts).toEqual([
      expect.objectContaining({ account: '1200', homeBalance: '120.00', reportingBalance: '130.00' }),
      expect.objectContaining({ account: '4000', homeBalance: '-120.00', reportingBalance: '-130.00' }),
    ]);
    expect(callsOf('getTrialBalance')).toEqual([{ companyId: 'acme', period: '2026-01' }]);
  });
});
