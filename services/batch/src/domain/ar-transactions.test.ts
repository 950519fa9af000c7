import { describe, expect, it } from 'vitest';
import { arDocumentOf, newestProfiles, UnusableEventError } from './ar-transactions.js';

const facts = {
  companyId: 'co',
  documentId: 'inv-1',
  customerId: 'c1',
  documentNumber: 'CM-1',
  documentType: 'CREDIT_MEMO' as const,
  currency: 'GBP',
  totalAmount: '120.00',
  homeCurrency: 'EUR',
  homeTotalAmount: '140.40',
  invoiceDate: '2026-11-10',
  dueDate: '2026-12-10',
  postedAt: new Date('2026-11-10T10:00:00Z'),
};

describe('arDocumentOf', () => {
  it('makes a credit memo negative in document and home currency', () => {
    const document = arDocumentOf(facts);
    expect([document.amount.toFixed(2), document.homeAmount.toFixed(2)]).toEqual(['-120.00', '-140.40']);
  });

  it('keeps an invoice positive', () => {
    expect(arDocumentOf({ ...facts, documentType: 'FREE_TEXT' }).amount.toFixed(2)).toBe('120.00');
  });

  it('fails loudly on an impossible due date', () => {
    expect(() => arDocumentOf({ ...facts, dueDate: '2026-13-01' })).toThrow(UnusableEventError);
  });
});

describe('newestProfiles', () => {
  it('keeps the highest revision of a customer seen twice', () => {
    const profile = { companyId: 'co', customerId: 'c1', name: 'A', currency: 'EUR', cutoffDay: 15, revision: 2n };
    expect(newestProfiles([profile, { ...profile, cutoffDay: 30, revision: 1n }])).toEqual([profile]);
  });
});
