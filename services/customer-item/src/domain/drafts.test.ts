import { describe, expect, it } from 'vitest';
import {
  applyReview,
  checkReview,
  mergeProposal,
  proposedUnits,
  reviewRefusal,
  UNITS_PER_DOCUMENT_MAX,
  type DraftLine,
  type DraftState,
} from './drafts.js';

const pump: DraftLine = { lineNumber: 1, productId: 'PUMP', quantity: '2', serialNumbers: ['SN-1', 'SN-2'], description: 'Pump' };
const reviewedAt = new Date('2026-11-02T10:00:00Z');

function unitsOf(lines: DraftLine[]) {
  const result = proposedUnits(lines);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.units;
}

function confirmed(draft: DraftState, description = ''): DraftState {
  return applyReview(draft, { decision: 'CONFIRM', reviewedBy: 'clerk', description }, reviewedAt);
}

describe('proposing drafts', () => {
  it('proposes one draft per whole unit with the serial number at its position', () => {
    expect(unitsOf([pump, { lineNumber: 3, productId: 'VALVE', quantity: '1', serialNumbers: [], description: 'Valve' }])).toEqual([
      { lineNumber: 1, unit: 1, productId: 'PUMP', serialNumber: 'SN-1', description: 'Pump' },
      { lineNumber: 1, unit: 2, productId: 'PUMP', serialNumber: 'SN-2', description: 'Pump' },
      { lineNumber: 3, unit: 1, productId: 'VALVE', serialNumber: '', description: 'Valve' },
    ]);
  });

  it('leaves the serial number empty for units beyond those given', () => {
    expect(unitsOf([{ ...pump, quantity: '3' }]).map((unit) => unit.serialNumber)).toEqual(['SN-1', 'SN-2', '']);
  });

  it('counts only whole units of a fractional quantity', () => {
    expect(unitsOf([{ ...pump, quantity: '2.75' }])).toHaveLength(2);
    expect(unitsOf([{ ...pump, quantity: '0.5' }])).toEqual([]);
  });

  it('refuses lines that cannot be interpreted, naming each', () => {
    const result = proposedUnits([
      { ...pump, quantity: '-1' },
      { ...pump, lineNumber: 1, productId: '' },
      { ...pump, lineNumber: 0, quantity: 'two' },
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toHaveLength(5);
  });

  it('refuses more units on a document than the limit', () => {
    const result = proposedUnits([{ ...pump, quantity: String(UNITS_PER_DOCUMENT_MAX) }, { ...pump, lineNumber: 2, quantity: '1' }]);
    expect(result.ok).toBe(false);
    expect(proposedUnits([{ ...pump, quantity: String(UNITS_PER_DOCUMENT_MAX) }]).ok).toBe(true);
  });
});

describe('re-proposing drafts', () => {
  const first = mergeProposal(unitsOf([pump]), [], 'C1');

  it('starts every new draft pending review with the line text', () => {
    expect(first.map((draft) => [draft.unit, draft.status, draft.description, draft.reviewedBy])).toEqual([
      [1, 'PENDING_REVIEW', 'Pump', ''],
      [2, 'PENDING_REVIEW', 'Pump', ''],
    ]);
  });

  it('keeps the review of a unit whose product and serial number are unchanged', () => {
    const reviewed = [confirmed(first[0] as DraftState), first[1] as DraftState];
    const again = mergeProposal(unitsOf([{ ...pump, description: 'Pump, blue' }]), reviewed, 'C1');
    expect(again[0]).toMatchObject({ status: 'CONFIRMED', reviewedBy: 'clerk', reviewedAt, description: 'Pump, blue' });
  });

  it('keeps a corrected description over a new line text', () => {
    const reviewed = [confirmed(first[0] as DraftState, 'Pump in the basement')];
    const again = mergeProposal(unitsOf([{ ...pump, description: 'Pump, blue' }]), reviewed, 'C1');
    expect(again[0]).toMatchObject({ status: 'CONFIRMED', description: 'Pump in the basement', descriptionCorrected: true });
  });

  it('starts a unit over when its serial number or product changes', () => {
    const reviewed = first.map((draft) => confirmed(draft));
    const again = mergeProposal(unitsOf([{ ...pump, serialNumbers: ['SN-1', 'SN-9'] }]), reviewed, 'C1');
    expect(again.map((draft) => [draft.serialNumber, draft.status])).toEqual([
      ['SN-1', 'CONFIRMED'],
      ['SN-9', 'PENDING_REVIEW'],
    ]);
    const otherProduct = mergeProposal(unitsOf([{ ...pump, productId: 'PUMP-2' }]), reviewed, 'C1');
    expect(otherProduct.map((draft) => draft.status)).toEqual(['PENDING_REVIEW', 'PENDING_REVIEW']);
  });

  it('drops units no longer proposed and removes all with no lines', () => {
    expect(mergeProposal(unitsOf([{ ...pump, quantity: '1' }]), first, 'C1').map((draft) => draft.unit)).toEqual([1]);
    expect(mergeProposal([], first, 'C1')).toEqual([]);
  });

  it('gives every draft the document customer of the latest proposal', () => {
    expect(mergeProposal(unitsOf([pump]), first, 'C2').map((draft) => draft.customerId)).toEqual(['C2', 'C2']);
  });
});

describe('reviewing drafts', () => {
  const draft = mergeProposal(unitsOf([pump]), [], 'C1')[0] as DraftState;

  it('confirms or excludes, and a second review replaces the first', () => {
    const excluded = applyReview(confirmed(draft), { decision: 'EXCLUDE', reviewedBy: 'controller', description: '' }, reviewedAt);
    expect(excluded).toMatchObject({ status: 'EXCLUDED', reviewedBy: 'controller', description: 'Pump', descriptionCorrected: false });
  });

  it('names each field of a review that cannot be applied', () => {
    const errors = checkReview({ decision: undefined, reviewedBy: ' ', description: '   ' });
    expect(errors.map((error) => [error.code, error.fieldPath])).toEqual([
      ['VALIDATION_FAILED', 'decision'],
      ['VALIDATION_FAILED', 'reviewedBy'],
      ['VALIDATION_FAILED', 'description'],
    ]);
    expect(checkReview({ decision: 'CONFIRM', reviewedBy: 'clerk', description: '' })).toEqual([]);
  });

  it('refuses reviews once the document is posted, whatever the draft decision was', () => {
    expect(reviewRefusal('d1', 'CONVERTED', true)?.code).toBe('INVALID_STATE');
    expect(reviewRefusal('d1', 'EXCLUDED', true)?.code).toBe('INVALID_STATE');
    expect(reviewRefusal('d1', 'CONFIRMED', false)).toBeUndefined();
  });
});
