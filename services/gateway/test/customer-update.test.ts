import { customerV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, IDEMPOTENCY_KEY_IN_USE, serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import { testLogger } from '@ledgerline/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../src/config.js';
import { startGateway, type RunningGateway } from '../src/service.js';

/**
 * PATCH /v1/companies/{company}/customers/{customerId} against a real gRPC server that plays the
 * customer service and records every UpdateCustomer it is sent, so the tests see exactly which
 * fields reached the service (and that refused requests reached none).
 */
const DEV_KEY = 'dev-key-0123456789abcdef';
const KEYS = {
  acmeClerk: 'acme-clerk-key-000000',
  acmeReader: 'acme-reader-key-000000',
  globexClerk: 'globex-clerk-key-00000',
};
const PATH = '/v1/companies/acme/customers/C-1';
/** The double's customer before any change. */
const STORED = {
  customerId: 'C-1',
  companyId: 'acme',
  name: 'Buyer',
  currency: 'EUR',
  creditTermsId: 'NET30',
  paymentTerms: customerV1.PaymentTerms.PAYMENT_TERMS_STANDARD,
  creditLimit: '5000.00',
  batchCutoffDay: 15,
  postingGroup: 'DEFAULT',
  postedBalance: '120.00',
  salesYtd: '100.00',
  salesPtd: '100.00',
  unappliedAmount: '0.00',
  revision: '1',
};

const updates: customerV1.UpdateCustomerRequest[] = [];
let double: RunningGrpcServer;
let gateway: RunningGateway;

const reject = (code: string, message: string, fieldPath = '') => ({
  $case: 'rejection' as const,
  value: { errors: [{ code, message, fieldPath }] },
});

async function patch(path: string, body: unknown, key = DEV_KEY) {
  const response = await fetch(`http://127.0.0.1:${gateway.port}${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, any>,
  };
}

beforeAll(async () => {
  double = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger: testLogger('customer-double'),
    services: [
      serviceRegistration<customerV1.CustomerServiceServer>('customer.v1.CustomerService', customerV1.CustomerServiceService, {
        async updateCustomer(request) {
          updates.push(request);
          // A service's typed reason travels with its error status (here the one of a key whose first request still runs).
          if (request.name === 'busy') throw new GrpcStatusError(GrpcStatus.ABORTED, 'a request with this Idempotency-Key is still running; retry it later', IDEMPOTENCY_KEY_IN_USE);
          if (request.customerId === 'C-404') return { result: reject('NOT_FOUND', `customer ${request.customerId} does not exist`) };
          if (request.creditTermsId === 'NET90') return { result: reject('VALIDATION_FAILED', 'credit terms "NET90" do not exist in company acme', 'creditTermsId') };
          // Applies what was sent as the service does: absent fields keep their value.
          const sent = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
          return { result: { $case: 'customer', value: customerV1.Customer.fromPartial({ ...STORED, ...sent, revision: '2' }) } };
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
        { name: 'acme reader', key: KEYS.acmeReader, companies: ['acme'], roles: [] },
        { name: 'globex clerk', key: KEYS.globexClerk, companies: ['globex'], roles: ['clerk'] },
      ]),
      LEDGER_GRPC_ADDRESS: address,
      CUSTOMER_GRPC_ADDRESS: address,
      INVOICING_GRPC_ADDRESS: address,
      GRPC_DEADLINE_MS: '2000',
    }),
    testLogger('gateway'),
  );
});

afterAll(async () => {
  await gateway?.stop();
  await double?.shutdown(100);
});

beforeEach(() => {
  updates.length = 0;
});

describe('PATCH /v1/companies/{company}/customers/{customerId}', () => {
  it('changes the fields sent (clerk): 200 with the customer and its revision; only those fields reach the service', async () => {
    const { status, body } = await patch(PATH, { name: 'Buyer GmbH', paymentTerms: 'CASH_SALES_ONLY', creditLimit: '7500.50' }, KEYS.acmeClerk);
    expect(status).toBe(200);
    expect(body).toEqual({
      id: 'C-1',
      name: 'Buyer GmbH',
      currency: 'EUR',
      creditTermsId: 'NET30',
      paymentTerms: 'CASH_SALES_ONLY',
      creditLimit: '7500.50',
      batchCutoffDay: 15,
      postingGroup: 'DEFAULT',
      postedBalance: '120.00',
      salesYtd: '100.00',
      salesPtd: '100.00',
      lastInvoiceDate: null,
      unappliedAmount: '0.00',
      createdAt: null,
      revision: 2,
    });
    expect(updates).toEqual([
      {
        companyId: 'acme',
        customerId: 'C-1',
        name: 'Buyer GmbH',
        paymentTerms: customerV1.PaymentTerms.PAYMENT_TERMS_CASH_SALES_ONLY,
        creditLimit: '7500.50',
      },
    ]);
    expect(updates.map((request) => [request.creditTermsId, request.batchCutoffDay])).toEqual([[undefined, undefined]]);
  });

  it('clears credit terms, credit limit and cutoff day sent as null: they reach the service as its "none"', async () => {
    const { status, body } = await patch(PATH, { creditTermsId: null, creditLimit: null, batchCutoffDay: null });
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'Buyer', creditTermsId: null, creditLimit: null, batchCutoffDay: null });
    expect(updates).toEqual([{ companyId: 'acme', customerId: 'C-1', creditTermsId: '', creditLimit: '', batchCutoffDay: 0 }]);
  });

  it('answers 404 for a customer the service does not know', async () => {
    const { status, body } = await patch('/v1/companies/acme/customers/C-404', { name: 'Nobody' });
    expect(status).toBe(404);
    expect(body.errors).toEqual([{ path: '', message: 'customer C-404 does not exist', code: 'NOT_FOUND' }]);
  });

  it("answers a service's error status with its typed reason: 409 at Idempotency-Key, with Retry-After for a key still in use", async () => {
    const { status, retryAfter, body } = await patch(PATH, { name: 'busy' });
    expect([status, retryAfter]).toEqual([409, '1']);
    expect(body.errors).toEqual([{ path: 'Idempotency-Key', message: 'a request with this Idempotency-Key is still running; retry it later', code: IDEMPOTENCY_KEY_IN_USE }]);
  });

  it("answers the service's refusal of a field 422 at that field, with its code", async () => {
    const { status, body } = await patch(PATH, { creditTermsId: 'NET90' });
    expect(status).toBe(422);
    expect(body.errors).toEqual([{ path: 'creditTermsId', message: 'credit terms "NET90" do not exist in company acme', code: 'VALIDATION_FAILED' }]);
  });

  it('refuses a key without roles and a key of another company (403), before the service is called', async () => {
    expect((await patch(PATH, { name: 'Buyer GmbH' }, KEYS.acmeReader)).status).toBe(403);
    expect((await patch(PATH, { name: 'Buyer GmbH' }, KEYS.globexClerk)).status).toBe(403);
    expect(updates).toEqual([]);
  });

  it.each([
    ['an empty body', {}, ''],
    ['an empty name', { name: '  ' }, 'name'],
    ['"" as credit terms', { creditTermsId: '' }, 'creditTermsId'],
    ['unknown payment terms', { paymentTerms: 'LATER' }, 'paymentTerms'],
    ['null payment terms', { paymentTerms: null }, 'paymentTerms'],
    ['a credit limit as a number', { creditLimit: 100 }, 'creditLimit'],
    ['a negative credit limit', { creditLimit: '-1.00' }, 'creditLimit'],
    ['cutoff day 0', { batchCutoffDay: 0 }, 'batchCutoffDay'],
    ['cutoff day 32', { batchCutoffDay: 32 }, 'batchCutoffDay'],
    ['a currency, which never changes', { name: 'Buyer', currency: 'USD' }, 'currency'],
  ])('answers %s 422 at its field path, and nothing reaches the service', async (_name, body, path) => {
    const { status, contentType, body: problem } = await patch(PATH, body);
    expect(status).toBe(422);
    expect(contentType).toContain('application/problem+json');
    expect(problem.errors).toEqual([{ path, message: expect.any(String) }]);
    expect(updates).toEqual([]);
  });
});
