import { customerItemV1 } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus, GrpcStatusError, isServiceError } from '@ledgerline/grpc';
import type { CustomerItemDrafts } from '../app/customer-item-drafts.js';

/** Answers of the customer-item service that mean "not now": the caller may simply try again. */
const RETRYABLE = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.RESOURCE_EXHAUSTED]);

/**
 * ProposeDrafts of the customer-item service over gRPC. When that service cannot be reached in
 * time the document is not written, and the caller is told UNAVAILABLE so that it retries
 * (creation is idempotent by id); any other failure is a broken invariant and stays INTERNAL.
 */
export function customerItemDraftsClient(address: string, deadlineMs: number): CustomerItemDrafts & { close(): void } {
  const customerItems = createGrpcClient(customerItemV1.CustomerItemServiceClient, { address, deadlineMs });
  return {
    async proposeDrafts(proposal) {
      try {
        await customerItems.proposeDrafts(proposal);
      } catch (error) {
        if (isServiceError(error) && RETRYABLE.has(error.code)) {
          throw new GrpcStatusError(GrpcStatus.UNAVAILABLE, 'the customer-item service did not take the drafts; nothing was written, try again');
        }
        throw error;
      }
    },
    close: () => customerItems.close(),
  };
}
