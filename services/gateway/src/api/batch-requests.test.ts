import type { z } from '@ledgerline/config';
import { describe, expect, it } from 'vitest';
import { addBatchDocumentsBody, BATCH_REQUEST_IDS_MAX, correctDatesBody, generateBatchBody } from './batch-requests.js';
import { fieldErrors } from './validation.js';

function paths(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : fieldErrors(result.error).map((error) => error.path);
}

describe('invoice batch bodies', () => {
  it('accepts a generation with overrides', () => {
    expect(paths(generateBatchBody, { id: 'b1', closeDate: '2026-11-15', includeCustomerIds: ['C4'], includeDocumentIds: ['d1'] })).toEqual([]);
  });

  it('names an impossible close date', () => {
    expect(paths(generateBatchBody, { id: 'b1', closeDate: '2026-11-31' })).toEqual(['closeDate']);
  });

  it('refuses a customer named twice in an override', () => {
    expect(paths(generateBatchBody, { id: 'b1', closeDate: '2026-11-15', includeCustomerIds: ['C4', 'C4'] })).toEqual(['includeCustomerIds']);
  });

  it('refuses more documents than one request may carry', () => {
    const documentIds = Array.from({ length: BATCH_REQUEST_IDS_MAX + 1 }, (_, index) => `d${index}`);
    expect(paths(addBatchDocumentsBody, { documentIds })).toEqual(['documentIds']);
  });

  it('refuses an empty list of documents', () => {
    expect(paths(addBatchDocumentsBody, { documentIds: [] })).toEqual(['documentIds']);
  });

  it('requires a date in a correction', () => {
    expect(paths(correctDatesBody, { reason: 'typo' })).toEqual(['']);
  });

  it('requires a reason in a correction', () => {
    expect(paths(correctDatesBody, { paidDate: '2026-11-12', reason: '  ' })).toEqual(['reason']);
  });
});
