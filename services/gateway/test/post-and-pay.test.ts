import { customerV1, invoicingV1, ledgerV1 } from '@ledgerline/contracts';
import { serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import { status } from '@grpc/grpc-js';
import { testLogger } from '@ledgerline/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postAndPayPaymentIdFor } from '../src/api/idempotency.js';
import { loadGatewayConfig } from '../src/config.js';
import { startGateway, type RunningGateway } from '../src/service.js';

/**
 * Post and pay, background posting, amending and printing over REST, against one gRPC double of
 * the ledger, customer and invoicing services that records what reached them.
 */
const KEY = 'post-and-pay-key-0123456789';
const POST_WAIT_MAX_MS = 1_500;
const POST_POLL_INTERVAL_MS = 20;
/** Company "bg" posts documents of more than this many lines in the background. */
const THRESHOLD = 5;
/** The ledger cannot answer GetCompany for this company. */
const COMPANY_LEDGER_CANNOT_READ = 'ledger-down';
const { InvoiceStatus } = invoicingV1;

const calls: { method: string; request: Record<string, unknown> }[] = [];
const record = (method: string, request: object) => calls.push({ method, request: request as Record<string, unknown> });
const callsOf = (method: string) => calls.filter((entry) => entry.method === method).map((entry) => entry.request);
const queuedRefusal = (what: string) => ({
  $case: 'rejection' as const,
  value: { errors: [{ code: 'INVALID_STATE', message: `the document is queued for posting and cannot be ${what}`, fieldPath: '' }] },
});

/** Documents by id: the status and line count each answers with. */
const STATUS_OF: Record<string, invoicingV1.InvoiceStatus> = {
  draft: InvoiceStatus.INVOICE_STATUS_IN_PROGRESS,
  big: InvoiceStatus.INVOICE_STATUS_IN_PROGRESS,
  queued: InvoiceStatus.INVOICE_STATUS_READY_TO_POST,
  posted: InvoiceStatus.INVOICE_STATUS_COMPLETE,
  gone: InvoiceStatus.INVOICE_STATUS_DISCARDED,
};
const LINES_OF: Record<string, number> = { big: THRESHOLD + 1 };
/** Documents whose first line is on an income schedule. */
const SCHEDULED = new Set(['scheduled']);

function document(companyId: string, invoiceId: string, status = STATUS_OF[invoiceId] ?? InvoiceStatus.INVOICE_STATUS_IN_PROGRESS) {
  return invoicingV1.Invoice.fromPartial({
    invoiceId,
    companyId,
    type: 2,
    status,
    customerId: 'C-1',
    invoiceDate: '2026-11-02',
    currency: 'EUR',
    netAmount: '100.00',
    taxAmount: '20.00',
    totalAmount: '120.00',
    number: status === InvoiceStatus.INVOICE_STATUS_COMPLETE ? 'INV-000001' : '',
    lines: Array.from({ length: LINES_OF[invoiceId] ?? 1 }, (_, index) => ({
      lineNumber: index + 1,
      description: 'Consulting',
      quantity: '1',
      unitPrice: '100.00',
      taxCode: 'STD',
      netAmount: '100.00',
      incomeSchedule: SCHEDULED.has(invoiceId) && index === 0 ? { startDate: '2026-12-01', periods: 12 } : undefined,
    })),
    taxLines: [{ taxCode: 'STD', ratePercent: '20', baseAmount: '100.00', taxAmount: '20.00' }],
  });
}

let double: RunningGrpcServer;
let gateway: RunningGateway;

async function call(method: string, path: string, options: { body?: unknown; idempotencyKey?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${KEY}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(`http://127.0.0.1:${gateway.port}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const contentType = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    contentType,
    bytes,
    body: (contentType.includes('json') ? JSON.parse(Buffer.from(bytes).toString('utf8')) : {}) as Record<string, any>,
  };
}

beforeAll(async () => {
  double = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger: testLogger('post-and-pay-double'),
    services: [
      serviceRegistration<ledgerV1.LedgerServiceServer>('ledger.v1.LedgerService', ledgerV1.LedgerServiceService, {
        async getCompany(request) {
          record('getCompany', request);
          if (request.companyId === COMPANY_LEDGER_CANNOT_READ) throw Object.assign(new Error('the ledger is restarting'), { code: status.UNAVAILABLE });
          return {
            company: ledgerV1.Company.fromPartial({
              companyId: request.companyId,
              name: 'Acme Ltd',
              settings: { backgroundPostingLineThreshold: request.companyId === 'bg' ? THRESHOLD : 0 },
            }),
          };
        },
      }),
      serviceRegistration<customerV1.CustomerServiceServer>('customer.v1.CustomerService', customerV1.CustomerServiceService, {
        async getCustomer(request) {
          return { customer: customerV1.Customer.fromPartial({ customerId: request.customerId, name: 'Pumps AG', currency: 'EUR' }) };
        },
      }),
      serviceRegistration<invoicingV1.InvoicingServiceServer>('invoicing.v1.InvoicingService', invoicingV1.InvoicingServiceService, {
        async requestPosting(request) {
          record('requestPosting', request);
          if (request.invoiceId === 'queued') return { result: queuedRefusal('posted again until its posting finishes') };
          return { result: { $case: 'invoice', value: document(request.companyId, request.invoiceId, InvoiceStatus.INVOICE_STATUS_READY_TO_POST) } };
        },
        async getInvoice(request) {
          record('getInvoice', request);
          return { invoice: document(request.companyId, request.invoiceId) };
        },
        async amendInvoice(request) {
          record('amendInvoice', request);
          if (request.invoiceId === 'queued') return { result: queuedRefusal('amended') };
          return { result: { $case: 'invoice', value: { ...document(request.companyId, request.invoiceId), invoiceDate: request.invoiceDate, reference: request.reference } } };
        },
      }),
    ],
  });
  double.health.setServing(true);
  const address = `127.0.0.1:${double.port}`;
  gateway = await startGateway(
    loadGatewayConfig({
      GATEWAY_PORT: '0',
      LEDGERLINE_DEV_API_KEY: KEY,
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

describe('post and pay', () => {
  it('passes the payment to invoicing under an id derived from the Idempotency-Key and the document', async () => {
    const answer = await call('POST', '/v1/companies/acme/invoices/draft/post', {
      body: { payment: { amount: '120.00', paidDate: '2026-11-02', reference: 'till 1' } },
      idempotencyKey: 'pay-key-1',
    });
    expect(answer.status).toBe(202);
    expect(callsOf('requestPosting')[0]).toMatchObject({
      requestId: 'pay-key-1',
      payment: { paymentId: postAndPayPaymentIdFor('acme', 'draft', 'pay-key-1'), amount: '120.00', paidDate: '2026-11-02', reference: 'till 1' },
    });
  });

  it('refuses a payment that is not a positive amount before reaching any service', async () => {
    const answer = await call('POST', '/v1/companies/acme/invoices/draft/post', { body: { payment: { amount: '-1.00', paidDate: '2026-11-02' } } });
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((error: { path: string }) => error.path)).toEqual(['payment.amount']);
    expect(callsOf('requestPosting')).toEqual([]);
  });
});

describe('background posting', () => {
  it('does not wait for a document above the line threshold: 202 READY_TO_POST at once', async () => {
    const startedAt = Date.now();
    const answer = await call('POST', '/v1/companies/bg/invoices/big/post?wait=true');
    expect([answer.status, answer.body.status]).toEqual([202, 'READY_TO_POST']);
    expect(Date.now() - startedAt).toBeLessThan(POST_WAIT_MAX_MS);
    expect(callsOf('getInvoice')).toEqual([]);
  });

  it('does not wait for a document with a line on an income schedule, whatever the threshold, and reads no company for it', async () => {
    const startedAt = Date.now();
    const answer = await call('POST', '/v1/companies/acme/invoices/scheduled/post?wait=true');
    expect([answer.status, answer.body.status, answer.body.lines[0].incomeSchedule]).toEqual([202, 'READY_TO_POST', { startDate: '2026-12-01', periods: 12 }]);
    expect(Date.now() - startedAt).toBeLessThan(POST_WAIT_MAX_MS);
    expect([callsOf('getInvoice'), callsOf('getCompany')]).toEqual([[], []]);
  });

  it("answers 202 READY_TO_POST at once when the company's threshold cannot be read, since the document is queued", async () => {
    const answer = await call('POST', `/v1/companies/${COMPANY_LEDGER_CANNOT_READ}/invoices/draft/post?wait=true`);
    expect([answer.status, answer.body.status]).toEqual([202, 'READY_TO_POST']);
    expect(callsOf('requestPosting')).toHaveLength(1);
    expect(callsOf('getInvoice')).toEqual([]);
  });

  it('waits for a document at or below the threshold, and for any document without one', async () => {
    await call('POST', '/v1/companies/bg/invoices/draft/post?wait=true');
    await call('POST', '/v1/companies/acme/invoices/big/post?wait=true');
    expect(callsOf('getInvoice').map((request) => request.companyId)).toEqual(expect.arrayContaining(['bg', 'acme']));
  });

  it('answers a new posting request for a queued document 409 INVALID_STATE, saying it is queued', async () => {
    const answer = await call('POST', '/v1/companies/acme/invoices/queued/post', { idempotencyKey: 'another-key' });
    expect([answer.status, answer.contentType]).toEqual([409, 'application/problem+json; charset=utf-8']);
    expect(answer.body.errors[0]).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('queued for posting') });
  });
});

describe('amending', () => {
  it('replaces the date, reference and lines of a document', async () => {
    const lines = [{ description: 'Travel', quantity: '2', unitPrice: '10.00', account: '4000', taxCode: 'STD' }];
    const answer = await call('PATCH', '/v1/companies/acme/invoices/draft', { body: { invoiceDate: '2026-11-05', reference: 'PO 8', lines } });
    expect([answer.status, answer.body.invoiceDate, answer.body.reference]).toEqual([200, '2026-11-05', 'PO 8']);
    expect(callsOf('amendInvoice')[0]).toMatchObject({ invoiceId: 'draft', invoiceDate: '2026-11-05', reference: 'PO 8', lines: [{ description: 'Travel', quantity: '2', unitPrice: '10.00' }] });
  });

  it('answers amending a queued document 409 INVALID_STATE', async () => {
    const lines = [{ description: 'Travel', quantity: '2', unitPrice: '10.00', account: '4000', taxCode: 'STD' }];
    const answer = await call('PATCH', '/v1/companies/acme/invoices/queued', { body: { invoiceDate: '2026-11-05', lines } });
    expect(answer.status).toBe(409);
    expect(answer.body.errors[0].code).toBe('INVALID_STATE');
  });
});

describe('printing', () => {
  it('prints a draft and a posted document as PDF', async () => {
    for (const invoiceId of ['draft', 'posted']) {
      const answer = await call('GET', `/v1/companies/acme/invoices/${invoiceId}/pdf`);
      expect([answer.status, answer.contentType]).toEqual([200, 'application/pdf']);
      expect(Buffer.from(answer.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    }
  });

  it('refuses to print a queued or discarded document, 409 INVALID_STATE', async () => {
    const queued = await call('GET', '/v1/companies/acme/invoices/queued/pdf');
    expect([queued.status, queued.body.errors[0].code]).toEqual([409, 'INVALID_STATE']);
    expect(queued.body.detail).toContain('queued for posting');
    expect((await call('GET', '/v1/companies/acme/invoices/gone/pdf')).status).toBe(409);
  });

  it('documents the new operations in the OpenAPI document', async () => {
    const answer = await fetch(`http://127.0.0.1:${gateway.port}/v1/openapi.json`);
    const openapi = (await answer.json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(openapi.paths['/v1/companies/{company}/invoices/{invoiceId}']?.patch?.operationId).toBe('amendInvoice');
    expect(openapi.paths['/v1/companies/{company}/invoices/{invoiceId}/pdf']?.get?.operationId).toBe('printInvoice');
  });
});
