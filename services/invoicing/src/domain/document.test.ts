import { MoneyDecimal } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { computeDocument, scheduleStartErrors } from './document.js';
import { CUSTOMER_ITEM_UNITS_MAX } from './limits.js';
import type { DocumentContext, LineInput } from './types.js';

const context: DocumentContext = {
  taxRatesPercent: new Map([
    ['STD', new MoneyDecimal(20)],
    ['RED', new MoneyDecimal(5)],
    ['ZERO', new MoneyDecimal(0)],
  ]),
  roundingMode: 'HALF_AWAY_FROM_ZERO',
  accounts: new Set(['4000', '4100', '2500']),
  products: new Map([['P1', { revenueAccount: '4100', serialized: true, createsCustomerItem: true }]]),
  // Lower than the contracts' limit, so the tests show that the limit is the context's.
  incomeSchedulePeriodsMax: 12,
};

function line(overrides: Partial<LineInput>): LineInput {
  return {
    description: 'Consulting',
    quantity: '1',
    unitPrice: '100.00',
    lineDiscount: '',
    productId: '',
    account: '4000',
    taxCode: 'STD',
    distribution: [],
    serialNumbers: [],
    ...overrides,
  };
}

describe('computeDocument', () => {
  it('computes line nets, one tax line per code and totals for two tax codes', () => {
    const result = computeDocument(
      {
        type: 'FREE_TEXT',
        currency: 'EUR',
        lines: [
          line({ quantity: '3', unitPrice: '33.333', lineDiscount: '0.99' }),
          line({ quantity: '2', unitPrice: '10.005', taxCode: 'RED' }),
          line({ quantity: '1', unitPrice: '0.10' }),
        ],
      },
      context,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.lines.map((computed) => computed.netAmount.toFixed(2))).toEqual(['99.01', '20.01', '0.10']);
    expect(result.value.taxLines.map((tax) => [tax.taxCode, tax.baseAmount.toFixed(2), tax.taxAmount.toFixed(2)])).toEqual([
      ['RED', '20.01', '1.00'],
      ['STD', '99.11', '19.82'],
    ]);
    expect(result.value.netAmount.toFixed(2)).toBe('119.12');
    expect(result.value.taxAmount.toFixed(2)).toBe('20.82');
    expect(result.value.totalAmount.toFixed(2)).toBe('139.94');
  });

  it('rounds to the currency: no decimals for JPY, three for BHD', () => {
    const jpy = computeDocument({ type: 'FREE_TEXT', currency: 'JPY', lines: [line({ quantity: '3', unitPrice: '333.5' })] }, context);
    const bhd = computeDocument({ type: 'FREE_TEXT', currency: 'BHD', lines: [line({ quantity: '3', unitPrice: '1.2345' })] }, context);
    if (!jpy.ok || !bhd.ok) throw new Error('expected both to compute');
    expect([jpy.value.netAmount.toFixed(), jpy.value.taxAmount.toFixed()]).toEqual(['1001', '200']);
    expect([bhd.value.netAmount.toFixed(), bhd.value.taxAmount.toFixed()]).toEqual(['3.704', '0.741']);
  });

  it.each([
    ['HALF_AWAY_FROM_ZERO', ['10.01', '0.5'], ['2', '0.03']],
    ['HALF_EVEN', ['10', '0.5'], ['2', '0.02']],
    ['DOWN', ['10', '0.5'], ['2', '0.02']],
    ['UP', ['10.01', '0.5'], ['2.01', '0.03']],
  ] as const)('rounds line amounts and tax in the company mode %s', (roundingMode, nets, taxes) => {
    // 10.005 is a tie at the line; 20 % of 10.01 is 2.002 and 5 % of 0.50 is the tie 0.025 at the tax.
    const lines = [line({ unitPrice: '10.005', taxCode: 'STD' }), line({ unitPrice: '0.50', taxCode: 'RED' })];
    const result = computeDocument({ type: 'FREE_TEXT', currency: 'EUR', lines }, { ...context, roundingMode });
    if (!result.ok) throw new Error('expected the document to compute');
    expect(result.value.lines.map((computed) => computed.netAmount.toFixed())).toEqual(nets);
    expect(result.value.taxLines.map((taxLine) => [taxLine.taxCode, taxLine.taxAmount.toFixed()])).toEqual([['RED', taxes[1]], ['STD', taxes[0]]]);
  });

  it('accepts a distribution whose percents add up to exactly 100', () => {
    const result = computeDocument(
      {
        type: 'FREE_TEXT',
        currency: 'EUR',
        lines: [
          line({
            account: '',
            distribution: [
              { account: '4000', percent: '33.33', amount: '' },
              { account: '4100', percent: '33.33', amount: '' },
              { account: '2500', percent: '33.34', amount: '' },
            ],
          }),
        ],
      },
      context,
    );
    expect(result.ok).toBe(true);
  });

  it('refuses a distribution that does not add up, naming the line', () => {
    const result = computeDocument(
      {
        type: 'FREE_TEXT',
        currency: 'EUR',
        lines: [line({}), line({ distribution: [{ account: '4000', percent: '50', amount: '' }, { account: '4100', percent: '49', amount: '' }] })],
      },
      context,
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ code: 'DISTRIBUTION_INVALID', message: 'distribution percents add up to 99, not 100', fieldPath: 'lines[1].distribution' }],
    });
  });

  it('reports every bad field at once with its path', () => {
    const result = computeDocument(
      {
        type: 'FREE_TEXT',
        currency: 'EUR',
        lines: [line({ quantity: '-1', unitPrice: '1e3', account: '9999', taxCode: 'NOPE' })],
      },
      context,
    );
    expect(result.ok ? [] : result.errors.map((problem) => [problem.code, problem.fieldPath])).toEqual([
      ['VALIDATION_FAILED', 'lines[0].quantity'],
      ['VALIDATION_FAILED', 'lines[0].unitPrice'],
      ['UNKNOWN_ACCOUNT', 'lines[0].account'],
      ['UNKNOWN_TAX_CODE', 'lines[0].taxCode'],
    ]);
  });

  it('refuses a document without lines', () => {
    expect(computeDocument({ type: 'DEBIT_MEMO', currency: 'EUR', lines: [] }, context)).toMatchObject({
      ok: false,
      errors: [{ fieldPath: 'lines' }],
    });
  });

  it('takes the account and flags of a product line from the product', () => {
    const result = computeDocument(
      { type: 'SALES_ORDER', currency: 'EUR', lines: [line({ productId: 'P1', account: '', serialNumbers: ['S1'] })] },
      context,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.lines[0]).toMatchObject({ account: '4100', serialized: true, createsCustomerItem: true });
  });

  it('refuses a fractional quantity of a product that creates a customer item per unit', () => {
    const result = computeDocument({ type: 'SALES_ORDER', currency: 'EUR', lines: [line({ productId: 'P1', account: '', quantity: '1.5' })] }, context);
    expect(result.ok ? [] : result.errors.map((problem) => problem.fieldPath)).toEqual(['lines[0].quantity']);
    const memo = computeDocument({ type: 'CREDIT_MEMO', currency: 'EUR', lines: [line({ productId: 'P1', account: '', quantity: '1.5' })] }, context);
    expect(memo.ok).toBe(true);
  });

  it(`refuses more than ${CUSTOMER_ITEM_UNITS_MAX} units that create customer items on one document`, () => {
    const half = String(CUSTOMER_ITEM_UNITS_MAX / 2);
    const lines = [line({ productId: 'P1', account: '', quantity: half }), line({ productId: 'P1', account: '', quantity: half })];
    expect(computeDocument({ type: 'SALES_ORDER', currency: 'EUR', lines }, context).ok).toBe(true);
    const over = computeDocument({ type: 'SALES_ORDER', currency: 'EUR', lines: [...lines, line({ productId: 'P1', account: '' })] }, context);
    expect(over.ok ? [] : over.errors.map((problem) => problem.fieldPath)).toEqual(['lines']);
  });

  it("refuses a line discount finer than the currency's minor unit, so a line is rounded only once", () => {
    const result = computeDocument({ type: 'FREE_TEXT', currency: 'EUR', lines: [line({ quantity: '1', unitPrice: '10.005', lineDiscount: '0.0049' })] }, context);
    expect(result.ok ? [] : result.errors.map((problem) => [problem.fieldPath, problem.message])).toEqual([['lines[0].lineDiscount', 'lines[0].lineDiscount has too many decimals']]);
  });

  it('refuses a line discount larger than the line amount', () => {
    const result = computeDocument({ type: 'FREE_TEXT', currency: 'EUR', lines: [line({ lineDiscount: '100.01' })] }, context);
    expect(result.ok ? [] : result.errors.map((problem) => problem.fieldPath)).toEqual(['lines[0].lineDiscount']);
  });

  it('keeps an income schedule on any line of any document type, and none on a line without one', () => {
    const schedule = { startDate: '2026-12-01', periods: 12 };
    for (const type of ['FREE_TEXT', 'SALES_ORDER', 'DEBIT_MEMO', 'CREDIT_MEMO'] as const) {
      // A sales-order line needs a product; the other types take a free-text line.
      const plain = type === 'SALES_ORDER' ? line({ productId: 'P1', account: '' }) : line({});
      const result = computeDocument({ type, currency: 'EUR', lines: [{ ...plain, incomeSchedule: schedule }, plain] }, context);
      if (!result.ok) throw new Error(`${type}: ${JSON.stringify(result.errors)}`);
      expect(result.value.lines.map((computed) => computed.incomeSchedule)).toEqual([schedule, undefined]);
    }
  });

  it('refuses a schedule whose start date does not exist or whose periods are not 1 to the limit, naming each field', () => {
    const result = computeDocument(
      {
        type: 'FREE_TEXT',
        currency: 'EUR',
        lines: [
          line({ incomeSchedule: { startDate: '2026-02-30', periods: 0 } }),
          line({ incomeSchedule: { startDate: '2026-12-01', periods: 13 } }),
          line({ incomeSchedule: { startDate: '1.12.2026', periods: 1.5 } }),
          line({ incomeSchedule: { startDate: '2026-12-01', periods: 12 } }),
        ],
      },
      context,
    );
    expect(result.ok ? [] : result.errors.map((problem) => [problem.code, problem.fieldPath])).toEqual([
      ['VALIDATION_FAILED', 'lines[0].incomeSchedule.startDate'],
      ['VALIDATION_FAILED', 'lines[0].incomeSchedule.periods'],
      ['VALIDATION_FAILED', 'lines[1].incomeSchedule.periods'],
      ['VALIDATION_FAILED', 'lines[2].incomeSchedule.startDate'],
      ['VALIDATION_FAILED', 'lines[2].incomeSchedule.periods'],
    ]);
  });
});

describe('scheduleStartErrors', () => {
  const periods = [
    { period: '2026-10', startDate: '2026-10-01', endDate: '2026-10-31' },
    { period: '2026-11', startDate: '2026-11-01', endDate: '2026-11-30' },
  ];
  const scheduled = (startDate: string) => line({ incomeSchedule: { startDate, periods: 2 } });

  it("refuses a schedule starting before the document's period, naming the line", () => {
    expect(scheduleStartErrors([line({}), scheduled('2026-10-31')], '2026-11-02', periods)).toEqual([
      expect.objectContaining({ code: 'VALIDATION_FAILED', fieldPath: 'lines[1].incomeSchedule.startDate' }),
    ]);
  });

  it("accepts a schedule starting anywhere in the document's period or later", () => {
    expect(scheduleStartErrors([scheduled('2026-11-01'), scheduled('2027-03-01')], '2026-11-20', periods)).toEqual([]);
  });

  it('leaves a document dated in no known period to posting', () => {
    expect(scheduleStartErrors([scheduled('2020-01-01')], '2027-05-01', periods)).toEqual([]);
  });
});
