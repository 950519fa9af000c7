import { customerItemV1 } from '@ledgerline/contracts';
import { serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import { testLogger } from '@ledgerline/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../src/config.js';
import { startGateway, type RunningGateway } from '../src/service.js';

/**
 * The customer-item routes against a real gRPC server that plays the customer-item service and
 * records every request, so the tests see exactly what reached it (and that refused requests
 * reached nothing).
 */
const DEV_KEY = 'dev-key-0123456789abcdef';
const KEYS = { acmeClerk: 'acme-clerk-key-000000', acmeReader: 'acme-reader-key-000000' };
const REVIEWED_AT = new Date('2026-11-02T10:00:00.000Z');

const DRAFT: customerItemV1.Draft = {
  draftId: 'd-1',
  companyId: 'acme',
  invoiceId: 'inv-1',
  lineNumber: 2,
  unit: 1,
  customerId: 'C-1',
  productId: 'PUMP',
  serialNumber: 'SN-1',
  description: 'Heat pump',
  status: customerItemV1.DraftStatus.DRAFT_STATUS_PENDING_REVIEW,
  reviewedBy: '',
  reviewedAt: undefined,
};

const requests: Array<{ method: string; request: object }> = [];
let double: RunningGrpcServer;
let gateway: RunningGateway;

const reject = (code: string, message: string) => ({ $case: 'rejection' as const, value: { errors: [{ code, message, fieldPath: '' }] } });

async function call(method: string, path: string, body?: unknown, key = DEV_KEY) {
  const response = await fetch(`http://127.0.0.1:${gateway.port}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

beforeAll(async () => {
  double = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger: testLogger('customer-item-double'),
    services: [
      serviceRegistration<customerItemV1.CustomerItemServiceServer>('customeritem.v1.CustomerItemService', customerItemV1.CustomerItemServiceService, {
        async listDrafts(request) {
          requests.push({ method: 'listDrafts', request });
          return { drafts: [DRAFT], page: { nextCursor: 'next-page' } };
        },
        async reviewDraft(request) {
          requests.push({ method: 'reviewDraft', request });
          if (request.draftId === 'missing') return { result: reject('NOT_FOUND', 'draft missing does not exist') };
          if (request.draftId === 'posted') return { result: reject('INVALID_STATE', 'draft posted belongs to a posted document') };
          const status = request.decision === customerItemV1.ReviewDecision.REVIEW_DECISION_CONFIRM ? customerItemV1.DraftStatus.DRAFT_STATUS_CONFIRMED : customerItemV1.DraftStatus.DRAFT_STATUS_EXCLUDED;
          return { result: { $case: 'draft', value: { ...DRAFT, status, reviewedBy: request.reviewedBy, reviewedAt: REVIEWED_AT, description: request.description || DRAFT.description } } };
        },
        async listCustomerItems(request) {
          requests.push({ method: 'listCustomerItems', request });
          return {
            items: [
              {
                customerItemId: 'ci-1',
                companyId: 'acme',
                customerId: 'C-1',
                productId: 'PUMP',
                serialNumber: '',
                description: 'Heat pump',
                invoiceId: 'inv-1',
                invoiceNumber: 'INV-000001',
                lineNumber: 2,
                invoiceDate: '2026-11-02',
                createdAt: REVIEWED_AT,
              },
            ],
            page: { nextCursor: '' },
          };
        },
      }),
    ],
  });
  gateway = await startGateway(
    loadGatewayConfig({
      GATEWAY_PORT: '0',
      LEDGERLINE_DEV_API_KEY: DEV_KEY,
      LEDGERLINE_API_KEYS: JSON.stringify([
        { name: 'acme clerk', key: KEYS.acmeClerk, companies: ['acme'], roles: ['clerk'] },
        { name: 'acme reader', key: KEYS.acmeReader, companies: ['acme'], roles: [] },
      ]),
      CUSTOMER_ITEM_GRPC_ADDRESS: `127.0.0.1:${double.port}`,
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
  requests.length = 0;
});

describe('customer-item drafts over REST', () => {
  it('lists drafts with their filters passed on', async () => {
    const { status, body } = await call('GET', '/v1/companies/acme/customer-item-drafts?invoiceId=inv-1&status=PENDING_REVIEW,EXCLUDED&limit=10', undefined, KEYS.acmeReader);
    expect(status).toBe(200);
    expect(body).toEqual({
      items: [
        {
          id: 'd-1',
          invoiceId: 'inv-1',
          lineNumber: 2,
          unit: 1,
          customerId: 'C-1',
          productId: 'PUMP',
          serialNumber: 'SN-1',
          description: 'Heat pump',
          status: 'PENDING_REVIEW',
          reviewedBy: null,
          reviewedAt: null,
        },
      ],
      nextCursor: 'next-page',
    });
    expect(requests).toEqual([
      {
        method: 'listDrafts',
        request: {
          companyId: 'acme',
          invoiceId: 'inv-1',
          customerId: '',
          statuses: [customerItemV1.DraftStatus.DRAFT_STATUS_PENDING_REVIEW, customerItemV1.DraftStatus.DRAFT_STATUS_EXCLUDED],
          page: { pageSize: 10, cursor: '' },
        },
      },
    ]);
  });

  it('records the API key name as the reviewer', async () => {
    const { status, body } = await call('POST', '/v1/companies/acme/customer-item-drafts/d-1/review', { decision: 'CONFIRM', description: 'Pump in the basement' }, KEYS.acmeClerk);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'd-1', status: 'CONFIRMED', reviewedBy: 'acme clerk', reviewedAt: REVIEWED_AT.toISOString(), description: 'Pump in the basement' });
    expect(requests).toEqual([
      {
        method: 'reviewDraft',
        request: { companyId: 'acme', draftId: 'd-1', decision: customerItemV1.ReviewDecision.REVIEW_DECISION_CONFIRM, reviewedBy: 'acme clerk', description: 'Pump in the basement' },
      },
    ]);
  });

  it('answers 404 for an unknown draft and 409 for a draft of a posted document', async () => {
    const missing = await call('POST', '/v1/companies/acme/customer-item-drafts/missing/review', { decision: 'EXCLUDE' });
    expect([missing.status, missing.body.errors?.[0]?.code]).toEqual([404, 'NOT_FOUND']);
    const posted = await call('POST', '/v1/companies/acme/customer-item-drafts/posted/review', { decision: 'EXCLUDE' });
    expect([posted.status, posted.body.errors?.[0]?.code]).toEqual([409, 'INVALID_STATE']);
  });

  it('refuses a review from a key that may only read, and an invalid body, before reaching the service', async () => {
    expect((await call('POST', '/v1/companies/acme/customer-item-drafts/d-1/review', { decision: 'CONFIRM' }, KEYS.acmeReader)).status).toBe(403);
    const invalid = await call('POST', '/v1/companies/acme/customer-item-drafts/d-1/review', { decision: 'YES' });
    expect([invalid.status, invalid.body.errors?.map((error: { path: string }) => error.path)]).toEqual([422, ['decision']]);
    expect(requests).toEqual([]);
  });
});

describe('customer items over REST', () => {
  it('lists customer items with their filters passed on', async () => {
    const { status, body } = await call('GET', '/v1/companies/acme/customer-items?customerId=C-1&productId=PUMP', undefined, KEYS.acmeReader);
    expect(status).toBe(200);
    expect(body).toEqual({
      items: [
        {
          id: 'ci-1',
          customerId: 'C-1',
          productId: 'PUMP',
          serialNumber: null,
          description: 'Heat pump',
          invoiceId: 'inv-1',
          invoiceNumber: 'INV-000001',
          lineNumber: 2,
          invoiceDate: '2026-11-02',
          createdAt: REVIEWED_AT.toISOString(),
        },
      ],
      nextCursor: null,
    });
    expect(requests).toEqual([
      { method: 'listCustomerItems', request: { companyId: 'acme', customerId: 'C-1', productId: 'PUMP', invoiceId: '', page: { pageSize: 0, cursor: '' } } },
    ]);
  });
});
