import { describe, expect, it } from 'vitest';
import { dateChanges } from './corrections.js';

const document = { kind: 'DOCUMENT' as const, invoiceDate: '2013-10-10', dueDate: '2013-11-09' };
const request = { invoiceDate: '', dueDate: '', paidDate: '', reason: 'typo on entry', correctedBy: 'clerk' };

describe('dateChanges', () => {
  it('moves a document’s invoice date, keeping the old one for the audit trail', () => {
    expect(dateChanges(document, { ...request, invoiceDate: '2013-11-10', dueDate: '2013-12-10' }).changes).toEqual([
      { field: 'invoiceDate', fromDate: '2013-10-10', toDate: '2013-11-10' },
      { field: 'dueDate', fromDate: '2013-11-09', toDate: '2013-12-10' },
    ]);
  });

  it('refuses a paid date on a document', () => {
    expect(dateChanges(document, { ...request, paidDate: '2013-11-12' }).errors[0]?.fieldPath).toBe('paidDate');
  });

  it('refuses an invoice date on a payment', () => {
    expect(dateChanges({ kind: 'PAYMENT', paidDate: '2013-05-12' }, { ...request, invoiceDate: '2013-11-12' }).errors[0]?.fieldPath).toBe('invoiceDate');
  });

  it('refuses a due date before the invoice date', () => {
    expect(dateChanges(document, { ...request, dueDate: '2013-10-01' }).errors[0]?.fieldPath).toBe('dueDate');
  });

  it('requires a reason', () => {
    expect(dateChanges(document, { ...request, reason: ' ', dueDate: '2013-12-01' }).errors[0]?.fieldPath).toBe('reason');
  });

  it('records nothing for a date equal to the current one', () => {
    expect(dateChanges({ kind: 'PAYMENT', paidDate: '2013-05-12' }, { ...request, paidDate: '2013-05-12' }).changes).toEqual([]);
  });
});
