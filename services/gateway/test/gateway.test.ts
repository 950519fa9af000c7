import { setTimeout as sleep } from 'node:timers/promises';
import { invoicingV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration, startGrpcServer, type RunningGrpcServer } from '@ledgerline/grpc';
import { testLogger } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../src/config.js';
import { OPENAPI_DOCUMENT } from '../src/http/openapi.js';
import { startGateway, type RunningGateway } from '../src/service.js';

/**
 * The gateway against a real gRPC server that plays the invoicing service, so each downstream
 * answer (found, not found, too slow) can be produced on purpose. The end-to-end project runs
 * the gateway against the real services.
 */
const API_KEY = 'test-key-0123456789abcdef';
const DEADLINE_MS = 200;

let invoicingDouble: RunningGrpcServer;
let gateway: RunningGateway;
const requestsSeen: invoicingV1.GetInvoiceRequest[] = [];

async function get(path: string, key: string | null = API_KEY) {
  const response = await fetch(`http://127.0.0.1:${gateway.port}${path}`, {
    headers: key === null ? {} : { authorization: `Bearer ${key}` },
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

beforeAll(async () => {
  invoicingDouble = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger: testLogger('invoicing-double'),
    services: [
      serviceRegistration<invoicingV1.InvoicingServiceServer>('invoicing.v1.InvoicingService', invoicingV1.InvoicingServiceService, {
        async getInvoice(request) {
          requestsSeen.push(request);
          if (request.invoiceId === 'slow') await sleep(DEADLINE_MS * 5);
          if (request.invoiceId !== 'inv-1') throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `invoice ${request.invoiceId} not found`);
          return {
            invoice: invoicingV1.Invoice.fromPartial({
              invoiceId: 'inv-1',
              companyId: request.companyId,
              status: invoicingV1.InvoiceStatus.INVOICE_STATUS_IN_PROGRESS,
              totalAmount: '120.00',
            }),
          };
        },
      }),
    ],
  });
  gateway = await startGateway(
    loadGatewayConfig({
      GATEWAY_PORT: '0',
      LEDGERLINE_DEV_API_KEY: API_KEY,
      INVOICING_GRPC_ADDRESS: `127.0.0.1:${invoicingDouble.port}`,
      GRPC_DEADLINE_MS: String(DEADLINE_MS),
    }),
    testLogger('gateway'),
  );
});

afterAll(async () => {
  await gateway?.stop();
  await invoicingDouble?.shutdown(100);
});

describe('gateway REST to gRPC', () => {
  it('passes the company and document id to the service and answers with its document', async () => {
    const { status, body } = await get('/v1/companies/acme/invoices/inv-1');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'inv-1', status: 'IN_PROGRESS', totalAmount: '120.00' });
    expect(requestsSeen.at(-1)).toEqual({ companyId: 'acme', invoiceId: 'inv-1' });
  });

  it('answers a NOT_FOUND from the service as a 404 problem', async () => {
    const { status, contentType, body } = await get('/v1/companies/acme/invoices/nope');
    expect(status).toBe(404);
    expect(contentType).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 404, title: 'Not Found', detail: 'invoice nope not found' });
  });

  it('answers a call that outlives its gRPC deadline with a 504 problem, without waiting for the service', async () => {
    const startedAt = Date.now();
    const { status, contentType, body } = await get('/v1/companies/acme/invoices/slow');
    expect(status).toBe(504);
    expect(contentType).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 504, title: 'Gateway Timeout' });
    expect(Date.now() - startedAt).toBeLessThan(DEADLINE_MS * 5);
  });

  it('answers 503 when a service cannot be reached', async () => {
    const unreachable = await startGateway(
      loadGatewayConfig({ GATEWAY_PORT: '0', LEDGERLINE_DEV_API_KEY: API_KEY, INVOICING_GRPC_ADDRESS: '127.0.0.1:1', GRPC_DEADLINE_MS: '1000' }),
      testLogger('gateway-unreachable'),
    );
    const response = await fetch(`http://127.0.0.1:${unreachable.port}/v1/companies/acme/invoices/inv-1`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    await unreachable.stop();
    expect([503, 504]).toContain(response.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 401 to a missing or wrong API key, before any service is called', async () => {
    const before = requestsSeen.length;
    expect((await get('/v1/companies/acme/invoices/inv-1', null)).status).toBe(401);
    const wrong = await get('/v1/companies/acme/invoices/inv-1', 'not-the-key-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.contentType).toContain('application/problem+json');
    expect(requestsSeen.length).toBe(before);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const { status, contentType } = await get('/v1/nothing-here');
    expect(status).toBe(404);
    expect(contentType).toContain('application/problem+json');
  });

  it('publishes its OpenAPI 3.1 document without a key', async () => {
    const { status, body } = await get('/v1/openapi.json', null);
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths as object)).toEqual(Object.keys(OPENAPI_DOCUMENT.paths));
  });
});
