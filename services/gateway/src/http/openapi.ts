/**
 * The OpenAPI 3.1 document of the REST API, served at /v1/openapi.json. It describes exactly the
 * routes this gateway serves; each issue that adds routes adds them here, and a test checks that
 * every served route is documented.
 */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Ledgerline REST API',
    version: '1.0.0',
    description:
      'Accounts-receivable posting for ERP integrations. Amounts, rates and quantities are decimal strings; dates are YYYY-MM-DD. Errors are application/problem+json (RFC 9457).',
  },
  servers: [{ url: '/' }],
  security: [{ apiKey: [] }],
  components: {
    securitySchemes: {
      apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer <key>`.' },
    },
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['path', 'message'],
              properties: { path: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
      Decimal: { type: 'string', pattern: '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$', examples: ['1234.50'] },
      Invoice: {
        type: 'object',
        required: ['id', 'type', 'status', 'customerId', 'invoiceDate', 'currency', 'netAmount', 'taxAmount', 'totalAmount'],
        properties: {
          id: { type: 'string' },
          type: { enum: ['SALES_ORDER', 'FREE_TEXT', 'DEBIT_MEMO', 'CREDIT_MEMO'] },
          status: { enum: ['IN_PROGRESS', 'READY_TO_POST', 'COMPLETE', 'DISCARDED'] },
          customerId: { type: 'string' },
          invoiceDate: { type: 'string', format: 'date' },
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          netAmount: { $ref: '#/components/schemas/Decimal' },
          taxAmount: { $ref: '#/components/schemas/Decimal' },
          totalAmount: { $ref: '#/components/schemas/Decimal' },
        },
      },
    },
    responses: {
      Problem: {
        description: 'The request failed; the body says why.',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    },
  },
  paths: {
    '/v1/companies/{company}/invoices/{invoiceId}': {
      get: {
        operationId: 'getInvoice',
        summary: 'One customer invoice, debit memo or credit memo.',
        parameters: [
          { name: 'company', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'invoiceId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: {
          '200': { description: 'The document.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Invoice' } } } },
          '401': { $ref: '#/components/responses/Problem' },
          '403': { $ref: '#/components/responses/Problem' },
          '404': { $ref: '#/components/responses/Problem' },
          '504': { $ref: '#/components/responses/Problem' },
        },
      },
    },
  },
} as const;
