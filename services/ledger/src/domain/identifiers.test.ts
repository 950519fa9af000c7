import { describe, expect, it } from 'vitest';
import { formatDocumentNumber } from './identifiers.js';

describe('formatDocumentNumber', () => {
  it('pads to six digits and keeps longer numbers whole', () => {
    expect([formatDocumentNumber('INVOICE', 1n), formatDocumentNumber('CREDIT_MEMO', 1234567n)]).toEqual(['INVOICE-000001', 'CREDIT_MEMO-1234567']);
  });
});
