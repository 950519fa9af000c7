import { customerItemV1 } from '@ledgerline/contracts';
import type { DRAFT_STATUS_NAMES, ReviewDraftBody } from './customer-item-requests.js';
import { enumMap, instant, orNull } from './mapping.js';

/** Customer-item shapes between gRPC and REST; same conventions as mapping.ts. Pure. */

type DraftStatusName = (typeof DRAFT_STATUS_NAMES)[number];

const draftStatuses = enumMap<customerItemV1.DraftStatus, DraftStatusName>([
  ['PENDING_REVIEW', customerItemV1.DraftStatus.DRAFT_STATUS_PENDING_REVIEW],
  ['CONFIRMED', customerItemV1.DraftStatus.DRAFT_STATUS_CONFIRMED],
  ['EXCLUDED', customerItemV1.DraftStatus.DRAFT_STATUS_EXCLUDED],
  ['CONVERTED', customerItemV1.DraftStatus.DRAFT_STATUS_CONVERTED],
]);

export function draftStatusesToProto(names: readonly DraftStatusName[] | undefined): customerItemV1.DraftStatus[] {
  return (names ?? []).map((name) => draftStatuses.toProto(name));
}

export function reviewDecisionToProto(decision: ReviewDraftBody['decision']): customerItemV1.ReviewDecision {
  return decision === 'CONFIRM' ? customerItemV1.ReviewDecision.REVIEW_DECISION_CONFIRM : customerItemV1.ReviewDecision.REVIEW_DECISION_EXCLUDE;
}

export function draftToJson(draft: customerItemV1.Draft) {
  return {
    id: draft.draftId,
    invoiceId: draft.invoiceId,
    lineNumber: draft.lineNumber,
    unit: draft.unit,
    customerId: draft.customerId,
    productId: draft.productId,
    serialNumber: orNull(draft.serialNumber),
    description: draft.description,
    status: draftStatuses.toName(draft.status),
    reviewedBy: orNull(draft.reviewedBy),
    reviewedAt: instant(draft.reviewedAt),
  };
}

export function customerItemToJson(item: customerItemV1.CustomerItem) {
  return {
    id: item.customerItemId,
    customerId: item.customerId,
    productId: item.productId,
    serialNumber: orNull(item.serialNumber),
    description: item.description,
    invoiceId: item.invoiceId,
    invoiceNumber: item.invoiceNumber,
    lineNumber: item.lineNumber,
    invoiceDate: item.invoiceDate,
    createdAt: instant(item.createdAt),
  };
}
