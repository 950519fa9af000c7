import { commonV1, postingV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration } from '@ledgerline/grpc';
import type { PostingDatabase } from '../db/client.js';
import type { PostingOutcome } from '../db/generated/client.js';
import { findOutcome } from '../db/outcomes.js';
import type { postingRunHandlers } from './posting-run-grpc.js';

const STATUS_TO_WIRE: Record<PostingOutcome['status'], postingV1.PostingStatus> = {
  PENDING: postingV1.PostingStatus.POSTING_STATUS_PENDING,
  POSTED: postingV1.PostingStatus.POSTING_STATUS_POSTED,
  FAILED: postingV1.PostingStatus.POSTING_STATUS_FAILED,
};

/**
 * The posting.v1.PostingService gRPC API: GetPostingOutcome reads the outcome of one document;
 * the posting-run RPCs come from posting-run-grpc.ts.
 */
export function postingGrpcService(prisma: PostingDatabase['prisma'], runHandlers: ReturnType<typeof postingRunHandlers>) {
  return serviceRegistration<postingV1.PostingServiceServer>('posting.v1.PostingService', postingV1.PostingServiceService, {
    ...runHandlers,
    async getPostingOutcome(request) {
      if (request.companyId === '' || request.invoiceId === '') {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'company_id and invoice_id are required');
      }
      const outcome = await findOutcome(prisma, request.companyId, request.invoiceId);
      if (outcome === null) {
        throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `no posting of invoice ${request.invoiceId} was requested`);
      }
      return { outcome: toWire(outcome) };
    },
  });
}

function toWire(outcome: PostingOutcome): postingV1.PostingOutcome {
  return postingV1.PostingOutcome.fromPartial({
    invoiceId: outcome.invoiceId,
    companyId: outcome.companyId,
    customerId: outcome.customerId,
    status: STATUS_TO_WIRE[outcome.status],
    invoiceNumber: outcome.invoiceNumber ?? '',
    transactionNumber: outcome.transactionNumber?.toString() ?? '0',
    ledgerEntryId: outcome.ledgerEntryId ?? '',
    reasons: reasonsOf(outcome.reasons),
    postingRunId: outcome.postingRunId ?? '',
    requestedAt: outcome.requestedAt,
    completedAt: outcome.completedAt ?? undefined,
  });
}

/** The stored reasons ([{code, message, fieldPath}], written by posting itself). */
function reasonsOf(stored: unknown): commonV1.BusinessError[] {
  if (!Array.isArray(stored)) return [];
  return stored.map((reason: { code?: unknown; message?: unknown; fieldPath?: unknown }) =>
    commonV1.BusinessError.fromPartial({
      code: String(reason.code ?? ''),
      message: String(reason.message ?? ''),
      fieldPath: String(reason.fieldPath ?? ''),
    }),
  );
}
