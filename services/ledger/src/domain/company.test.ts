import { describe, expect, it } from 'vitest';
import { monthlyPeriods } from './calendar.js';
import { companySetup, FISCAL_YEAR_PERIOD_COUNT, fiscalYearToOpen, validateCompanyDefinition, validateSettingsChange } from './company.js';

const VALID = { companyId: 'acme', name: 'Acme', homeCurrency: 'EUR', reportingCurrency: 'USD', fiscalYearStart: '2026-01-01', template: 'STANDARD' as const };

describe('validateCompanyDefinition', () => {
  it('names every bad field in REST camelCase', () => {
    const outcome = validateCompanyDefinition({ ...VALID, homeCurrency: 'eur', fiscalYearStart: '2026-01-15', template: undefined });
    expect(outcome.ok ? [] : outcome.errors.map((e) => [e.code, e.fieldPath])).toEqual([
      ['VALIDATION_FAILED', 'homeCurrency'],
      ['VALIDATION_FAILED', 'fiscalYearStart'],
      ['VALIDATION_FAILED', 'template'],
    ]);
  });
});

describe('companySetup', () => {
  it('gives the standard template its accounts, tax codes, terms and defaults', () => {
    const setup = companySetup({ ...VALID });
    expect(setup.accounts.map((a) => a.account)).toEqual(['1000', '1200', '2200', '2500', '4000', '4100', '8900']);
    expect(setup.accounts.filter((a) => a.control).map((a) => a.account)).toEqual(['1200']);
    expect(setup.taxCodes.map((t) => [t.code, t.ratePercent])).toEqual([['RED', '5'], ['STD', '20'], ['ZERO', '0']]);
    expect(setup.creditTerms.map((t) => [t.creditTermsId, t.discountPercent, t.discountDays])).toEqual([['2/10NET30', '2', 10], ['NET30', undefined, 0]]);
    expect(setup.settings.defaultCreditTermsId).toBe('NET30');
  });
});

describe('validateSettingsChange', () => {
  it('refuses unknown credit terms and a control account for rounding', () => {
    const errors = validateSettingsChange(
      { defaultCreditTermsId: 'NET99', roundingAccount: '1200' },
      { creditTermsIds: new Set(['NET30']), accounts: new Map([['1200', { control: true }]]) },
    );
    expect(errors.map((e) => e.fieldPath)).toEqual(['defaultCreditTermsId', 'roundingAccount']);
  });
});

describe('fiscalYearToOpen', () => {
  const firstYear = monthlyPeriods('2026-04-01', FISCAL_YEAR_PERIOD_COUNT);

  it('opens the twelve months after the last period of a fiscal year that starts in April', () => {
    const year = fiscalYearToOpen('2027-04-01', '2026-04-01', firstYear);
    expect(year.ok && [year.value.opened, year.value.periods[0]?.period, year.value.periods.at(-1)?.endDate]).toEqual([true, '2027-04', '2028-03-31']);
  });

  it('answers an open year with its own periods and opens nothing', () => {
    const year = fiscalYearToOpen('2026-04-01', '2026-04-01', firstYear);
    expect(year.ok && [year.value.opened, year.value.periods]).toEqual([false, firstYear]);
  });

  it('refuses a start that skips a year or is not the fiscal year start', () => {
    const errorsOf = (startDate: string) => {
      const year = fiscalYearToOpen(startDate, '2026-04-01', firstYear);
      return year.ok ? [] : year.errors.map((error) => error.message);
    };
    expect(errorsOf('2028-04-01')).toEqual([expect.stringContaining('the next fiscal year starts on 2027-04-01')]);
    expect(errorsOf('2027-01-01')).toEqual([expect.stringContaining('starts on the first of month 04')]);
  });
});
