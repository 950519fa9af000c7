import { ledgerV1 } from '@ledgerline/contracts';
import { serviceRegistration } from '@ledgerline/grpc';

/**
 * The ledger.v1.LedgerService gRPC API. Its RPCs arrive with the issues that build them; until then
 * callers get UNIMPLEMENTED, never a made-up answer.
 */
export function ledgerGrpcService() {
  return serviceRegistration<ledgerV1.LedgerServiceServer>('ledger.v1.LedgerService', ledgerV1.LedgerServiceService, {});
}
