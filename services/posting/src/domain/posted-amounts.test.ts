import { formatAmount, money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { homeAmountsOf, homeSettlementDiscountOf, type EntryLine, type HomeAmounts } from './posted-amounts.js';
import type { Voucher, VoucherLine } from './voucher.js';

function voucherLine(role: VoucherLine['role'], account: string, amount: string, customerId = ''): VoucherLine {
  return { role, account, amount: money(amount), description: '', customerId, correction: false };
}

function entryLine(account: string, amount: string, homeAmount: string, customerId = ''): EntryLine {
  return { account, amount: money(amount), homeAmount: money(homeAmount), customerId };
}

const invoice: Voucher = {
  lines: [
    voucherLine('RECEIVABLE', '1200', '120.00', 'C-1'),
    voucherLine('REVENUE', '4000', '-33.33'),
    voucherLine('REVENUE', '4100', '-33.33'),
    voucherLine('REVENUE', '4200', '-33.34'),
    voucherLine('TAX', '2200', '-20.00'),
  ],
};

function figures(amounts: HomeAmounts) {
  return [amounts.net, amounts.tax, amounts.total].map((value) => formatAmount(value, 'USD'));
}

describe('homeAmountsOf', () => {
  it('reads the home total from the A/R line and the home tax from the tax lines, skipping the rounding line', () => {
    const entry = [
      entryLine('1200', '120.00', '130.01', 'C-1'),
      entryLine('4000', '-33.33', '-36.11'),
      entryLine('4100', '-33.33', '-36.11'),
      entryLine('4200', '-33.34', '-36.12'),
      entryLine('2200', '-20.00', '-21.67'),
      entryLine('8900', '0.00', '0.00'),
    ];
    expect(figures(homeAmountsOf(invoice, entry, false))).toEqual(['108.34', '21.67', '130.01']);
  });

  it('gives a credit memo positive home amounts', () => {
    const creditMemo: Voucher = {
      lines: [voucherLine('RECEIVABLE', '1200', '-12.00', 'C-1'), voucherLine('REVENUE', '4000', '10.00'), voucherLine('TAX', '2200', '2.00')],
    };
    const entry = [entryLine('1200', '-12.00', '-13.00', 'C-1'), entryLine('4000', '10.00', '10.83'), entryLine('2200', '2.00', '2.17')];
    expect(figures(homeAmountsOf(creditMemo, entry, true))).toEqual(['10.83', '2.17', '13.00']);
  });

  it('reads an entry that differs from the voucher by the customer line and the tax accounts', () => {
    const entry = [entryLine('1200', '121.00', '131.00', 'C-1'), entryLine('4000', '-100.00', '-108.00'), entryLine('2200', '-21.00', '-23.00')];
    expect(figures(homeAmountsOf(invoice, entry, false))).toEqual(['108.00', '23.00', '131.00']);
  });
});

describe('homeSettlementDiscountOf', () => {
  it('converts the discount at the posting rate, rounding once', () => {
    const amount = homeSettlementDiscountOf({ date: '2026-12-05', amount: money('3.45') }, { rate: money('1.0825'), reverseRate: undefined }, 'USD', 'HALF_AWAY_FROM_ZERO');
    expect(formatAmount(amount, 'USD')).toBe('3.73');
  });

  it("rounds in the company's mode: 3.734625 is 3.74 rounded up", () => {
    const amount = homeSettlementDiscountOf({ date: '2026-12-05', amount: money('3.45') }, { rate: money('1.0825'), reverseRate: undefined }, 'USD', 'UP');
    expect(formatAmount(amount, 'USD')).toBe('3.74');
  });

  it('divides by a stored reverse rate, as the ledger converts, rather than multiplying by its rounded reciprocal', () => {
    const rate = { rate: money('0.9259259259'), reverseRate: money('1.08') };
    const amount = homeSettlementDiscountOf({ date: '2026-12-05', amount: money('10.80') }, rate, 'EUR', 'DOWN');
    expect(formatAmount(amount, 'EUR')).toBe('10.00');
  });
});
