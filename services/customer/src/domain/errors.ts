export { accepted, rejected, validationError, type BusinessError, type Outcome } from '@ledgerline/outcome';

export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  EXCHANGE_RATE_MISSING: 'EXCHANGE_RATE_MISSING',
} as const;
