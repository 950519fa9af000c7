import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { customerReportFigures } from './report.js';

describe('customerReportFigures', () => {
  it('starts from a zero former balance on a customer’s first batch', () => {
    const figures = customerReportFigures({
      earlierDocuments: [],
      paymentsUpToPreviousClose: [],
      paymentsInPeriod: [money('40.00')],
      newDocuments: [money('100.00'), money('-25.50')],
    });
    expect(figures.formerBalance.toFixed(2)).toBe('0.00');
    expect(figures.paymentsReceived.toFixed(2)).toBe('40.00');
    expect(figures.newDocumentsAmount.toFixed(2)).toBe('74.50');
    expect(figures.newBalance.toFixed(2)).toBe('34.50');
  });

  it('carries earlier documents less earlier payments as the former balance', () => {
    const figures = customerReportFigures({
      earlierDocuments: [money('300.00'), money('200.00')],
      paymentsUpToPreviousClose: [money('150.00')],
      paymentsInPeriod: [money('350.00')],
      newDocuments: [money('80.00')],
    });
    expect(figures.formerBalance.toFixed(2)).toBe('350.00');
    expect(figures.newBalance.toFixed(2)).toBe('80.00');
  });
});
