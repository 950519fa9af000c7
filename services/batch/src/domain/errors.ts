export { accepted, rejected, validationError, type BusinessError, type Outcome } from '@ledgerline/outcome';

/** The rejection codes of batch_service.proto. */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  BATCH_PRINTED: 'BATCH_PRINTED',
  BATCH_DELETED: 'BATCH_DELETED',
  DOCUMENT_ALREADY_BATCHED: 'DOCUMENT_ALREADY_BATCHED',
  NOTHING_TO_BATCH: 'NOTHING_TO_BATCH',
} as const;
