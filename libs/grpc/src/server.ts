import {
  Metadata,
  Server,
  status,
  ServerCredentials,
  type handleUnaryCall,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { grpcHealthV1 } from '@ledgerline/contracts';
import {
  context,
  extractTraceContext,
  getTracer,
  SpanKind,
  SpanStatusCode,
  trace,
  type Logger,
  type TraceCarrier,
} from '@ledgerline/telemetry';
import { GrpcStatusError, toServiceError } from './errors.js';
import { HealthRegistry } from './health.js';
import { answerOnce, IDEMPOTENCY_KEY_METADATA, type IdempotencyRecords } from './idempotency.js';
import { MESSAGE_SIZE_MAX_BYTES, SHUTDOWN_GRACE_MS } from './limits.js';

/** What a handler may read of its call besides the request. */
export interface CallContext {
  metadata: Metadata;
  /** Milliseconds left before the caller's deadline, or Infinity when it set none. */
  remainingMs(): number;
}

type AsyncUnary<Handler> =
  Handler extends handleUnaryCall<infer Request, infer Response>
    ? (request: Request, call: CallContext) => Promise<Response>
    : never;

/**
 * A service implementation written as async functions. Generated server interfaces are
 * callback-based; this form lets handlers return or throw, and the library does the rest.
 */
export type AsyncServiceImplementation<Server> = {
  [Method in keyof Server as string extends Method ? never : Method]: AsyncUnary<Server[Method]>;
};

export interface ServiceRegistration {
  /** Fully qualified service name, e.g. "invoicing.v1.InvoicingService", as health checks name it. */
  name: string;
  definition: ServiceDefinition;
  implementation: object;
}

/**
 * Typed helper so a service's registration is checked against its generated definition. Methods
 * may be left out while a service grows; callers then get UNIMPLEMENTED.
 */
export function serviceRegistration<Server>(
  name: string,
  definition: ServiceDefinition,
  implementation: Partial<AsyncServiceImplementation<Server>>,
): ServiceRegistration {
  return { name, definition, implementation };
}

export interface GrpcServerOptions {
  host: string;
  /** 0 picks a free port, for tests. */
  port: number;
  services: readonly ServiceRegistration[];
  logger: Logger;
  /**
   * Where calls carrying an idempotency key are recorded (see idempotency.ts). A server without
   * it refuses such calls rather than run them without the promise the key makes.
   */
  idempotency?: IdempotencyRecords;
}

export interface RunningGrpcServer {
  port: number;
  health: HealthRegistry;
  /** Stops taking calls, lets in-flight ones finish within the grace period, then cancels the rest. */
  shutdown(graceMs?: number): Promise<void>;
}

/** Starts a gRPC server with the standard health service; it reports NOT_SERVING until told otherwise. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new Server({
    'grpc.max_receive_message_length': MESSAGE_SIZE_MAX_BYTES,
    'grpc.max_send_message_length': MESSAGE_SIZE_MAX_BYTES,
  });
  const health = new HealthRegistry(options.services.map((service) => service.name));
  server.addService(grpcHealthV1.HealthService, health.implementation() as unknown as UntypedServiceImplementation);
  for (const service of options.services) {
    server.addService(service.definition, adaptService(service, options.logger, options.idempotency));
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, ServerCredentials.createInsecure(), (error, boundPort) =>
      error === null ? resolve(boundPort) : reject(error),
    );
  });
  return {
    port,
    health,
    async shutdown(graceMs = SHUTDOWN_GRACE_MS) {
      health.setServing(false);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

function adaptService(service: ServiceRegistration, logger: Logger, idempotency: IdempotencyRecords | undefined): UntypedServiceImplementation {
  const adapted: UntypedServiceImplementation = {};
  const implementation = service.implementation as Record<string, unknown>;
  for (const [methodName, method] of Object.entries(service.definition)) {
    if (method.requestStream || method.responseStream) {
      throw new Error(`${service.name}.${methodName}: only unary methods are supported by this adapter`);
    }
    const handler = implementation[methodName];
    // grpc-js answers UNIMPLEMENTED for a method left out, which is right for RPCs not built yet.
    if (handler === undefined) continue;
    if (typeof handler !== 'function') throw new Error(`${service.name}.${methodName} is not a function`);
    const unary = handler as (request: unknown, call: CallContext) => Promise<unknown>;
    const spanName = `${service.name}/${method.originalName ?? methodName}`;
    adapted[methodName] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const parent = extractTraceContext(metadataToCarrier(call.metadata));
      const span = getTracer('ledgerline.grpc').startSpan(spanName, { kind: SpanKind.SERVER }, parent);
      const callContext: CallContext = {
        metadata: call.metadata,
        remainingMs: () => {
          const deadline = call.getDeadline();
          const at = deadline instanceof Date ? deadline.getTime() : deadline;
          return Number.isFinite(at) ? at - Date.now() : Number.POSITIVE_INFINITY;
        },
      };
      const handle = () => unary.call(service.implementation, call.request, callContext);
      context
        .with(trace.setSpan(parent, span), async () => {
          const [key] = call.metadata.get(IDEMPOTENCY_KEY_METADATA);
          if (key === undefined) return handle();
          if (typeof key !== 'string') throw new GrpcStatusError(status.INVALID_ARGUMENT, 'the idempotency key must be text');
          if (idempotency === undefined) throw new GrpcStatusError(status.UNIMPLEMENTED, 'this server records no idempotency keys');
          return answerOnce(idempotency, key, method, call.request, handle, logger);
        })
        .then(
          (response) => {
            span.setStatus({ code: SpanStatusCode.OK });
            span.end();
            callback(null, response);
          },
          (error: unknown) => {
            if (!(error instanceof GrpcStatusError)) {
              logger.error({ err: error, method: spanName }, 'gRPC handler failed');
            }
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
            span.end();
            callback(toServiceError(error));
          },
        );
    };
  }
  return adapted;
}

export function metadataToCarrier(metadata: Metadata): TraceCarrier {
  const carrier: TraceCarrier = {};
  for (const key of ['traceparent', 'tracestate']) {
    const [value] = metadata.get(key);
    if (typeof value === 'string') carrier[key] = value;
  }
  return carrier;
}
