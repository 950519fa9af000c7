import { describe, expect, it } from 'vitest';
import { accepted, rejected, validationError } from './index.js';

describe('outcomes', () => {
  it('carry a value when accepted and every reason when rejected', () => {
    expect([accepted(3), rejected([validationError('lines[0].quantity', 'must be positive')])]).toEqual([
      { ok: true, value: 3 },
      { ok: false, errors: [{ code: 'VALIDATION_FAILED', message: 'must be positive', fieldPath: 'lines[0].quantity' }] },
    ]);
  });
});
