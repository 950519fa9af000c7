import { customerItemV1 } from '@ledgerline/contracts';
import { GrpcStatus, GrpcStatusError, serviceRegistration } from '@ledgerline/grpc';
import type { CustomerItemContext } from '../app/context.js';
import { listCustomerItems } from '../app/customer-items.js';
import {
  countForSelection,
  DocumentPostedError,
  InvalidDraftLinesError,
  listDrafts,
  proposeDrafts,
  reviewDraft,
  SELECTION_DOCUMENTS_MAX,
} from '../app/drafts.js';
import { InvalidCursorError } from '../app/paging.js';
import type { DraftStatus } from '../domain/drafts.js';
import { decisionFromWire, statusFromWire, toWireCustomerItem, toWireDraft, toWireRejection } from './wire.js';

/** The customeritem.v1.CustomerItemService gRPC API: requests translated to use cases and back. */
export function customerItemGrpcService(context: CustomerItemContext) {
  return serviceRegistration<customerItemV1.CustomerItemServiceServer>('customeritem.v1.CustomerItemService', customerItemV1.CustomerItemServiceService, {
    async proposeDrafts(request) {
      requireIds({ company_id: request.companyId, invoice_id: request.invoiceId, customer_id: request.customerId });
      try {
        const drafts = await proposeDrafts(context, {
          companyId: request.companyId,
          invoiceId: request.invoiceId,
          customerId: request.customerId,
          lines: request.lines,
        });
        return { drafts: drafts.map(toWireDraft) };
      } catch (error) {
        if (error instanceof InvalidDraftLinesError) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, error.message);
        if (error instanceof DocumentPostedError) throw new GrpcStatusError(GrpcStatus.FAILED_PRECONDITION, error.message);
        throw error;
      }
    },

    async countCustomerItemsForSelection(request) {
      requireIds({ company_id: request.companyId });
      if (request.invoiceIds.length > SELECTION_DOCUMENTS_MAX) {
        throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `at most ${SELECTION_DOCUMENTS_MAX} invoice_ids per call; count a larger selection in chunks`);
      }
      return countForSelection(context, request.companyId, request.invoiceIds);
    },

    async listDrafts(request) {
      requireIds({ company_id: request.companyId });
      const statuses = request.statuses.map(statusFromWire);
      if (statuses.includes(undefined)) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, 'statuses holds a value that is no draft status');
      const page = await withCursor(() =>
        listDrafts(context, {
          companyId: request.companyId,
          invoiceId: request.invoiceId,
          customerId: request.customerId,
          statuses: statuses as DraftStatus[],
          pageSize: request.page?.pageSize ?? 0,
          cursor: request.page?.cursor ?? '',
        }),
      );
      return { drafts: page.drafts.map(toWireDraft), page: { nextCursor: page.nextCursor } };
    },

    async reviewDraft(request) {
      requireIds({ company_id: request.companyId, draft_id: request.draftId });
      const outcome = await reviewDraft(
        context,
        { companyId: request.companyId, draftId: request.draftId },
        { decision: decisionFromWire(request.decision), reviewedBy: request.reviewedBy, description: request.description },
      );
      return {
        result: outcome.ok ? { $case: 'draft', value: toWireDraft(outcome.value) } : { $case: 'rejection', value: toWireRejection(outcome.errors) },
      };
    },

    async listCustomerItems(request) {
      requireIds({ company_id: request.companyId });
      const page = await withCursor(() =>
        listCustomerItems(context, {
          companyId: request.companyId,
          customerId: request.customerId,
          productId: request.productId,
          invoiceId: request.invoiceId,
          pageSize: request.page?.pageSize ?? 0,
          cursor: request.page?.cursor ?? '',
        }),
      );
      return { items: page.items.map(toWireCustomerItem), page: { nextCursor: page.nextCursor } };
    },
  });
}

async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, error.message);
    throw error;
  }
}

function requireIds(ids: Record<string, string>): void {
  const missing = Object.entries(ids).filter(([, value]) => value === '').map(([name]) => name);
  if (missing.length > 0) throw new GrpcStatusError(GrpcStatus.INVALID_ARGUMENT, `${missing.join(', ')} required`);
}
