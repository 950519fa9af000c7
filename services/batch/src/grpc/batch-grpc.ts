import { batchV1 } from '@ledgerline/contracts';
import { serviceRegistration } from '@ledgerline/grpc';

/**
 * The batch.v1.BatchService gRPC API. Its RPCs arrive with the issues that build them; until then
 * callers get UNIMPLEMENTED, never a made-up answer.
 */
export function batchGrpcService() {
  return serviceRegistration<batchV1.BatchServiceServer>('batch.v1.BatchService', batchV1.BatchServiceService, {});
}
