import { z } from '@ledgerline/config';
import { listOf, pageQuery } from './requests.js';
import { expected, recordId, text } from './validation.js';

/** Schemas of the customer-item requests (DESIGN 4.6); strict objects like every other request. */

/** Longest corrected description of a draft (the customer-item service's limit, that of a line text). */
export const DRAFT_DESCRIPTION_LENGTH_MAX = 500;
export const DRAFT_STATUS_NAMES = ['PENDING_REVIEW', 'CONFIRMED', 'EXCLUDED', 'CONVERTED'] as const;
export const REVIEW_DECISION_NAMES = ['CONFIRM', 'EXCLUDE'] as const;

export const draftPath = z.strictObject({ company: recordId(), draftId: recordId() });

export const listDraftsQuery = z.strictObject({
  invoiceId: recordId().optional(),
  customerId: recordId().optional(),
  status: listOf(DRAFT_STATUS_NAMES).optional(),
  ...pageQuery,
});

export const reviewDraftBody = z.strictObject({
  decision: z.enum(REVIEW_DECISION_NAMES, expected(`one of ${REVIEW_DECISION_NAMES.join(', ')}`)),
  description: text(DRAFT_DESCRIPTION_LENGTH_MAX)
    .refine((description) => description.trim() !== '', 'a corrected description must not be blank; leave it out to keep the draft text')
    .optional(),
});

export const listCustomerItemsQuery = z.strictObject({
  customerId: recordId().optional(),
  invoiceId: recordId().optional(),
  productId: recordId().optional(),
  ...pageQuery,
});

export type ReviewDraftBody = z.output<typeof reviewDraftBody>;
