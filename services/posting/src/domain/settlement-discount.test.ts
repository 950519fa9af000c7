import { formatAmount, money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { settlementDiscountOf, type CreditTermsRule } from './settlement-discount.js';

const twoTenNet30: CreditTermsRule = { creditTermsId: '2/10NET30', discountPercent: money('2'), discountDays: 10 };
const net30: CreditTermsRule = { creditTermsId: 'NET30', discountPercent: undefined, discountDays: 0 };

describe('settlementDiscountOf', () => {
  it('gives 2 % of the total until ten days after the document date on 2/10NET30', () => {
    const discount = settlementDiscountOf('2026-11-25', money('172.51'), 'EUR', twoTenNet30, 'HALF_AWAY_FROM_ZERO');
    expect(discount && [discount.date, formatAmount(discount.amount, 'EUR')]).toEqual(['2026-12-05', '3.45']);
  });

  it('gives none on NET30', () => {
    expect(settlementDiscountOf('2026-11-25', money('172.51'), 'EUR', net30, 'HALF_AWAY_FROM_ZERO')).toBeUndefined();
  });

  it('rounds the discount to the currency once, half away from zero (JPY)', () => {
    const discount = settlementDiscountOf('2026-02-25', money('1225'), 'JPY', twoTenNet30, 'HALF_AWAY_FROM_ZERO');
    expect(discount && [discount.date, formatAmount(discount.amount, 'JPY')]).toEqual(['2026-03-07', '25']);
  });

  it("rounds the discount in the company's mode: the tie 24.5 goes to the even 24 under HALF_EVEN", () => {
    const discount = settlementDiscountOf('2026-02-25', money('1225'), 'JPY', twoTenNet30, 'HALF_EVEN');
    expect(discount && formatAmount(discount.amount, 'JPY')).toBe('24');
  });
});
