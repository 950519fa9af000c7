import type { z } from '@ledgerline/config';
import type { Logger } from '@ledgerline/telemetry';
import type { Express, NextFunction, Request, Response } from 'express';
import { recordIdFor, scopedIdempotencyKey } from '../api/idempotency.js';
import { fieldErrors, IDEMPOTENCY_KEY_LENGTH_MAX, type FieldError } from '../api/validation.js';
import { hasAccess, type Principal } from '../auth/api-keys.js';
import type { ServiceClients } from '../clients.js';
import { HttpProblem } from './problem.js';
import { expressPath, routeName, type Route, type RouteSettings } from './route.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]+$/;

export interface RouterOptions {
  clients: ServiceClients;
  logger: Logger;
  settings: RouteSettings;
}

/**
 * Mounts every route of the table on the app. Before a handler runs: the caller's role is
 * checked (403), the path, query, Idempotency-Key and body are validated (415/422, all field
 * errors at once), so nothing invalid reaches a service.
 */
export function mountRoutes(app: Express, routes: readonly Route[], options: RouterOptions): void {
  for (const route of routes) {
    app[route.method](expressPath(route.path), async (request: Request, response: Response, _next: NextFunction) => {
      const principal = request.principal;
      if (principal === undefined) throw new HttpProblem(401, 'an API key is required');
      authorize(route, principal);
      const { params, query, body, idempotencyKey } = validate(route, request);
      const controller = new AbortController();
      response.on('close', () => {
        if (!response.writableFinished) controller.abort();
      });
      const company = (params as { company?: string }).company ?? '';
      const name = routeName(route);
      const answer = await route.handle({
        params,
        query,
        body,
        principal,
        idempotencyKey,
        newRecordId: recordIdFor(company, name, idempotencyKey),
        writeOptions: route.idempotency === 'natural' && idempotencyKey !== undefined ? { idempotencyKey: scopedIdempotencyKey(company, name, idempotencyKey) } : {},
        clients: options.clients,
        settings: options.settings,
        logger: options.logger,
        signal: controller.signal,
      });
      if (answer.location !== undefined) response.setHeader('location', answer.location);
      if (answer.contentType === undefined) {
        response.status(answer.status).json(answer.body);
        return;
      }
      if (!(answer.body instanceof Uint8Array)) throw new Error(`route ${name} answered ${answer.contentType} without bytes`);
      if (answer.fileName !== undefined) response.attachment(answer.fileName);
      response.status(answer.status).type(answer.contentType).send(Buffer.from(answer.body));
    });
  }
}

const ACCESS_DENIED: Record<Route['access'], string> = {
  read: 'this API key may not read',
  write: 'this API key needs the clerk or controller role',
  controller: 'this API key needs the controller role',
};

function authorize(route: Route, principal: Principal): void {
  if (route.allCompanies === true && principal.companies !== '*') {
    throw new HttpProblem(403, 'only an API key for all companies may do this');
  }
  if (!hasAccess(principal, route.access)) throw new HttpProblem(403, ACCESS_DENIED[route.access]);
}

function validate(route: Route, request: Request) {
  const errors: FieldError[] = [];
  const parse = <Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> | undefined => {
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    errors.push(...fieldErrors(result.error));
    return undefined;
  };
  const params = parse(route.params, { ...request.params });
  const query = parse(route.query, { ...(request.query as object) });

  const idempotencyKey = request.header(IDEMPOTENCY_KEY_HEADER);
  // Reads ignore the header, so a client may send it on every request.
  if (
    route.idempotency !== undefined &&
    idempotencyKey !== undefined &&
    (idempotencyKey.length === 0 || idempotencyKey.length > IDEMPOTENCY_KEY_LENGTH_MAX || !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey))
  ) {
    errors.push({ path: IDEMPOTENCY_KEY_HEADER, message: `1-${IDEMPOTENCY_KEY_LENGTH_MAX} visible ASCII characters` });
  }

  let body: unknown;
  const hasBody = request.headers['content-length'] !== undefined ? request.headers['content-length'] !== '0' : request.headers['transfer-encoding'] !== undefined;
  if (route.body === undefined) {
    const emptyObject = typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) && Object.keys(request.body as object).length === 0;
    if (hasBody && !emptyObject) errors.push({ path: '', message: 'this request takes no body' });
  } else {
    if (hasBody && request.is('application/json') === false) {
      throw new HttpProblem(415, 'send the body as application/json');
    }
    if (hasBody || route.body.safeParse(undefined).success) body = parse(route.body, hasBody ? request.body : undefined);
    else errors.push({ path: '', message: 'a JSON body is required' });
  }
  if (errors.length > 0) {
    const [first] = errors;
    const where = first?.path === '' ? 'the request' : first?.path;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new HttpProblem(422, `invalid input: ${where}: ${first?.message}${more}`, errors);
  }
  return { params, query, body, idempotencyKey: route.idempotency === undefined ? undefined : idempotencyKey };
}
