import { describe, expect, it } from 'vitest';
import type { CompanyInfo } from '../domain/company.js';
import { CompanyDirectory } from './companies.js';
import type { LedgerPort } from './ports.js';

function company(creditTermsIds: string[]): CompanyInfo {
  return {
    companyId: 'acme',
    homeCurrency: 'EUR',
    reportingCurrency: 'EUR',
    fiscalYearStart: '2026-01-01',
    defaultCreditTermsId: 'NET30',
    receivableAccount: '1200',
    receivableAccountByPostingGroup: new Map(),
    creditTermsIds,
    periods: [],
  };
}

describe('CompanyDirectory.knowingCreditTerms', () => {
  it('reads the company again when the cached one does not know the terms, and only then', async () => {
    const answers = [company(['NET30']), company(['NET30', 'NET60'])];
    let reads = 0;
    const ledger: LedgerPort = {
      getCompany: async () => answers[Math.min(reads++, answers.length - 1)],
      getExchangeRate: async () => {
        throw new Error('not asked in this scenario');
      },
      postJournals: async () => {
        throw new Error('not asked in this scenario');
      },
    };
    const directory = new CompanyDirectory(ledger);
    expect((await directory.knowingCreditTerms('acme', 'NET30'))?.creditTermsIds).toEqual(['NET30']);
    expect((await directory.knowingCreditTerms('acme', undefined))?.creditTermsIds).toEqual(['NET30']);
    expect(reads).toBe(1);
    expect((await directory.knowingCreditTerms('acme', 'NET60'))?.creditTermsIds).toEqual(['NET30', 'NET60']);
    expect(reads).toBe(2);
    expect((await directory.get('acme'))?.creditTermsIds).toEqual(['NET30', 'NET60']);
    expect(reads).toBe(2);
  });
});
