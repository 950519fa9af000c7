import type { z } from '@ledgerline/config';
import { describe, expect, it } from 'vitest';
import { DRAFT_DESCRIPTION_LENGTH_MAX, listDraftsQuery, reviewDraftBody } from './customer-item-requests.js';
import { fieldErrors } from './validation.js';

function paths(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : fieldErrors(result.error).map((error) => error.path);
}

describe('customer-item requests', () => {
  it('accepts a review with a corrected description', () => {
    expect(paths(reviewDraftBody, { decision: 'CONFIRM', description: 'Pump in the basement' })).toEqual([]);
    expect(paths(reviewDraftBody, { decision: 'EXCLUDE' })).toEqual([]);
  });

  it('requires a known decision', () => {
    expect(paths(reviewDraftBody, {})).toEqual(['decision']);
    expect(paths(reviewDraftBody, { decision: 'MAYBE' })).toEqual(['decision']);
  });

  it('refuses a blank or overlong description and unknown fields', () => {
    expect(paths(reviewDraftBody, { decision: 'CONFIRM', description: '  ' })).toEqual(['description']);
    expect(paths(reviewDraftBody, { decision: 'CONFIRM', description: 'x'.repeat(DRAFT_DESCRIPTION_LENGTH_MAX + 1) })).toEqual(['description']);
    expect(paths(reviewDraftBody, { decision: 'CONFIRM', reviewedBy: 'someone else' })).toEqual(['reviewedBy']);
  });

  it('takes draft statuses repeated or comma-separated', () => {
    expect(listDraftsQuery.parse({ status: 'PENDING_REVIEW,CONFIRMED' }).status).toEqual(['PENDING_REVIEW', 'CONFIRMED']);
    expect(listDraftsQuery.parse({ status: ['EXCLUDED', 'CONVERTED'] }).status).toEqual(['EXCLUDED', 'CONVERTED']);
    expect(paths(listDraftsQuery, { status: 'DONE' })).toEqual(['status[0]']);
  });
});
