import type { z } from '@ledgerline/config';
import { describe, expect, it } from 'vitest';
import { postAndPayPaymentIdFor } from './idempotency.js';
import { requestPostingRequest } from './mapping.js';
import { amendInvoiceBody, postInvoiceBody } from './requests.js';
import { fieldErrors } from './validation.js';

const paths = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? [] : fieldErrors(result.error).map((error) => error.path);
};
const line = { description: 'Consulting', quantity: '2', unitPrice: '100.00', account: '4100', taxCode: 'STD' };

describe('post-and-pay bodies', () => {
  it('accepts a payment with an amount and a paid date, the id and reference optional', () => {
    expect(paths(postInvoiceBody, { payment: { amount: '120.00', paidDate: '2026-11-02' } })).toEqual([]);
    expect(paths(postInvoiceBody, { payment: { id: 'PAY-1', amount: '120.00', paidDate: '2026-11-02', reference: 'till 3' } })).toEqual([]);
  });

  it('refuses a payment that is not positive, a date that does not exist and unknown fields', () => {
    expect(paths(postInvoiceBody, { payment: { amount: '0', paidDate: '2026-02-30', method: 'cash' } })).toEqual([
      'payment.amount',
      'payment.paidDate',
      'payment.method',
    ]);
  });

  it('passes the payment on with the id derived from the Idempotency-Key when it names none', () => {
    const derived = postAndPayPaymentIdFor('acme', 'inv-1', 'key-1');
    const request = requestPostingRequest('acme', 'inv-1', 'key-1', { payment: { amount: '120.00', paidDate: '2026-11-02' } }, derived);
    expect(request.payment).toEqual({ paymentId: derived, amount: '120.00', paidDate: '2026-11-02', reference: '' });
    const named = requestPostingRequest('acme', 'inv-1', 'key-1', { payment: { id: 'PAY-9', amount: '1.00', paidDate: '2026-11-02' } }, derived);
    expect(named.payment?.paymentId).toBe('PAY-9');
  });

  it('derives one payment id per key and document', () => {
    expect(postAndPayPaymentIdFor('acme', 'inv-1', 'key-1')).toBe(postAndPayPaymentIdFor('acme', 'inv-1', 'key-1'));
    expect(postAndPayPaymentIdFor('acme', 'inv-1', 'key-1')).not.toBe(postAndPayPaymentIdFor('acme', 'inv-2', 'key-1'));
  });
});

describe('amend bodies', () => {
  it('accepts a new date, reference and lines', () => {
    expect(paths(amendInvoiceBody, { invoiceDate: '2026-11-03', reference: 'PO 8', lines: [line] })).toEqual([]);
  });

  it('requires the date and at least one line, and refuses what no document type allows and a change of type', () => {
    expect(paths(amendInvoiceBody, { lines: [] })).toEqual(['invoiceDate', 'lines']);
    expect(paths(amendInvoiceBody, { invoiceDate: '2026-11-03', lines: [{ ...line, productId: 'P-1' }] })).toEqual(['lines[0].account']);
    expect(paths(amendInvoiceBody, { invoiceDate: '2026-11-03', type: 'CREDIT_MEMO', lines: [line] })).toEqual(['type']);
  });
});
