export { accepted, rejected, validationError, type BusinessError, type Outcome } from '@ledgerline/outcome';

/** The rejection codes the customer-item service answers with (common/v1 types.proto). */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_STATE: 'INVALID_STATE',
} as const;
