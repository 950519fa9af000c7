import { postingV1 } from '@ledgerline/contracts';
import { serviceRegistration } from '@ledgerline/grpc';

/**
 * The posting.v1.PostingService gRPC API. Its RPCs arrive with the issues that build them; until then
 * callers get UNIMPLEMENTED, never a made-up answer.
 */
export function postingGrpcService() {
  return serviceRegistration<postingV1.PostingServiceServer>('posting.v1.PostingService', postingV1.PostingServiceService, {});
}
