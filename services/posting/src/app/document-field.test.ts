import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import type { Voucher } from '../domain/voucher.js';
import { documentFieldOf } from './post-documents.js';

const voucher: Voucher = {
  lines: [
    { role: 'RECEIVABLE', account: '1200', amount: money('120.00'), description: '', customerId: 'C-1', correction: false },
    { role: 'REVENUE', account: '2500', amount: money('-60.00'), description: '', customerId: '', correction: false, documentLineIndex: 0 },
    { role: 'REVENUE', account: '2500', amount: money('-40.00'), description: '', customerId: '', correction: false, documentLineIndex: 0 },
    { role: 'REVENUE', account: '4000', amount: money('-20.00'), description: '', customerId: '', correction: false, documentLineIndex: 1 },
  ],
};

describe('documentFieldOf', () => {
  it("names a voucher line's field as its document line's", () => {
    expect(documentFieldOf('journals[3].lines[3].incomeSchedule.startDate', voucher)).toBe('lines[1].incomeSchedule.startDate');
  });

  it("names the journal's date and currency as the document's", () => {
    expect([documentFieldOf('journals[0].date', voucher), documentFieldOf('journals[12].currency', voucher)]).toEqual(['invoiceDate', 'currency']);
  });

  it('keeps a path the document has no field for as the ledger wrote it', () => {
    expect([documentFieldOf('journals[0].lines[0].customerId', voucher), documentFieldOf('journals[0].lines', voucher), documentFieldOf('date', voucher)]).toEqual([
      'journals[0].lines[0].customerId',
      'journals[0].lines',
      'date',
    ]);
  });
});
