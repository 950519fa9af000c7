import {
  credentials,
  Metadata,
  type CallOptions,
  type ChannelOptions,
  type Client,
  type ClientUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';
import { getTracer, injectTraceContext, SpanKind, SpanStatusCode, trace, context } from '@ledgerline/telemetry';
import { IDEMPOTENCY_KEY_METADATA } from './idempotency.js';
import { CALL_DEADLINE_MS_DEFAULT, MESSAGE_SIZE_MAX_BYTES } from './limits.js';

type UnaryMethod<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Response) => void,
) => ClientUnaryCall;

export interface UnaryCallOptions {
  /** Overrides the client's deadline for this call. */
  deadlineMs?: number;
  /**
   * Names a write that is idempotent by nature, so the service answers a repeat with its first
   * answer (see idempotency.ts). The caller scopes it: the service keeps one record per key.
   */
  idempotencyKey?: string;
}

/**
 * A generated grpc-js client as promises: every call carries a deadline (the client's default
 * unless the call sets its own) and the caller's trace context, and rejects with the
 * ServiceError the server answered.
 */
export type PromiseClient<GeneratedClient> = {
  [Method in keyof GeneratedClient as GeneratedClient[Method] extends UnaryMethod<never, unknown>
    ? Method
    : never]: GeneratedClient[Method] extends UnaryMethod<infer Request, infer Response>
    ? (request: Request, options?: UnaryCallOptions) => Promise<Response>
    : never;
} & { close(): void };

export interface GrpcClientOptions {
  /** host:port of the service. */
  address: string;
  /** Default deadline for each call. */
  deadlineMs?: number;
}

type ClientConstructor<GeneratedClient> = new (
  address: string,
  channelCredentials: ReturnType<typeof credentials.createInsecure>,
  options?: Partial<ChannelOptions>,
) => GeneratedClient;

export function createGrpcClient<GeneratedClient extends Client>(
  Constructor: ClientConstructor<GeneratedClient>,
  options: GrpcClientOptions,
): PromiseClient<GeneratedClient> {
  const client = new Constructor(options.address, credentials.createInsecure(), {
    'grpc.max_receive_message_length': MESSAGE_SIZE_MAX_BYTES,
    'grpc.max_send_message_length': MESSAGE_SIZE_MAX_BYTES,
  });
  const defaultDeadlineMs = options.deadlineMs ?? CALL_DEADLINE_MS_DEFAULT;
  const serviceName = Constructor.name;
  return new Proxy({} as PromiseClient<GeneratedClient>, {
    get(_target, property) {
      if (property === 'close') return () => client.close();
      if (property === 'then') return undefined;
      const method = (client as unknown as Record<string | symbol, unknown>)[property];
      if (typeof method !== 'function') return undefined;
      return (request: unknown, callOptions: UnaryCallOptions = {}) => {
        const span = getTracer('ledgerline.grpc').startSpan(`${serviceName}/${String(property)}`, {
          kind: SpanKind.CLIENT,
        });
        const metadata = new Metadata();
        for (const [key, value] of Object.entries(injectTraceContext({}, trace.setSpan(context.active(), span)))) {
          metadata.set(key, value);
        }
        if (callOptions.idempotencyKey !== undefined) metadata.set(IDEMPOTENCY_KEY_METADATA, callOptions.idempotencyKey);
        const deadline = new Date(Date.now() + (callOptions.deadlineMs ?? defaultDeadlineMs));
        return new Promise((resolve, reject) => {
          (method as UnaryMethod<unknown, unknown>).call(client, request, metadata, { deadline }, (error, response) => {
            if (error !== null) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: error.details });
              span.end();
              reject(error);
              return;
            }
            span.setStatus({ code: SpanStatusCode.OK });
            span.end();
            resolve(response);
          });
        });
      };
    },
  });
}
