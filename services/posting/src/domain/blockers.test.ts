import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import {
  cashSalesBlocker,
  creditLimitBlockers,
  customerItemReviewBlocker,
  serialNumberBlockers,
  type BlockerLine,
  type CreditDocument,
  type CustomerCredit,
} from './blockers.js';

function line(overrides: Partial<BlockerLine> = {}): BlockerLine {
  return {
    lineNumber: 1,
    productId: 'PUMP',
    quantity: money('2'),
    serialized: true,
    createsCustomerItem: false,
    serialNumbers: ['SN-1', 'SN-2'],
    ...overrides,
  };
}

const codes = (errors: readonly { code: string }[]) => errors.map((error) => error.code);

describe('serialNumberBlockers', () => {
  it('passes a serialized line with one serial number per unit', () => {
    expect(serialNumberBlockers([line()])).toEqual([]);
  });

  it('ignores lines of products that are not serialized', () => {
    expect(serialNumberBlockers([line({ serialized: false, serialNumbers: [] })])).toEqual([]);
  });

  it('blocks a line with fewer serial numbers than units, naming the line and what to do', () => {
    const [error] = serialNumberBlockers([line({ lineNumber: 3, quantity: money('3') })]);
    expect(error).toEqual({
      code: 'SERIAL_NUMBERS_MISSING',
      message: 'line 3: product PUMP is serialized and needs one serial number per unit: 3 units, 2 serial numbers; load the missing serial numbers',
      fieldPath: 'lines[2].serialNumbers',
    });
  });

  it('blocks a line with more serial numbers than units', () => {
    const errors = serialNumberBlockers([line({ quantity: money('1') })]);
    expect(errors[0]?.message).toContain('remove the serial numbers beyond one per unit');
  });

  it('does not count blank serial numbers', () => {
    expect(codes(serialNumberBlockers([line({ serialNumbers: ['SN-1', ' '] })]))).toEqual(['SERIAL_NUMBERS_MISSING']);
  });

  it('blocks a fractional quantity of a serialized product', () => {
    const [error] = serialNumberBlockers([line({ quantity: money('1.5'), serialNumbers: ['SN-1'] })]);
    expect([error?.code, error?.fieldPath]).toEqual(['SERIAL_NUMBERS_MISSING', 'lines[0].quantity']);
  });

  it('blocks the same serial number given for two units of one product', () => {
    const errors = serialNumberBlockers([line(), line({ lineNumber: 2, quantity: money('1'), serialNumbers: ['SN-2'] })]);
    expect(errors.map((error) => error.fieldPath)).toEqual(['lines[1].serialNumbers']);
    expect(errors[0]?.message).toContain('SN-2');
  });
});

describe('customerItemReviewBlocker', () => {
  const itemLine = line({ serialized: false, createsCustomerItem: true, serialNumbers: [] });

  it('blocks a document with drafts pending review when the company requires confirmation', () => {
    const error = customerItemReviewBlocker(true, 'SALES_ORDER', [itemLine], { itemsToCreate: 2, pendingReview: 2 });
    expect(error?.code).toBe('CUSTOMER_ITEM_REVIEW_REQUIRED');
    expect(error?.message).toContain('review the customer items first');
  });

  it('passes once every draft is reviewed', () => {
    expect(customerItemReviewBlocker(true, 'SALES_ORDER', [itemLine], { itemsToCreate: 1, pendingReview: 0 })).toBeUndefined();
  });

  it('passes pending drafts when the company does not require confirmation', () => {
    expect(customerItemReviewBlocker(false, 'SALES_ORDER', [itemLine], { itemsToCreate: 2, pendingReview: 2 })).toBeUndefined();
  });

  it('blocks a document whose customer items were never proposed', () => {
    expect(customerItemReviewBlocker(true, 'SALES_ORDER', [itemLine], undefined)?.code).toBe('CUSTOMER_ITEM_REVIEW_REQUIRED');
  });

  it('passes a credit memo, which creates no customer items', () => {
    expect(customerItemReviewBlocker(true, 'CREDIT_MEMO', [itemLine], undefined)).toBeUndefined();
  });

  it('passes a document with no customer-item units at all', () => {
    expect(customerItemReviewBlocker(true, 'SALES_ORDER', [line({ createsCustomerItem: false })], undefined)).toBeUndefined();
  });
});

describe('cashSalesBlocker', () => {
  const subject = {
    customerId: 'CASH',
    cashSalesOnly: true,
    inPostingRun: false,
    paymentAmount: undefined,
    totalAmount: money('120.00'),
    currency: 'EUR',
    documentType: 'FREE_TEXT' as const,
  };

  it('blocks a single posting without a payment and says to post and pay', () => {
    const error = cashSalesBlocker(subject);
    expect([error?.code, error?.fieldPath]).toEqual(['CASH_SALES_ONLY', 'payment']);
    expect(error?.message).toContain('together with its payment');
  });

  it('passes a single posting with a payment of its whole total', () => {
    expect(cashSalesBlocker({ ...subject, paymentAmount: money('120.00') })).toBeUndefined();
  });

  it('blocks a payment of part of the total, which would leave the customer owing', () => {
    const error = cashSalesBlocker({ ...subject, paymentAmount: money('119.99') });
    expect([error?.code, error?.fieldPath]).toEqual(['CASH_SALES_ONLY', 'payment.amount']);
    expect(error?.message).toContain('payment 119.99 must settle the whole total 120.00');
  });

  it('always blocks in a posting run and says to post it individually', () => {
    const error = cashSalesBlocker({ ...subject, inPostingRun: true, paymentAmount: money('120.00') });
    expect(error?.message).toContain('post this document individually with its payment');
  });

  it('passes a credit memo posted on its own', () => {
    expect(cashSalesBlocker({ ...subject, documentType: 'CREDIT_MEMO' })).toBeUndefined();
  });

  it('passes a document with a zero total, which takes no payment', () => {
    expect(cashSalesBlocker({ ...subject, totalAmount: money('0.00') })).toBeUndefined();
  });

  it('passes customers with standard terms', () => {
    expect(cashSalesBlocker({ ...subject, cashSalesOnly: false, inPostingRun: true })).toBeUndefined();
  });
});

describe('creditLimitBlockers', () => {
  const customer: CustomerCredit = {
    customerId: 'C-1',
    currency: 'EUR',
    creditLimit: money('1000'),
    postedBalance: money('800'),
    postedNotInBalance: money('0'),
    otherUnposted: money('150'),
  };
  function document(invoiceId: string, total: string, overrides: Partial<CreditDocument> = {}): CreditDocument {
    return { invoiceId, documentType: 'FREE_TEXT', currency: 'EUR', totalAmount: money(total), mode: 'BALANCE', blocked: false, ...overrides };
  }
  const blockedIds = (result: Map<string, unknown>) => [...result.keys()];

  it('checks nothing in mode NONE', () => {
    expect(blockedIds(creditLimitBlockers(customer, [document('A', '5000', { mode: 'NONE' })]))).toEqual([]);
  });

  it('blocks in mode BALANCE when posted balance + the document exceed the limit, showing the sum', () => {
    const result = creditLimitBlockers(customer, [document('A', '200.01')]);
    expect(result.get('A')?.message).toBe(
      'customer C-1 would exceed its credit limit of 1000.00 EUR: posted balance 800.00 EUR + this document 200.01 EUR = 1000.01 EUR (check BALANCE); take a payment, raise the credit limit or post with another credit check mode',
    );
  });

  it('counts the documents posted and not yet in the balance with it, showing them', () => {
    const result = creditLimitBlockers({ ...customer, postedNotInBalance: money('150') }, [document('A', '50.01')]);
    expect(result.get('A')?.message).toContain(
      'posted balance 800.00 EUR + documents posted, not yet in the balance 150.00 EUR + this document 50.01 EUR = 1000.01 EUR',
    );
  });

  it('passes in mode BALANCE when the sum reaches the limit exactly', () => {
    expect(blockedIds(creditLimitBlockers(customer, [document('A', '200.00')]))).toEqual([]);
  });

  it('treats BALANCE_PACKING_SLIPS as BALANCE (there are no packing slips)', () => {
    expect(blockedIds(creditLimitBlockers(customer, [document('A', '200.00', { mode: 'BALANCE_PACKING_SLIPS' }), document('B', '0.01', { mode: 'BALANCE_PACKING_SLIPS' })]))).toEqual(['B']);
  });

  it('adds the other unposted documents in mode BALANCE_ALL', () => {
    const result = creditLimitBlockers(customer, [document('A', '100', { mode: 'BALANCE_ALL' })]);
    expect(result.get('A')?.message).toContain('other unposted documents 150.00 EUR');
  });

  it('counts earlier documents of the customer cumulatively, in order', () => {
    expect(blockedIds(creditLimitBlockers(customer, [document('A', '150'), document('B', '50', { mode: 'NONE' }), document('C', '0.01')]))).toEqual(['C']);
  });

  it('does not count a document blocked for another reason or by the check itself', () => {
    const result = creditLimitBlockers(customer, [document('A', '150', { blocked: true }), document('B', '300'), document('C', '200')]);
    expect(blockedIds(result)).toEqual(['B']);
  });

  it('never blocks a credit memo, nor lets it make room for later documents', () => {
    const result = creditLimitBlockers(customer, [document('A', '900', { documentType: 'CREDIT_MEMO' }), document('B', '300')]);
    expect(blockedIds(result)).toEqual(['B']);
  });

  it('does not check a customer without a limit', () => {
    expect(blockedIds(creditLimitBlockers({ ...customer, creditLimit: undefined }, [document('A', '1000000')]))).toEqual([]);
  });

  it('does not compare a document in another currency than the customer', () => {
    expect(blockedIds(creditLimitBlockers(customer, [document('A', '5000', { currency: 'USD' })]))).toEqual([]);
  });
});
