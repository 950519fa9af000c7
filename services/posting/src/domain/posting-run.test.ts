import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { postingError } from './posting-document.js';
import { periodBlocker, runReport, type AssessedDocument } from './posting-run.js';

function assessed(overrides: Partial<AssessedDocument>): AssessedDocument {
  return {
    invoiceId: 'i1',
    customerId: 'C1',
    draftNumber: 'i1',
    documentType: 'FREE_TEXT',
    invoiceDate: '2026-11-02',
    dueDate: '2026-12-02',
    currency: 'EUR',
    netAmount: money('100.00'),
    taxAmount: money('20.00'),
    totalAmount: money('120.00'),
    customerItemsToCreate: 0,
    blockers: [],
    homeLines: [
      { account: '1200', amount: money('120.00') },
      { account: '4000', amount: money('-100.00') },
      { account: '2200', amount: money('-20.00') },
    ],
    ...overrides,
  };
}

describe('runReport', () => {
  it('totals postable documents per customer with credit memos negative', () => {
    const report = runReport([assessed({}), assessed({ invoiceId: 'i2', documentType: 'CREDIT_MEMO', totalAmount: money('30.00'), netAmount: money('25.00'), taxAmount: money('5.00') })], 'EUR');
    expect(report.customerTotals.map((total) => [total.customerId, total.documentCount, total.totalAmount.toFixed(2)])).toEqual([['C1', 2, '90.00']]);
  });

  it('counts blocked documents without adding them to any total', () => {
    const report = runReport([assessed({}), assessed({ invoiceId: 'i2', customerItemsToCreate: 3, blockers: [postingError('CASH_SALES_ONLY', 'post it with its payment')] })], 'EUR');
    expect([report.documentCount, report.postableCount, report.blockedCount, report.customerItemsToCreate]).toEqual([2, 1, 1, 0]);
    expect(report.customerTotals[0]?.totalAmount.toFixed(2)).toBe('120.00');
  });

  it('splits account totals into home debits and credits, ordered by account', () => {
    const report = runReport([assessed({}), assessed({ invoiceId: 'i2' })], 'EUR');
    expect(report.accountTotals.map((total) => [total.account, total.homeDebit.toFixed(2), total.homeCredit.toFixed(2)])).toEqual([
      ['1200', '240.00', '0.00'],
      ['2200', '0.00', '40.00'],
      ['4000', '0.00', '200.00'],
    ]);
  });

  it('adds up the customer items of postable documents', () => {
    expect(runReport([assessed({ customerItemsToCreate: 2 }), assessed({ invoiceId: 'i2', customerItemsToCreate: 3 })], 'EUR').customerItemsToCreate).toBe(5);
  });
});

describe('periodBlocker', () => {
  const periods = [
    { period: '2026-10', startDate: '2026-10-01', endDate: '2026-10-31', closed: true },
    { period: '2026-11', startDate: '2026-11-01', endDate: '2026-11-30', closed: false },
  ];

  it('blocks a document dated in a closed period', () => {
    expect(periodBlocker('2026-10-15', periods)?.code).toBe('PERIOD_CLOSED');
  });

  it('blocks a document dated where no period exists', () => {
    expect(periodBlocker('2027-01-15', periods)?.message).toContain('no fiscal period');
  });

  it('lets a document in an open period through', () => {
    expect(periodBlocker('2026-11-15', periods)).toBeUndefined();
  });
});
