import { describe, expect, it } from 'vitest';
import { formatDraftNumber, parseDraftNumber } from './draft-number.js';

describe('draft numbers', () => {
  it('pads to six digits and grows beyond them', () => {
    expect([formatDraftNumber(123n), formatDraftNumber(1_234_567n)]).toEqual(['D-000123', 'D-1234567']);
  });

  it('reads a draft number back, with or without padding, and nothing else', () => {
    expect(['D-000123', 'D-123', 'D-1234567', '123', 'INV-1', 'D-', 'd-1'].map(parseDraftNumber)).toEqual([123n, 123n, 1_234_567n, undefined, undefined, undefined, undefined]);
  });
});
