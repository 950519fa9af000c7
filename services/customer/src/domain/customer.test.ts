import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import {
  applyCustomerChanges,
  checkCreditTerms,
  UNKNOWN_PAYMENT_TERMS,
  validateCustomerUpdate,
  type CustomerTerms,
  type CustomerUpdateDraft,
} from './customer.js';

const update = (overrides: Partial<CustomerUpdateDraft>): CustomerUpdateDraft => ({
  companyId: 'acme',
  customerId: 'C-1',
  name: undefined,
  creditTermsId: undefined,
  paymentTerms: undefined,
  creditLimit: undefined,
  batchCutoffDay: undefined,
  ...overrides,
});

const stored: CustomerTerms = {
  companyId: 'acme',
  customerId: 'C-1',
  name: 'Contoso AG',
  currency: 'EUR',
  creditTermsId: 'NET30',
  paymentTerms: 'STANDARD',
  creditLimit: money('5000'),
  batchCutoffDay: 15,
  postingGroup: 'DEFAULT',
};

const fields = (result: ReturnType<typeof validateCustomerUpdate>) => (result.ok ? [] : result.errors.map((error) => error.fieldPath));

describe('customer update validation', () => {
  it('keeps only the fields the request sends, the name trimmed and the limit parsed', () => {
    const result = validateCustomerUpdate(update({ name: '  Contoso GmbH ', creditLimit: '7500.50' }), 'EUR');
    expect(result.ok && result.value).toEqual({ name: 'Contoso GmbH', creditLimit: money('7500.50') });
  });

  it('reads "" and 0 as clearing credit terms, credit limit and cutoff day', () => {
    const result = validateCustomerUpdate(update({ creditTermsId: '', creditLimit: '', batchCutoffDay: 0 }), 'EUR');
    expect(result.ok && result.value).toEqual({ creditTermsId: null, creditLimit: null, batchCutoffDay: null });
  });

  it('refuses a name that is empty once trimmed', () => {
    expect(fields(validateCustomerUpdate(update({ name: '   ' }), 'EUR'))).toEqual(['name']);
  });

  it('refuses a negative credit limit', () => {
    expect(fields(validateCustomerUpdate(update({ creditLimit: '-1' }), 'EUR'))).toEqual(['creditLimit']);
  });

  it('refuses a credit limit finer than the customer currency', () => {
    expect(fields(validateCustomerUpdate(update({ creditLimit: '100.5' }), 'JPY'))).toEqual(['creditLimit']);
  });

  it('refuses a cutoff day after the 31st', () => {
    expect(fields(validateCustomerUpdate(update({ batchCutoffDay: 32 }), 'EUR'))).toEqual(['batchCutoffDay']);
  });

  it('refuses payment terms that name none', () => {
    expect(fields(validateCustomerUpdate(update({ paymentTerms: UNKNOWN_PAYMENT_TERMS }), 'EUR'))).toEqual(['paymentTerms']);
  });

  it('lists every refused field at once', () => {
    const result = validateCustomerUpdate(update({ name: '', paymentTerms: UNKNOWN_PAYMENT_TERMS, creditLimit: '1e3', batchCutoffDay: 40 }), 'EUR');
    expect(fields(result)).toEqual(['name', 'paymentTerms', 'creditLimit', 'batchCutoffDay']);
  });

  it('refuses credit terms the company does not offer', () => {
    expect(checkCreditTerms({ companyId: 'acme', creditTermsId: 'NET90' }, ['NET30', '2/10NET30'])).toMatchObject([
      { code: 'VALIDATION_FAILED', fieldPath: 'creditTermsId' },
    ]);
  });
});

describe('applying customer changes', () => {
  it('changes the fields given and keeps the others', () => {
    expect(applyCustomerChanges(stored, { name: 'Contoso GmbH', paymentTerms: 'CASH_SALES_ONLY' })).toEqual({
      ...stored,
      name: 'Contoso GmbH',
      paymentTerms: 'CASH_SALES_ONLY',
    });
  });

  it('clears the fields changed to null', () => {
    expect(applyCustomerChanges(stored, { creditTermsId: null, creditLimit: null, batchCutoffDay: null })).toEqual({
      ...stored,
      creditTermsId: undefined,
      creditLimit: undefined,
      batchCutoffDay: undefined,
    });
  });
});
