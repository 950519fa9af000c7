import { describe, expect, it } from 'vitest';
import { documentEffect, UnusableDocumentError, type PostedDocument } from './posted-document.js';

const posted: PostedDocument = {
  companyId: 'acme',
  customerId: 'C-1',
  documentId: 'inv-1',
  documentNumber: 'INVOICE-000001',
  transactionNumber: '7',
  documentType: 'FREE_TEXT',
  documentDate: '2026-05-04',
  dueDate: '2026-06-03',
  period: '2026-05',
  fiscalYearStart: '2026-01-01',
  currency: 'USD',
  homeCurrency: 'EUR',
  netAmount: '100.00',
  totalAmount: '120.00',
  homeNetAmount: '90.00',
  homeTotalAmount: '108.00',
  discountDate: '',
  discountAmount: '',
  homeDiscountAmount: '',
  ledgerEntryId: 'entry-1',
  payment: { paymentId: 'pay-1', amount: '120.00', paidDate: '2026-05-11', reference: '', ledgerEntryId: 'entry-2', homeAmount: '110.40' },
};

describe('documentEffect', () => {
  it('takes a post-and-pay payment in the document currency for a customer in that currency', () => {
    expect(documentEffect(posted, 'USD').payment?.amount.toFixed(2)).toBe('120.00');
  });

  it('takes a post-and-pay payment at the home amount its entry posted for a home-currency customer', () => {
    expect(documentEffect(posted, 'EUR').payment).toMatchObject({ ledgerEntryId: 'entry-2' });
    expect(documentEffect(posted, 'EUR').payment?.amount.toFixed(2)).toBe('110.40');
  });

  it('refuses a post-and-pay payment that names no ledger entry, as events from before posting posted it do', () => {
    const withoutEntry = { ...posted, payment: { ...posted.payment!, ledgerEntryId: '' } };
    expect(() => documentEffect(withoutEntry, 'USD')).toThrow(UnusableDocumentError);
  });
});
