import { commonV1 } from '@ledgerline/contracts';
import type { CreditCheckMode } from '../domain/blockers.js';
import type { DocumentType } from '../domain/posting-document.js';

/** The common.v1 enums posting reads and writes, in both directions, for gRPC and events alike. */

export const DOCUMENT_TYPE_FROM_WIRE: Partial<Record<commonV1.DocumentType, DocumentType>> = {
  [commonV1.DocumentType.DOCUMENT_TYPE_SALES_ORDER]: 'SALES_ORDER',
  [commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT]: 'FREE_TEXT',
  [commonV1.DocumentType.DOCUMENT_TYPE_DEBIT_MEMO]: 'DEBIT_MEMO',
  [commonV1.DocumentType.DOCUMENT_TYPE_CREDIT_MEMO]: 'CREDIT_MEMO',
};

export const DOCUMENT_TYPE_TO_WIRE: Record<DocumentType, commonV1.DocumentType> = {
  SALES_ORDER: commonV1.DocumentType.DOCUMENT_TYPE_SALES_ORDER,
  FREE_TEXT: commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT,
  DEBIT_MEMO: commonV1.DocumentType.DOCUMENT_TYPE_DEBIT_MEMO,
  CREDIT_MEMO: commonV1.DocumentType.DOCUMENT_TYPE_CREDIT_MEMO,
};

/** UNSPECIFIED means no check (common/v1 types.proto). */
export const CREDIT_CHECK_MODE_FROM_WIRE: Partial<Record<commonV1.CreditCheckMode, CreditCheckMode>> = {
  [commonV1.CreditCheckMode.CREDIT_CHECK_MODE_UNSPECIFIED]: 'NONE',
  [commonV1.CreditCheckMode.CREDIT_CHECK_MODE_NONE]: 'NONE',
  [commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE]: 'BALANCE',
  [commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_PACKING_SLIPS]: 'BALANCE_PACKING_SLIPS',
  [commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_ALL]: 'BALANCE_ALL',
};

export const CREDIT_CHECK_MODE_TO_WIRE: Record<CreditCheckMode, commonV1.CreditCheckMode> = {
  NONE: commonV1.CreditCheckMode.CREDIT_CHECK_MODE_NONE,
  BALANCE: commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE,
  BALANCE_PACKING_SLIPS: commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_PACKING_SLIPS,
  BALANCE_ALL: commonV1.CreditCheckMode.CREDIT_CHECK_MODE_BALANCE_ALL,
};
