import { z } from '@ledgerline/config';
import { pageQuery } from './requests.js';
import { expected, isoDate, recordId, text } from './validation.js';

/** Schemas of the invoice-batch requests (DESIGN 4.7); strict objects like every other request. */

/** Most customers or documents one request may name (batch_service.proto). */
export const BATCH_REQUEST_IDS_MAX = 1_000;
/** Longest reason of a date correction. */
export const CORRECTION_REASON_LENGTH_MAX = 500;
export const BATCH_STATUS_NAMES = ['OPEN', 'PRINTED', 'DELETED'] as const;

const bool = () => z.boolean(expected('true or false'));
const idList = () =>
  z
    .array(recordId(), expected('a list of ids'))
    .max(BATCH_REQUEST_IDS_MAX, `at most ${BATCH_REQUEST_IDS_MAX} ids`)
    .refine((ids) => new Set(ids).size === ids.length, 'an id is named twice');

export const batchPath = z.strictObject({ company: recordId(), batchId: recordId() });
export const batchCustomerPath = z.strictObject({ company: recordId(), batchId: recordId(), customerId: recordId() });
export const batchDocumentPath = z.strictObject({ company: recordId(), batchId: recordId(), documentId: recordId() });
export const arTransactionPath = z.strictObject({ company: recordId(), transactionId: recordId() });

export const generateBatchBody = z.strictObject({
  id: recordId(),
  closeDate: isoDate(),
  dummy: bool().optional(),
  includeCustomerIds: idList().optional(),
  includeDocumentIds: idList().optional(),
  onlyCustomerIds: idList().optional(),
});

export const createBatchBody = z.strictObject({ id: recordId(), closeDate: isoDate(), dummy: bool().optional() });
export const updateBatchBody = z.strictObject({ closeDate: isoDate() });
export const addBatchCustomersBody = z.strictObject({ customerIds: idList().refine((ids) => ids.length > 0, 'name at least one customer') });
export const addBatchDocumentsBody = z.strictObject({ documentIds: idList().refine((ids) => ids.length > 0, 'name at least one document') });

export const listBatchesQuery = z.strictObject({
  status: z.enum(BATCH_STATUS_NAMES, expected(`one of ${BATCH_STATUS_NAMES.join(', ')}`)).optional(),
  ...pageQuery,
});
export const batchReportQuery = z.strictObject({ customerId: recordId().optional(), ...pageQuery });
export const batchReportPdfQuery = z.strictObject({ customerId: recordId().optional() });

export const correctDatesBody = z
  .strictObject({
    invoiceDate: isoDate().optional(),
    dueDate: isoDate().optional(),
    paidDate: isoDate().optional(),
    reason: text(CORRECTION_REASON_LENGTH_MAX).refine((reason) => reason.trim() !== '', 'a reason is required'),
  })
  .refine((body) => body.invoiceDate !== undefined || body.dueDate !== undefined || body.paidDate !== undefined, {
    message: 'give at least one of invoiceDate, dueDate, paidDate',
    path: [],
  });

export type GenerateBatchBody = z.output<typeof generateBatchBody>;
export type CorrectDatesBody = z.output<typeof correctDatesBody>;
