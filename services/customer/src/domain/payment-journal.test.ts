import { money, type RoundingMode } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { paymentJournal } from './payment-journal.js';

function homeAmounts(roundingMode: RoundingMode): string[] {
  const journal = paymentJournal({
    paymentId: 'PAY-1',
    customerId: 'C-1',
    paidDate: '2026-11-20',
    currency: 'USD',
    amount: money('10.05'),
    reference: '',
    homeCurrency: 'EUR',
    reportingCurrency: 'EUR',
    homeRate: money('0.9'),
    reportingRate: money('0.9'),
    receivableAccount: '1200',
    roundingMode,
  });
  return journal.lines.flatMap((line) => [line.homeAmount.toFixed(), line.reportingAmount.toFixed()]);
}

describe('paymentJournal', () => {
  it("converts the payment in the company's rounding mode, the same amount on both lines", () => {
    // 10.05 × 0.9 = 9.045, a tie at the cent.
    expect(homeAmounts('HALF_AWAY_FROM_ZERO')).toEqual(['9.05', '9.05', '-9.05', '-9.05']);
    expect(homeAmounts('HALF_EVEN')).toEqual(['9.04', '9.04', '-9.04', '-9.04']);
    expect(homeAmounts('DOWN')).toEqual(['9.04', '9.04', '-9.04', '-9.04']);
  });
});
