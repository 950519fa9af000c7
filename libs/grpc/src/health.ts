import type { sendUnaryData, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { grpcHealthV1 } from '@ledgerline/contracts';

const { HealthCheckResponse_ServingStatus: ServingStatus } = grpcHealthV1;
type ServingStatus = grpcHealthV1.HealthCheckResponse_ServingStatus;

/** The largest number of services List may return, as the health protocol specifies. */
const HEALTH_LIST_SIZE_MAX = 100;

/**
 * The standard gRPC health service (grpc.health.v1). The empty service name stands for the
 * whole server; each registered service has its own entry. Watchers get every change.
 */
export class HealthRegistry {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Map<string, Set<(status: ServingStatus) => void>>();

  constructor(serviceNames: readonly string[]) {
    this.statuses.set('', ServingStatus.NOT_SERVING);
    for (const name of serviceNames) this.statuses.set(name, ServingStatus.NOT_SERVING);
  }

  setServing(serving: boolean): void {
    const next = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    for (const name of this.statuses.keys()) {
      this.statuses.set(name, next);
      for (const notify of this.watchers.get(name) ?? []) notify(next);
    }
  }

  isServing(): boolean {
    return this.statuses.get('') === ServingStatus.SERVING;
  }

  implementation(): grpcHealthV1.HealthServer {
    return {
      check: (
        call: ServerUnaryCall<grpcHealthV1.HealthCheckRequest, grpcHealthV1.HealthCheckResponse>,
        callback: sendUnaryData<grpcHealthV1.HealthCheckResponse>,
      ) => {
        const current = this.statuses.get(call.request.service);
        if (current === undefined) {
          callback({ code: status.NOT_FOUND, details: `unknown service ${call.request.service}` });
          return;
        }
        callback(null, { status: current });
      },
      list: (
        _call: ServerUnaryCall<grpcHealthV1.HealthListRequest, grpcHealthV1.HealthListResponse>,
        callback: sendUnaryData<grpcHealthV1.HealthListResponse>,
      ) => {
        if (this.statuses.size > HEALTH_LIST_SIZE_MAX) {
          callback({ code: status.RESOURCE_EXHAUSTED, details: 'too many services' });
          return;
        }
        const statuses: Record<string, grpcHealthV1.HealthCheckResponse> = {};
        for (const [name, current] of this.statuses) statuses[name] = { status: current };
        callback(null, { statuses });
      },
      watch: (call: ServerWritableStream<grpcHealthV1.HealthCheckRequest, grpcHealthV1.HealthCheckResponse>) => {
        const name = call.request.service;
        const send = (current: ServingStatus) => call.write({ status: current });
        send(this.statuses.get(name) ?? ServingStatus.SERVICE_UNKNOWN);
        const set = this.watchers.get(name) ?? new Set();
        set.add(send);
        this.watchers.set(name, set);
        call.on('cancelled', () => set.delete(send));
      },
    };
  }
}
