import type { z } from '@ledgerline/config';
import { describe, expect, it } from 'vitest';
import {
  createAccountBody,
  createCompanyBody,
  createCustomerBody,
  createInvoiceBody,
  exchangeRateBody,
  INVOICE_LINES_MAX,
  listInvoicesQuery,
  PAGE_LIMIT_MAX,
  POST_INVOICES_IDS_MAX,
  postInvoicesBody,
  postingProfileBody,
  recordPaymentBody,
  updateSettingsBody,
} from './requests.js';
import { fieldErrors } from './validation.js';

function errorsOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : fieldErrors(result.error);
}
const paths = (schema: z.ZodType, input: unknown) => errorsOf(schema, input).map((error) => error.path);

const line = { description: 'Consulting', quantity: '2', unitPrice: '100.00', account: '4100', taxCode: 'STD' };
const invoice = { type: 'FREE_TEXT', customerId: 'C-1', invoiceDate: '2026-01-15', lines: [line] };

describe('invoice bodies', () => {
  it('accepts a free-text invoice', () => {
    expect(errorsOf(createInvoiceBody, invoice)).toEqual([]);
  });
  it('names the offending line and field', () => {
    const lines = [line, line, { ...line, quantity: 2 }];
    expect(errorsOf(createInvoiceBody, { ...invoice, lines })).toEqual([
      { path: 'lines[2].quantity', message: 'expected a decimal string such as "1234.50"' },
    ]);
  });
  it('lists every error at once', () => {
    expect(
      paths(createInvoiceBody, {
        type: 'PRO_FORMA',
        invoiceDate: '2026-02-30',
        currency: 'EURO',
        lines: [{ ...line, unitPrice: '1e2', distribution: [{ account: '4000', percent: '50', amount: '1.00' }] }],
      }),
    ).toEqual(['type', 'customerId', 'invoiceDate', 'currency', 'lines[0].unitPrice', 'lines[0].distribution[0].percent']);
  });
  it(`refuses more than ${INVOICE_LINES_MAX} lines and no lines`, () => {
    expect(errorsOf(createInvoiceBody, { ...invoice, lines: Array.from({ length: INVOICE_LINES_MAX + 1 }, () => line) })).toEqual([
      { path: 'lines', message: `at most ${INVOICE_LINES_MAX} lines` },
    ]);
    expect(paths(createInvoiceBody, { ...invoice, lines: [] })).toEqual(['lines']);
  });
  it('asks each document type for the line fields it needs', () => {
    expect(paths(createInvoiceBody, { ...invoice, type: 'SALES_ORDER' })).toEqual(['lines[0].productId']);
    expect(paths(createInvoiceBody, { ...invoice, type: 'SALES_ORDER', lines: [{ ...line, productId: 'P-1' }] })).toEqual(['lines[0].account']);
    expect(paths(createInvoiceBody, { ...invoice, lines: [{ ...line, account: undefined }] })).toEqual(['lines[0].account']);
    expect(paths(createInvoiceBody, { ...invoice, type: 'SALES_ORDER', lines: [{ ...line, account: undefined, productId: 'P-1' }] })).toEqual([]);
    expect(paths(createInvoiceBody, { ...invoice, lines: [{ ...line, taxCode: undefined }] })).toEqual(['lines[0].taxCode']);
  });
  it('takes "" for an optional field as not set, as the contracts do', () => {
    const distributed = { ...line, account: '', distribution: [{ account: '4000', percent: '33.33' }, { account: '4100', percent: '33.33' }, { account: '2500', percent: '33.34' }] };
    expect(errorsOf(createInvoiceBody, { ...invoice, currency: '', lines: [distributed] })).toEqual([]);
    expect(paths(createInvoiceBody, { ...invoice, lines: [{ ...line, account: '' }] })).toEqual(['lines[0].account']);
  });
  it('checks that a distribution by percent adds up to 100', () => {
    const distributed = (...percents: string[]) => ({ ...invoice, lines: [{ ...line, account: undefined, distribution: percents.map((percent) => ({ account: '4000', percent })) }] });
    expect(errorsOf(createInvoiceBody, distributed('50', '49'))).toEqual([{ path: 'lines[0].distribution', message: 'percentages add up to 99, not 100' }]);
    expect(errorsOf(createInvoiceBody, distributed('50', '50.00'))).toEqual([]);
    const mixed = { ...invoice, lines: [{ ...line, distribution: [{ account: '4000', percent: '50' }, { account: '4100', amount: '50.00' }] }] };
    expect(paths(createInvoiceBody, mixed)).toEqual(['lines[0].distribution']);
    expect(paths(createInvoiceBody, { ...invoice, lines: [{ ...line, distribution: [{ account: '4000' }] }] })).toEqual(['lines[0].distribution[0].percent']);
  });
  it('refuses unknown fields', () => {
    expect(paths(createInvoiceBody, { ...invoice, custmerId: 'C-1' })).toEqual(['custmerId']);
  });
});

describe('other bodies', () => {
  it('companies: currencies, date, template', () => {
    expect(
      paths(createCompanyBody, { id: 'acme', name: 'Acme', homeCurrency: 'EUR', reportingCurrency: 'usd', fiscalYearStart: '2026-02-29', template: 'custom' }),
    ).toEqual(['reportingCurrency', 'fiscalYearStart', 'template']);
  });
  it('settings: at least one, typed', () => {
    expect(paths(updateSettingsBody, {})).toEqual(['']);
    expect(paths(updateSettingsBody, { backgroundPostingLineThreshold: 1.5, requireCustomerItemConfirmation: 'yes' })).toEqual([
      'requireCustomerItemConfirmation',
      'backgroundPostingLineThreshold',
    ]);
  });
  it('exchange rates: positive rate, two different currencies', () => {
    expect(paths(exchangeRateBody, { from: 'EUR', to: 'EUR', date: '2026-01-01', rate: '0' })).toEqual(['rate', 'to']);
    expect(paths(exchangeRateBody, { from: 'EUR', to: 'USD', date: '2026-01-01', rate: '1.08250000' })).toEqual([]);
  });
  it('accounts: a number, a name and a known type', () => {
    expect(paths(createAccountBody, { account: '', name: '', type: 'INCOME', control: 'yes' })).toEqual(['account', 'name', 'type', 'control']);
    expect(paths(createAccountBody, { account: '1210', name: 'Receivables abroad', type: 'ASSET', control: true })).toEqual([]);
  });
  it('posting profiles: the A/R account, nothing else', () => {
    expect(paths(postingProfileBody, {})).toEqual(['receivableAccount']);
    expect(paths(postingProfileBody, { receivableAccount: '1210', postingGroup: 'EXPORT' })).toEqual(['postingGroup']);
  });
  it('customers: payment terms, cutoff day, credit limit', () => {
    expect(
      paths(createCustomerBody, { id: 'C-1', name: 'Buyer', currency: 'EUR', paymentTerms: 'CASH', batchCutoffDay: 32, creditLimit: '-5' }),
    ).toEqual(['paymentTerms', 'creditLimit', 'batchCutoffDay']);
  });
  it('payments: positive amount, existing date', () => {
    expect(paths(recordPaymentBody, { customerId: 'C-1', amount: '0', paidDate: '2026-04-31' })).toEqual(['amount', 'paidDate']);
  });
  it('payments: explicit applications name a document and a positive amount each', () => {
    const body = { customerId: 'C-1', amount: '50.00', paidDate: '2026-04-30' };
    expect(paths(recordPaymentBody, { ...body, applications: [{ documentId: 'INV-1', amount: '20.00' }] })).toEqual([]);
    expect(paths(recordPaymentBody, { ...body, applications: [{ documentId: '', amount: '-1' }] })).toEqual(['applications[0].documentId', 'applications[0].amount']);
  });
  it(`posting many documents: 1 to ${POST_INVOICES_IDS_MAX} ids without repeats, known options`, () => {
    const ids = (count: number) => Array.from({ length: count }, (_, index) => `D-${index}`);
    expect(paths(postInvoicesBody, { invoiceIds: ids(POST_INVOICES_IDS_MAX), creditCheckMode: 'BALANCE' })).toEqual([]);
    expect(paths(postInvoicesBody, { invoiceIds: [] })).toEqual(['invoiceIds']);
    expect(paths(postInvoicesBody, { invoiceIds: ids(POST_INVOICES_IDS_MAX + 1) })).toEqual(['invoiceIds']);
    expect(paths(postInvoicesBody, { invoiceIds: ['D-1', 'D-1'] })).toEqual(['invoiceIds']);
    expect(paths(postInvoicesBody, { invoiceIds: ['D-1'], creditCheckMode: 'SOMETIMES', payment: {} })).toEqual(['creditCheckMode', 'payment']);
  });
});

describe('invoice list query', () => {
  it('takes repeated and comma-separated statuses', () => {
    const result = listInvoicesQuery.parse({ status: ['IN_PROGRESS', 'COMPLETE,DISCARDED'], limit: '20' });
    expect(result.status).toEqual(['IN_PROGRESS', 'COMPLETE', 'DISCARDED']);
    expect(result.limit).toBe(20);
  });
  it(`serves a limit over ${PAGE_LIMIT_MAX} as ${PAGE_LIMIT_MAX}`, () => {
    expect(listInvoicesQuery.parse({ limit: '1000' }).limit).toBe(PAGE_LIMIT_MAX);
  });
  it('refuses unknown names, a limit below 1 or not a number, reversed ranges', () => {
    expect(paths(listInvoicesQuery, { status: 'POSTED' })).toEqual(['status[0]']);
    expect(paths(listInvoicesQuery, { limit: '0' })).toEqual(['limit']);
    expect(paths(listInvoicesQuery, { limit: '10.5' })).toEqual(['limit']);
    expect(paths(listInvoicesQuery, { dueDateFrom: '2026-02-01', dueDateTo: '2026-01-01' })).toEqual(['dueDateTo']);
  });
});
