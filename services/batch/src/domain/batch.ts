import { isIsoDate } from '@ledgerline/calendar';
import { ErrorCode, validationError, type BusinessError } from './errors.js';

/** Most customers or documents one request may name; larger selections go through generation. */
export const BATCH_REQUEST_IDS_MAX = 1_000;
/** Longest client-chosen id (common/v1 types.proto). */
export const ID_LENGTH_MAX = 64;
/** Digits of the printed batch number, e.g. "B-000017". */
const BATCH_NUMBER_DIGITS = 6;

export type BatchStatus = 'OPEN' | 'PRINTED' | 'DELETED';
export type BatchOrigin = 'GENERATED' | 'MANUAL';

/** The state of a batch the rules below look at. */
export interface BatchState {
  batchId: string;
  batchNumber: bigint;
  status: BatchStatus;
}

/** How a batch number is shown: a prefix and the gapless per-company sequence number. */
export function batchNumberText(batchNumber: bigint): string {
  return `B-${batchNumber.toString().padStart(BATCH_NUMBER_DIGITS, '0')}`;
}

/** Details of a batch can change only until it is printed [001]; a deleted batch is gone for good. */
export function changeRefusal(batch: BatchState): BusinessError | undefined {
  if (batch.status === 'PRINTED') {
    return {
      code: ErrorCode.BATCH_PRINTED,
      message: `batch ${batchNumberText(batch.batchNumber)} is printed and can no longer be changed or deleted`,
      fieldPath: '',
    };
  }
  if (batch.status === 'DELETED') {
    return { code: ErrorCode.BATCH_DELETED, message: `batch ${batchNumberText(batch.batchNumber)} was deleted`, fieldPath: '' };
  }
  return undefined;
}

/** A deleted batch cannot be printed; open and printed ones can (printing again is a reprint). */
export function printRefusal(batch: BatchState): BusinessError | undefined {
  return batch.status === 'DELETED' ? changeRefusal(batch) : undefined;
}

/** What GenerateBatch selects, besides the cutoff-day rule. */
export interface GenerationSelection {
  closeDate: string;
  dummy: boolean;
  includeCustomerIds: readonly string[];
  includeDocumentIds: readonly string[];
  onlyCustomerIds: readonly string[];
}

/** Field errors of a generation request; empty when it can run. */
export function checkGenerationSelection(selection: GenerationSelection): BusinessError[] {
  return [
    ...checkCloseDate(selection.closeDate),
    ...checkIds('includeCustomerIds', selection.includeCustomerIds),
    ...checkIds('includeDocumentIds', selection.includeDocumentIds),
    ...checkIds('onlyCustomerIds', selection.onlyCustomerIds),
  ];
}

export function checkCloseDate(closeDate: string, fieldPath = 'closeDate'): BusinessError[] {
  return isIsoDate(closeDate) ? [] : [validationError(fieldPath, `"${closeDate}" is not a YYYY-MM-DD date`)];
}

/** A list of ids: each present and short enough, no repeats, at most BATCH_REQUEST_IDS_MAX. */
export function checkIds(fieldPath: string, ids: readonly string[]): BusinessError[] {
  if (ids.length > BATCH_REQUEST_IDS_MAX) return [validationError(fieldPath, `at most ${BATCH_REQUEST_IDS_MAX} ids per request`)];
  const errors: BusinessError[] = [];
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (id === '' || id.length > ID_LENGTH_MAX) errors.push(validationError(`${fieldPath}[${index}]`, `an id is 1 to ${ID_LENGTH_MAX} characters`));
    else if (seen.has(id)) errors.push(validationError(`${fieldPath}[${index}]`, `"${id}" is named twice`));
    seen.add(id);
  });
  return errors;
}

/**
 * What a repeat of a create must match to get the first answer back: a stable text of the
 * request's content (lists sorted, since their order does not change the outcome).
 */
export function requestFingerprint(origin: BatchOrigin, selection: GenerationSelection): string {
  return JSON.stringify([
    origin,
    selection.closeDate,
    selection.dummy,
    [...selection.includeCustomerIds].sort(),
    [...selection.includeDocumentIds].sort(),
    [...selection.onlyCustomerIds].sort(),
  ]);
}
