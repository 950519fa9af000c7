import { describe, expect, it } from 'vitest';
import { BATCH_REQUEST_IDS_MAX, batchNumberText, changeRefusal, checkGenerationSelection, printRefusal, requestFingerprint } from './batch.js';

const selection = { closeDate: '2026-11-15', dummy: false, includeCustomerIds: [], includeDocumentIds: [], onlyCustomerIds: [] };

describe('batch rules', () => {
  it('shows batch numbers zero-padded with a prefix', () => {
    expect(batchNumberText(17n)).toBe('B-000017');
  });

  it('refuses changes to a printed batch with BATCH_PRINTED', () => {
    expect(changeRefusal({ batchId: 'b', batchNumber: 3n, status: 'PRINTED' })?.code).toBe('BATCH_PRINTED');
  });

  it('refuses changes to a deleted batch with BATCH_DELETED', () => {
    expect(changeRefusal({ batchId: 'b', batchNumber: 3n, status: 'DELETED' })?.code).toBe('BATCH_DELETED');
  });

  it('allows changes to an open batch', () => {
    expect(changeRefusal({ batchId: 'b', batchNumber: 3n, status: 'OPEN' })).toBeUndefined();
  });

  it('allows a printed batch to be printed again', () => {
    expect(printRefusal({ batchId: 'b', batchNumber: 3n, status: 'PRINTED' })).toBeUndefined();
  });

  it('rejects an impossible close date naming the field', () => {
    expect(checkGenerationSelection({ ...selection, closeDate: '2026-02-30' })).toEqual([
      expect.objectContaining({ code: 'VALIDATION_FAILED', fieldPath: 'closeDate' }),
    ]);
  });

  it('rejects a customer named twice with its index', () => {
    const errors = checkGenerationSelection({ ...selection, includeCustomerIds: ['c1', 'c1'] });
    expect(errors.map((error) => error.fieldPath)).toEqual(['includeCustomerIds[1]']);
  });

  it('rejects more ids than a request may carry', () => {
    const ids = Array.from({ length: BATCH_REQUEST_IDS_MAX + 1 }, (_, index) => `d${index}`);
    expect(checkGenerationSelection({ ...selection, includeDocumentIds: ids })[0]?.fieldPath).toBe('includeDocumentIds');
  });

  it('fingerprints requests independently of the order of their lists', () => {
    expect(requestFingerprint('GENERATED', { ...selection, includeCustomerIds: ['a', 'b'] })).toBe(
      requestFingerprint('GENERATED', { ...selection, includeCustomerIds: ['b', 'a'] }),
    );
  });
});
