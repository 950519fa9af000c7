export { createGrpcClient, type GrpcClientOptions, type PromiseClient, type UnaryCallOptions } from './client.js';
export { GrpcStatus, GrpcStatusError, httpStatusFromGrpc, isServiceError, reasonOf, REASON_METADATA, toServiceError } from './errors.js';
export { HealthRegistry } from './health.js';
export {
  IDEMPOTENCY_CLAIM_LEASE_MS,
  IDEMPOTENCY_KEY_IN_USE,
  IDEMPOTENCY_KEY_REUSED,
  IDEMPOTENCY_KEY_BYTES_MAX,
  IDEMPOTENCY_KEY_METADATA,
  IDEMPOTENCY_RECORD_RETENTION_MS,
  type IdempotencyClaim,
  type IdempotencyRecords,
} from './idempotency.js';
export { CALL_DEADLINE_MS_DEFAULT, MESSAGE_SIZE_MAX_BYTES, SHUTDOWN_GRACE_MS } from './limits.js';
export {
  metadataToCarrier,
  serviceRegistration,
  startGrpcServer,
  type AsyncServiceImplementation,
  type CallContext,
  type GrpcServerOptions,
  type RunningGrpcServer,
  type ServiceRegistration,
} from './server.js';
