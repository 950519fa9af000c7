import { formatAmount, money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import type { DocumentLine, DocumentTaxLine, PostingDocument, PostingRules } from './posting-document.js';
import { buildVoucher, type VoucherResult } from './voucher.js';

const rules: PostingRules = {
  receivableAccount: '1200',
  receivableAccountByPostingGroup: new Map([['EXPORT', '1210']]),
  postZeroPriceLinesToRevenue: false,
  deferredRevenueAccount: '2500',
  taxPayableAccountByCode: new Map([
    ['STD', '2200'],
    ['RED', '2210'],
    ['ZERO', '2200'],
  ]),
};

function line(lineNumber: number, account: string, net: string, extra: Partial<DocumentLine> = {}): DocumentLine {
  return { lineNumber, description: `Line ${lineNumber}`, account, netAmount: money(net), distribution: [], ...extra };
}

function tax(taxCode: string, amount: string): DocumentTaxLine {
  return { taxCode, taxAmount: money(amount) };
}

function document(overrides: Partial<PostingDocument> & Pick<PostingDocument, 'lines' | 'taxLines'>): PostingDocument {
  const net = overrides.lines.reduce((acc, l) => acc.plus(l.netAmount), money('0'));
  const taxAmount = overrides.taxLines.reduce((acc, l) => acc.plus(l.taxAmount), money('0'));
  return {
    invoiceId: 'inv-1',
    customerId: 'C-1',
    documentType: 'FREE_TEXT',
    draftNumber: 'D-1',
    invoiceDate: '2026-11-25',
    currency: 'EUR',
    netAmount: net,
    taxAmount,
    totalAmount: net.plus(taxAmount),
    creditCorrection: false,
    customerPostingGroup: '',
    ...overrides,
  };
}

/** The voucher as [role, account, amount, customer, correction] rows, amounts in the currency's format. */
function rows(result: VoucherResult, currency = 'EUR') {
  if (!result.ok) throw new Error(`expected a voucher, got ${JSON.stringify(result.errors)}`);
  return result.voucher.lines.map((l) => [l.role, l.account, formatAmount(l.amount, currency), l.customerId, l.correction]);
}

describe('buildVoucher', () => {
  it('debits A/R, credits each distribution share and each tax code of a free-text invoice', () => {
    const result = buildVoucher(
      document({
        lines: [
          line(1, '', '100.01', {
            distribution: [
              { account: '4000', percent: money('33.33') },
              { account: '4100', percent: money('33.33') },
              { account: '4200', percent: money('33.34') },
            ],
          }),
          line(2, '4100', '50.00'),
        ],
        taxLines: [tax('STD', '20.00'), tax('RED', '2.50')],
      }),
      rules,
    );
    expect(rows(result)).toEqual([
      ['RECEIVABLE', '1200', '172.51', 'C-1', false],
      ['REVENUE', '4000', '-33.33', '', false],
      ['REVENUE', '4100', '-33.33', '', false],
      ['REVENUE', '4200', '-33.35', '', false],
      ['REVENUE', '4100', '-50.00', '', false],
      ['TAX', '2200', '-20.00', '', false],
      ['TAX', '2210', '-2.50', '', false],
    ]);
  });

  it('reverses every sign of a credit memo', () => {
    const result = buildVoucher(
      document({ documentType: 'CREDIT_MEMO', lines: [line(1, '4000', '100.00')], taxLines: [tax('STD', '20.00')] }),
      rules,
    );
    expect(rows(result)).toEqual([
      ['RECEIVABLE', '1200', '-120.00', 'C-1', false],
      ['REVENUE', '4000', '100.00', '', false],
      ['TAX', '2200', '20.00', '', false],
    ]);
  });

  it('posts a credit memo with credit correction as storno lines on the invoice sides', () => {
    const result = buildVoucher(
      document({
        documentType: 'CREDIT_MEMO',
        creditCorrection: true,
        lines: [line(1, '4000', '100.00')],
        taxLines: [tax('STD', '20.00')],
      }),
      rules,
    );
    expect(rows(result)).toEqual([
      ['RECEIVABLE', '1200', '-120.00', 'C-1', true],
      ['REVENUE', '4000', '100.00', '', true],
      ['TAX', '2200', '20.00', '', true],
    ]);
  });

  it('ignores credit correction on an invoice', () => {
    const result = buildVoucher(
      document({ creditCorrection: true, lines: [line(1, '4000', '10.00')], taxLines: [tax('STD', '2.00')] }),
      rules,
    );
    expect(rows(result).map((row) => row[4])).toEqual([false, false, false]);
  });

  it('posts a zero-price line as 0.00 revenue when the company setting is on', () => {
    const result = buildVoucher(
      document({ lines: [line(1, '4000', '100.00'), line(2, '4100', '0.00')], taxLines: [tax('STD', '20.00')] }),
      { ...rules, postZeroPriceLinesToRevenue: true },
    );
    expect(rows(result)).toEqual([
      ['RECEIVABLE', '1200', '120.00', 'C-1', false],
      ['REVENUE', '4000', '-100.00', '', false],
      ['REVENUE', '4100', '0.00', '', false],
      ['TAX', '2200', '-20.00', '', false],
    ]);
  });

  it('leaves a zero-price line out when the company setting is off', () => {
    const result = buildVoucher(
      document({ lines: [line(1, '4000', '100.00'), line(2, '4100', '0.00')], taxLines: [tax('STD', '20.00')] }),
      rules,
    );
    expect(rows(result)).toEqual([
      ['RECEIVABLE', '1200', '120.00', 'C-1', false],
      ['REVENUE', '4000', '-100.00', '', false],
      ['TAX', '2200', '-20.00', '', false],
    ]);
  });

  it('keeps a 0.00 A/R line and one 0.00 revenue line for a document of zero-price lines only', () => {
    const result = buildVoucher(
      document({ lines: [line(1, '4100', '0.00'), line(2, '4000', '0.00')], taxLines: [tax('STD', '0.00')] }),
      rules,
    );
    expect(rows(result)).toEqual([
      ['RECEIVABLE', '1200', '0.00', 'C-1', false],
      ['REVENUE', '4100', '0.00', '', false],
    ]);
  });

  it('posts a JPY document in whole yen, splitting a distribution without losing a yen', () => {
    const result = buildVoucher(
      document({
        currency: 'JPY',
        lines: [
          line(1, '', '1001', {
            distribution: [
              { account: '4000', percent: money('50') },
              { account: '4100', percent: money('50') },
            ],
          }),
        ],
        taxLines: [tax('STD', '200')],
      }),
      rules,
    );
    expect(rows(result, 'JPY')).toEqual([
      ['RECEIVABLE', '1200', '1201', 'C-1', false],
      ['REVENUE', '4000', '-501', '', false],
      ['REVENUE', '4100', '-500', '', false],
      ['TAX', '2200', '-200', '', false],
    ]);
  });

  it('posts a BHD document in fils (three decimals)', () => {
    const result = buildVoucher(
      document({
        currency: 'BHD',
        lines: [
          line(1, '', '10.005', {
            distribution: [
              { account: '4000', amount: money('7.503') },
              { account: '4100', amount: money('2.502') },
            ],
          }),
        ],
        taxLines: [tax('RED', '0.500')],
      }),
      rules,
    );
    expect(rows(result, 'BHD')).toEqual([
      ['RECEIVABLE', '1200', '10.505', 'C-1', false],
      ['REVENUE', '4000', '-7.503', '', false],
      ['REVENUE', '4100', '-2.502', '', false],
      ['TAX', '2210', '-0.500', '', false],
    ]);
  });

  it('refuses distribution amounts that do not add up to the line net with DISTRIBUTION_INVALID', () => {
    const result = buildVoucher(
      document({
        lines: [
          line(1, '', '100.00', {
            distribution: [
              { account: '4000', amount: money('60.00') },
              { account: '4100', amount: money('39.99') },
            ],
          }),
        ],
        taxLines: [tax('STD', '20.00')],
      }),
      rules,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => [e.code, e.fieldPath])).toEqual([
      ['DISTRIBUTION_INVALID', 'lines[0].distribution'],
    ]);
  });

  it('refuses distribution percents that do not add up to 100 with DISTRIBUTION_INVALID', () => {
    const result = buildVoucher(
      document({
        lines: [
          line(1, '', '100.00', {
            distribution: [
              { account: '4000', percent: money('50') },
              { account: '4100', percent: money('49') },
            ],
          }),
        ],
        taxLines: [],
      }),
      rules,
    );
    expect(!result.ok && result.errors.map((e) => e.code)).toEqual(['DISTRIBUTION_INVALID']);
  });

  it('refuses a distribution that mixes percents and amounts with DISTRIBUTION_INVALID', () => {
    const result = buildVoucher(
      document({
        lines: [
          line(1, '', '100.00', {
            distribution: [
              { account: '4000', percent: money('50') },
              { account: '4100', amount: money('50.00') },
            ],
          }),
        ],
        taxLines: [],
      }),
      rules,
    );
    expect(!result.ok && result.errors.map((e) => e.code)).toEqual(['DISTRIBUTION_INVALID']);
  });

  it('refuses a tax code the company does not have with UNKNOWN_TAX_CODE', () => {
    const result = buildVoucher(document({ lines: [line(1, '4000', '100.00')], taxLines: [tax('LUX', '17.00')] }), rules);
    expect(!result.ok && result.errors.map((e) => [e.code, e.fieldPath])).toEqual([['UNKNOWN_TAX_CODE', 'taxLines[0].taxCode']]);
  });

  it('refuses a document whose total is not its lines plus tax with VALIDATION_FAILED', () => {
    const result = buildVoucher(
      document({ lines: [line(1, '4000', '100.00')], taxLines: [tax('STD', '20.00')], totalAmount: money('121.00') }),
      rules,
    );
    expect(!result.ok && result.errors.map((e) => [e.code, e.fieldPath])).toEqual([['VALIDATION_FAILED', 'totalAmount']]);
  });

  it('refuses amounts with more decimals than the currency with VALIDATION_FAILED', () => {
    const result = buildVoucher(document({ currency: 'JPY', lines: [line(1, '4000', '100.5')], taxLines: [] }), rules);
    expect(!result.ok && result.errors.map((e) => e.code)).toContain('VALIDATION_FAILED');
  });

  it("debits the A/R account of the customer's posting group when it has a profile", () => {
    const result = buildVoucher(
      document({ customerPostingGroup: 'EXPORT', lines: [line(1, '4000', '10.00')], taxLines: [] }),
      rules,
    );
    expect(rows(result)[0]).toEqual(['RECEIVABLE', '1210', '10.00', 'C-1', false]);
  });

  it("debits the company's A/R account when the customer's posting group has no profile", () => {
    const result = buildVoucher(
      document({ customerPostingGroup: 'DOMESTIC', lines: [line(1, '4000', '10.00')], taxLines: [] }),
      rules,
    );
    expect(rows(result)[0]).toEqual(['RECEIVABLE', '1200', '10.00', 'C-1', false]);
  });

  it('posts nothing to tax payable for a tax code with zero tax', () => {
    const result = buildVoucher(
      document({ lines: [line(1, '4000', '10.00'), line(2, '4100', '5.00')], taxLines: [tax('STD', '2.00'), tax('ZERO', '0.00')] }),
      rules,
    );
    expect(rows(result).filter((row) => row[0] === 'TAX')).toEqual([['TAX', '2200', '-2.00', '', false]]);
  });
});

describe('buildVoucher with income schedules', () => {
  const schedule = { startDate: '2026-12-01', periods: 12 };

  it('credits a scheduled line to deferred revenue, each distribution share carrying its revenue account', () => {
    const result = buildVoucher(
      document({
        lines: [
          line(1, '', '120.00', { incomeSchedule: schedule, distribution: [{ account: '4000', percent: money('75') }, { account: '4100', percent: money('25') }] }),
          line(2, '4000', '10.00'),
        ],
        taxLines: [tax('STD', '26.00')],
      }),
      rules,
    );
    expect(rows(result)).toEqual([
      ['RECEIVABLE', '1200', '156.00', 'C-1', false],
      ['REVENUE', '2500', '-90.00', '', false],
      ['REVENUE', '2500', '-30.00', '', false],
      ['REVENUE', '4000', '-10.00', '', false],
      ['TAX', '2200', '-26.00', '', false],
    ]);
    expect(result.ok && result.voucher.lines.map((l) => l.incomeSchedule)).toEqual([
      undefined,
      { ...schedule, revenueAccount: '4000' },
      { ...schedule, revenueAccount: '4100' },
      undefined,
      undefined,
    ]);
  });

  it('posts a zero line with a schedule as it is, since there is nothing to recognise', () => {
    const result = buildVoucher(
      document({ lines: [line(1, '4000', '50.00'), line(2, '4100', '0.00', { incomeSchedule: schedule })], taxLines: [] }),
      { ...rules, postZeroPriceLinesToRevenue: true },
    );
    expect(result.ok && result.voucher.lines.map((l) => [l.account, l.incomeSchedule])).toEqual([
      ['1200', undefined],
      ['4000', undefined],
      ['4100', undefined],
    ]);
  });

  it('refuses a scheduled line when the company has no deferred revenue account, naming the line', () => {
    const result = buildVoucher(document({ lines: [line(1, '4000', '50.00', { incomeSchedule: schedule })], taxLines: [] }), {
      ...rules,
      deferredRevenueAccount: '',
    });
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'UNKNOWN_ACCOUNT', fieldPath: 'lines[0].incomeSchedule' })] });
  });
});
