import { testLogger } from '@ledgerline/testing';
import { describe, expect, it } from 'vitest';
import { ApiKeyRegistry } from '../auth/api-keys.js';
import type { ServiceClients } from '../clients.js';
import { createGatewayApp } from './app.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { ROUTES } from './routes/index.js';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Served outside the documented API: probes and the document itself. */
const UNDOCUMENTED = new Set(['GET /healthz', 'GET /readyz', 'GET /v1/openapi.json']);

/** Every "METHOD /path" the express app serves, read from its router, paths in OpenAPI form. */
function servedRoutes(): string[] {
  const app = createGatewayApp({
    clients: {} as ServiceClients,
    apiKeys: new ApiKeyRegistry(),
    logger: testLogger('openapi-test'),
    isReady: async () => true,
  });
  const stack = (app as unknown as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }).router.stack;
  return stack.flatMap((layer) =>
    layer.route === undefined
      ? []
      : Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:([A-Za-z]+)/g, '{$1}')}`),
  );
}

function documentedRoutes(): string[] {
  return Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => method in (item as object)).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('the OpenAPI document', () => {
  it('documents exactly the routes express serves', () => {
    const served = servedRoutes().filter((route) => !UNDOCUMENTED.has(route));
    expect(served.length).toBe(ROUTES.length);
    expect([...served].sort()).toEqual([...documentedRoutes()].sort());
  });

  it('covers the binding REST core of DESIGN section 11', () => {
    expect(documentedRoutes()).toEqual(
      expect.arrayContaining([
        'POST /v1/companies',
        'GET /v1/companies/{company}',
        'PATCH /v1/companies/{company}/settings',
        'POST /v1/companies/{company}/periods/{period}/close',
        'POST /v1/companies/{company}/periods/{period}/reopen',
        'POST /v1/companies/{company}/exchange-rates',
        'POST /v1/companies/{company}/customers',
        'GET /v1/companies/{company}/customers/{customerId}',
        'GET /v1/companies/{company}/customers/{customerId}/open-items',
        'POST /v1/companies/{company}/payments',
        'POST /v1/companies/{company}/products',
        'POST /v1/companies/{company}/invoices',
        'GET /v1/companies/{company}/invoices',
        'GET /v1/companies/{company}/invoices/{invoiceId}',
        'POST /v1/companies/{company}/invoices/{invoiceId}/discard',
        'POST /v1/companies/{company}/invoices/{invoiceId}/post',
        'GET /v1/companies/{company}/ledger/entries',
        'GET /v1/companies/{company}/ledger/trial-balance',
      ]),
    );
  });

  it('gives every operation a unique id, its parameters, a success answer, problems, and writes a body and Idempotency-Key', () => {
    const operationIds = new Set<string>();
    for (const route of ROUTES) {
      const operation = (OPENAPI_DOCUMENT.paths[route.path] as Record<string, any>)[route.method];
      expect(operationIds.has(operation.operationId)).toBe(false);
      operationIds.add(operation.operationId);
      const pathParameters = [...route.path.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]);
      expect(operation.parameters.filter((parameter: { in: string }) => parameter.in === 'path').map((parameter: { name: string }) => parameter.name)).toEqual(pathParameters);
      expect(Object.keys(operation.responses).some((status) => status.startsWith('2'))).toBe(true);
      expect(operation.responses['422']).toBeDefined();
      expect(operation.responses['403']).toBeDefined();
      if (route.body !== undefined) expect(operation.requestBody.content['application/json'].schema).toBeDefined();
      if (route.method !== 'get') expect(operation.parameters.some((parameter: { name: string }) => parameter.name === 'Idempotency-Key')).toBe(true);
      for (const response of Object.values(operation.responses) as Array<{ content?: Record<string, { schema: { $ref: string } }> }>) {
        const ref = response.content?.['application/json']?.schema.$ref;
        if (ref !== undefined) expect(OPENAPI_DOCUMENT.components.schemas).toHaveProperty(ref.replace('#/components/schemas/', ''));
      }
    }
  });

  it('describes the idempotency of derived ids with their namespace', () => {
    const createInvoice = OPENAPI_DOCUMENT.paths['/v1/companies/{company}/invoices'] as Record<string, any>;
    const header = createInvoice.post.parameters.find((parameter: { name: string }) => parameter.name === 'Idempotency-Key');
    expect(header.description).toContain('UUID v5');
    expect(OPENAPI_DOCUMENT.openapi).toBe('3.1.0');
  });
});
