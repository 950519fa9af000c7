import type { Logger } from '@ledgerline/telemetry';
import { context, extractTraceContext, getTracer, SpanKind, trace } from '@ledgerline/telemetry';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { mayActFor, type ApiKeyRegistry, type Principal } from '../auth/api-keys.js';
import type { ServiceClients } from '../clients.js';
import { POST_POLL_INTERVAL_MS, POST_WAIT_MAX_MS } from '../api/wait-for-outcome.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { HttpProblem, problemHandler, sendProblem } from './problem.js';
import type { RouteSettings } from './route.js';
import { mountRoutes } from './router.js';
import { ROUTES } from './routes/index.js';

/** Largest JSON body accepted; a 10,000-line invoice fits. */
export const REQUEST_BODY_SIZE_MAX = '20mb';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export interface GatewayAppOptions {
  clients: ServiceClients;
  apiKeys: ApiKeyRegistry;
  logger: Logger;
  isReady: () => Promise<boolean>;
  /** Overrides of route timings (tests). */
  settings?: Partial<RouteSettings> | undefined;
}

/** The REST edge: tracing, authentication, company scoping, routes and problem+json errors. */
export function createGatewayApp(options: GatewayAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(traceRequests());
  app.get('/healthz', (_request, response) => void response.json({ status: 'ok' }));
  app.get('/readyz', async (_request, response) => {
    const ready = await options.isReady();
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });
  app.get('/v1/openapi.json', (_request, response) => void response.json(OPENAPI_DOCUMENT));
  app.use('/v1', authenticate(options.apiKeys));
  app.use(express.json({ limit: REQUEST_BODY_SIZE_MAX }));
  app.use('/v1/companies/:company', authorizeCompany());
  mountRoutes(app, ROUTES, {
    clients: options.clients,
    logger: options.logger,
    settings: { postWaitMaxMs: POST_WAIT_MAX_MS, postPollIntervalMs: POST_POLL_INTERVAL_MS, ...options.settings },
  });
  app.use((request, response) => sendProblem(response, 404, `no route for ${request.method} ${request.path}`));
  app.use(problemHandler(options.logger));
  return app;
}

function traceRequests() {
  return (request: Request, response: Response, next: NextFunction) => {
    const parent = extractTraceContext({ traceparent: request.header('traceparent') ?? '' });
    const span = getTracer('ledgerline.http').startSpan(`${request.method} ${request.path}`, { kind: SpanKind.SERVER }, parent);
    response.on('finish', () => {
      span.setAttribute('http.response.status_code', response.statusCode);
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

const BEARER_PREFIX = 'Bearer ';

function authenticate(apiKeys: ApiKeyRegistry) {
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.header('authorization');
    if (header === undefined || !header.startsWith(BEARER_PREFIX)) {
      response.setHeader('www-authenticate', 'Bearer');
      sendProblem(response, 401, 'an API key is required: Authorization: Bearer <key>');
      return;
    }
    const principal = apiKeys.authenticate(header.slice(BEARER_PREFIX.length).trim());
    if (principal === undefined) {
      response.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      sendProblem(response, 401, 'the API key is not valid');
      return;
    }
    request.principal = principal;
    next();
  };
}

function authorizeCompany() {
  return (request: Request, _response: Response, next: NextFunction) => {
    const company = request.params.company as string | undefined;
    if (company === undefined || request.principal === undefined || !mayActFor(request.principal, company)) {
      throw new HttpProblem(403, `this API key may not act for company ${company ?? ''}`);
    }
    next();
  };
}
