import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { validatePayment, type PaymentDraft } from './payment.js';

const draft = (overrides: Partial<PaymentDraft>): PaymentDraft => ({
  paymentId: 'P1',
  amount: '100.00',
  currency: '',
  paidDate: '2026-03-01',
  reference: '',
  applications: [],
  ...overrides,
});

const fields = (result: ReturnType<typeof validatePayment>) => (result.ok ? [] : result.errors.map((error) => error.fieldPath));

describe('payment validation', () => {
  it('refuses a zero amount, a foreign currency and an impossible paid date together', () => {
    expect(fields(validatePayment(draft({ amount: '0', currency: 'USD', paidDate: '2026-02-30' }), 'EUR', new Map()))).toEqual([
      'currency',
      'amount',
      'paidDate',
    ]);
  });

  it('refuses applications to documents that are not open or owe less', () => {
    const open = new Map([['INV-A', money('50')]]);
    const result = validatePayment(
      draft({ applications: [{ documentId: 'INV-A', amount: '60' }, { documentId: 'INV-X', amount: '10' }] }),
      'EUR',
      open,
    );
    expect(fields(result)).toEqual(['applications[0].amount', 'applications[1].documentId']);
  });

  it('refuses applications adding up to more than the payment', () => {
    const open = new Map([['INV-A', money('80')], ['INV-B', money('80')]]);
    const result = validatePayment(
      draft({ applications: [{ documentId: 'INV-A', amount: '60' }, { documentId: 'INV-B', amount: '60' }] }),
      'EUR',
      open,
    );
    expect(fields(result)).toEqual(['applications']);
  });
});
