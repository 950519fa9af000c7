import { commonV1, customerItemV1 } from '@ledgerline/contracts';
import type { CustomerItemRecord } from '../db/customer-items.js';
import type { DraftRecord } from '../db/drafts.js';
import type { DocumentType } from '../domain/customer-items.js';
import type { DraftStatus, ReviewDecision } from '../domain/drafts.js';
import type { BusinessError } from '../domain/errors.js';

/** Translations between the service's own shapes and customeritem.v1 messages. */
const { DraftStatus: WireStatus, ReviewDecision: WireDecision } = customerItemV1;

const STATUS_TO_WIRE: Record<DraftStatus, customerItemV1.DraftStatus> = {
  PENDING_REVIEW: WireStatus.DRAFT_STATUS_PENDING_REVIEW,
  CONFIRMED: WireStatus.DRAFT_STATUS_CONFIRMED,
  EXCLUDED: WireStatus.DRAFT_STATUS_EXCLUDED,
  CONVERTED: WireStatus.DRAFT_STATUS_CONVERTED,
};

const STATUS_FROM_WIRE: Partial<Record<customerItemV1.DraftStatus, DraftStatus>> = {
  [WireStatus.DRAFT_STATUS_PENDING_REVIEW]: 'PENDING_REVIEW',
  [WireStatus.DRAFT_STATUS_CONFIRMED]: 'CONFIRMED',
  [WireStatus.DRAFT_STATUS_EXCLUDED]: 'EXCLUDED',
  [WireStatus.DRAFT_STATUS_CONVERTED]: 'CONVERTED',
};

export const DOCUMENT_TYPE_FROM_WIRE: Partial<Record<commonV1.DocumentType, DocumentType>> = {
  [commonV1.DocumentType.DOCUMENT_TYPE_SALES_ORDER]: 'SALES_ORDER',
  [commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT]: 'FREE_TEXT',
  [commonV1.DocumentType.DOCUMENT_TYPE_DEBIT_MEMO]: 'DEBIT_MEMO',
  [commonV1.DocumentType.DOCUMENT_TYPE_CREDIT_MEMO]: 'CREDIT_MEMO',
};

/** A status filter value, or undefined when it is none of the four statuses (UNSPECIFIED included). */
export function statusFromWire(status: customerItemV1.DraftStatus): DraftStatus | undefined {
  return STATUS_FROM_WIRE[status];
}

/** The decision of a review, or undefined when the caller gave none. */
export function decisionFromWire(decision: customerItemV1.ReviewDecision): ReviewDecision | undefined {
  if (decision === WireDecision.REVIEW_DECISION_CONFIRM) return 'CONFIRM';
  if (decision === WireDecision.REVIEW_DECISION_EXCLUDE) return 'EXCLUDE';
  return undefined;
}

export function toWireDraft(draft: DraftRecord): customerItemV1.Draft {
  return {
    draftId: draft.draftId,
    companyId: draft.companyId,
    invoiceId: draft.invoiceId,
    lineNumber: draft.lineNumber,
    unit: draft.unit,
    customerId: draft.customerId,
    productId: draft.productId,
    serialNumber: draft.serialNumber,
    description: draft.description,
    status: STATUS_TO_WIRE[draft.status],
    reviewedBy: draft.reviewedBy,
    reviewedAt: draft.reviewedAt,
  };
}

export function toWireCustomerItem(item: CustomerItemRecord): customerItemV1.CustomerItem {
  return {
    customerItemId: item.customerItemId,
    companyId: item.companyId,
    customerId: item.customerId,
    productId: item.productId,
    serialNumber: item.serialNumber,
    description: item.description,
    invoiceId: item.invoiceId,
    invoiceNumber: item.invoiceNumber,
    lineNumber: item.lineNumber,
    invoiceDate: item.invoiceDate,
    createdAt: item.createdAt,
  };
}

export function toWireRejection(errors: readonly BusinessError[]): commonV1.Rejection {
  return { errors: errors.map((error) => ({ code: error.code, message: error.message, fieldPath: error.fieldPath })) };
}
