import { customerItemV1 } from '@ledgerline/contracts';
import { serviceRegistration } from '@ledgerline/grpc';

/**
 * The customeritem.v1.CustomerItemService gRPC API. Its RPCs arrive with the issues that build them; until then
 * callers get UNIMPLEMENTED, never a made-up answer.
 */
export function customerItemGrpcService() {
  return serviceRegistration<customerItemV1.CustomerItemServiceServer>('customeritem.v1.CustomerItemService', customerItemV1.CustomerItemServiceService, {});
}
