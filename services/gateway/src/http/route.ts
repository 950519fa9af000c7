import type { z } from '@ledgerline/config';
import type { UnaryCallOptions } from '@ledgerline/grpc';
import type { Logger } from '@ledgerline/telemetry';
import type { Principal } from '../auth/api-keys.js';
import type { ServiceClients } from '../clients.js';

/**
 * One REST route: how it is reached, who may call it, what it accepts, what it answers and
 * how. The router (router.ts) and the OpenAPI document (openapi.ts) are both built from the
 * one table of these (routes/index.ts), so a served route is always a documented one.
 */

/** read: any key of the company; write: a clerk or controller; controller: a controller. */
export type Access = 'read' | 'write' | 'controller';

/**
 * What the Idempotency-Key header means on a write:
 * - body-id: the body's id is the service's idempotency key; the header is accepted and not needed.
 * - derived-id: the new record's id is derived from the key (see api/idempotency.ts).
 * - request-id: the key is passed to the service as the request's id.
 * - natural: the operation is idempotent by itself; with the header, the service records the key
 *   with its request and, once it changed something, its answer (libs/grpc idempotency.ts), so a
 *   repeat answers the first answer and the key with another request is refused.
 */
export type Idempotency = 'body-id' | 'derived-id' | 'request-id' | 'natural';

export interface RouteSettings {
  /** Longest time POST .../invoices/{id}/post?wait=true waits for the outcome. */
  postWaitMaxMs: number;
  /** First pause between two polls of the document while waiting; pauses then grow. */
  postPollIntervalMs: number;
}

export interface RouteContext<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
  principal: Principal;
  /** The Idempotency-Key header, validated, or undefined. */
  idempotencyKey: string | undefined;
  /** For derived-id routes: the id of the record to create (from the key, else random). */
  newRecordId: string;
  /**
   * For natural routes: the options of the one gRPC write the route makes, carrying the
   * Idempotency-Key scoped to the company and route when the request has one.
   */
  writeOptions: UnaryCallOptions;
  clients: ServiceClients;
  settings: RouteSettings;
  logger: Logger;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export interface RouteAnswer {
  status: number;
  /** JSON, or the bytes of a document when contentType is set. */
  body: unknown;
  /** Location header of a created record. */
  location?: string;
  /** A document that is not JSON (e.g. application/pdf): body is its bytes. */
  contentType?: string;
  /** Content-Disposition filename of such a document. */
  fileName?: string;
}

export interface RouteResponse {
  description: string;
  /** Name of a schema in the OpenAPI document's components (JSON answers). */
  schema?: string;
  /** Media type of a binary answer, e.g. application/pdf; absent for JSON. */
  contentType?: string;
}

export interface RouteDefinition<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType | undefined> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template, e.g. "/v1/companies/{company}/invoices/{invoiceId}". */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** Only a key for all companies ('*') may call it. */
  allCompanies?: boolean;
  idempotency?: Idempotency;
  params: Params;
  query: Query;
  body?: Body;
  /** Success answers by status. */
  responses: Record<number, RouteResponse>;
  /** Problem statuses besides those every route has (400/401/403/415/422/5xx as applicable). */
  problems: number[];
  handle(
    context: RouteContext<z.output<Params>, z.output<Query>, Body extends z.ZodType ? z.output<Body> : undefined>,
  ): Promise<RouteAnswer>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Route = RouteDefinition<z.ZodType, z.ZodType, z.ZodType | undefined> & { handle(context: RouteContext<any, any, any>): Promise<RouteAnswer> };

/** Typed helper: each route's handler sees the parsed types of its own schemas. */
export function defineRoute<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType | undefined = undefined>(
  definition: RouteDefinition<Params, Query, Body>,
): Route {
  return definition as unknown as Route;
}

/** "/v1/companies/:company" from "/v1/companies/{company}". */
export function expressPath(template: string): string {
  return template.replace(/\{([A-Za-z]+)\}/g, ':$1');
}

/** "POST /v1/companies/{company}/invoices": the route's name in derived ids and logs. */
export function routeName(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}
