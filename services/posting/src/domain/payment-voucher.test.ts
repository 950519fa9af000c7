import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { paymentVoucher } from './payment-voucher.js';

describe('paymentVoucher', () => {
  it('debits the bank and credits the document’s A/R account for its customer with the same amount', () => {
    const voucher = paymentVoucher({ paymentId: 'PAY-1', amount: money('119.99'), reference: 'receipt 7', customerId: 'C-1', receivableAccount: '1210' });
    expect(voucher.lines.map((line) => [line.role, line.account, line.amount.toFixed(), line.customerId, line.description])).toEqual([
      ['BANK', '1000', '119.99', '', 'Payment PAY-1 C-1 receipt 7'],
      ['RECEIVABLE', '1210', '-119.99', 'C-1', 'Payment PAY-1 C-1 receipt 7'],
    ]);
  });
});
