import { describe, expect, it } from 'vitest';
import { draftNumberRangeErrors } from './draft-number-range.js';

describe('draftNumberRangeErrors', () => {
  it('compares draft numbers by number, not as text', () => {
    expect(draftNumberRangeErrors('D-999999', 'D-1000000', 'selection.number')).toEqual([]);
    expect(draftNumberRangeErrors('D-1000000', 'D-999999', 'selection.number').map((error) => error.fieldPath)).toEqual(['selection.number.to']);
  });

  it('refuses an end that is not a draft number, naming it', () => {
    expect(draftNumberRangeErrors('INV-1', '', 'selection.number').map((error) => [error.code, error.fieldPath])).toEqual([['VALIDATION_FAILED', 'selection.number.from']]);
  });
});
