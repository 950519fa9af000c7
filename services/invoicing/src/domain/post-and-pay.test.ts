import { MoneyDecimal } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { paymentProblems, type PaymentInput } from './post-and-pay.js';

const invoice = { type: 'FREE_TEXT' as const, currency: 'EUR', totalAmount: new MoneyDecimal('120.00') };
const payment: PaymentInput = { paymentId: 'PAY-1', amount: '120.00', paidDate: '2026-11-02', reference: 'till 1' };
const paths = (problems: readonly { fieldPath: string }[]) => problems.map((problem) => problem.fieldPath);

describe('paymentProblems', () => {
  it('accepts a payment of the whole total', () => {
    expect(paymentProblems(payment, invoice, '')).toEqual([]);
  });

  it('accepts a payment of part of the total', () => {
    expect(paymentProblems({ ...payment, amount: '20.00' }, invoice, '')).toEqual([]);
  });

  it('refuses more than the total', () => {
    expect(paths(paymentProblems({ ...payment, amount: '120.01' }, invoice, ''))).toEqual(['payment.amount']);
  });

  it('refuses zero and amounts with more decimals than the document currency', () => {
    expect(paths(paymentProblems({ ...payment, amount: '0.00' }, invoice, ''))).toEqual(['payment.amount']);
    expect(paths(paymentProblems({ ...payment, amount: '10.001' }, invoice, ''))).toEqual(['payment.amount']);
  });

  it('refuses a paid date that does not exist', () => {
    expect(paths(paymentProblems({ ...payment, paidDate: '2026-02-30' }, invoice, ''))).toEqual(['payment.paidDate']);
  });

  it('refuses a payment in a posting run', () => {
    expect(paymentProblems(payment, invoice, 'RUN-1')[0]?.message).toContain('post the document individually');
  });

  it('refuses a payment with a credit memo', () => {
    expect(paths(paymentProblems(payment, { ...invoice, type: 'CREDIT_MEMO' }, ''))).toEqual(['payment']);
  });
});
