import { customerV1 } from '@ledgerline/contracts';
import { serviceRegistration } from '@ledgerline/grpc';

/**
 * The customer.v1.CustomerService gRPC API. Its RPCs arrive with the issues that build them; until then
 * callers get UNIMPLEMENTED, never a made-up answer.
 */
export function customerGrpcService() {
  return serviceRegistration<customerV1.CustomerServiceServer>('customer.v1.CustomerService', customerV1.CustomerServiceService, {});
}
