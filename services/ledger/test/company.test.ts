import { ledgerV1 } from '@ledgerline/contracts';
import { GrpcStatus } from '@ledgerline/grpc';
import { describe, expect, it } from 'vitest';
import { createCompany, invoiceJournal, useLedgerService } from './support.js';

const ledger = useLedgerService();

const ACME = {
  companyId: 'acme-gmbh',
  name: 'Acme GmbH',
  homeCurrency: 'EUR',
  reportingCurrency: 'USD',
  fiscalYearStart: '2026-04-01',
  template: ledgerV1.CompanyTemplate.COMPANY_TEMPLATE_STANDARD,
};

function companyOf(response: ledgerV1.CreateCompanyResponse): ledgerV1.Company {
  if (response.result?.$case !== 'company') throw new Error(`expected a company, got ${JSON.stringify(response.result)}`);
  return response.result.value;
}

function rejectionOf(response: { result?: { $case: string; value: unknown } | undefined }) {
  if (response.result?.$case !== 'rejection') throw new Error(`expected a rejection, got ${JSON.stringify(response.result)}`);
  return (response.result.value as { errors: Array<{ code: string; fieldPath: string }> }).errors;
}

describe('CreateCompany', () => {
  it('creates the STANDARD template: accounts, twelve open periods, tax codes, credit terms and default settings', async () => {
    const company = companyOf(await ledger.client.createCompany(ACME));
    expect(company.settings).toEqual({
      requireCustomerItemConfirmation: false,
      backgroundPostingLineThreshold: 1000,
      postZeroPriceLinesToRevenue: false,
      sequentialLineNumbers: true,
      defaultCreditTermsId: 'NET30',
      roundingAccount: '8900',
      receivableAccount: '1200',
      deferredRevenueAccount: '2500',
      roundingMode: ledgerV1.RoundingMode.ROUNDING_MODE_HALF_AWAY_FROM_ZERO,
    });
    expect(company.taxCodes.map((t) => [t.code, t.ratePercent, t.payableAccount])).toEqual([
      ['RED', '5', '2200'],
      ['STD', '20', '2200'],
      ['ZERO', '0', '2200'],
    ]);
    expect(company.creditTerms.map((t) => [t.creditTermsId, t.netDays, t.discountPercent, t.discountDays])).toEqual([
      ['2/10NET30', 30, '2', 10],
      ['NET30', 30, '', 0],
    ]);
    expect(company.periods).toHaveLength(12);
    expect(company.periods[0]).toEqual({ period: '2026-04', startDate: '2026-04-01', endDate: '2026-04-30', closed: false });
    expect(company.periods[11]).toEqual({ period: '2027-03', startDate: '2027-03-01', endDate: '2027-03-31', closed: false });

    const accounts = await ledger.client.listAccounts({ companyId: ACME.companyId });
    expect(accounts.accounts.map((a) => [a.account, a.name, ledgerV1.AccountType[a.type], a.control])).toEqual([
      ['1000', 'Bank', 'ACCOUNT_TYPE_ASSET', false],
      ['1200', 'Accounts receivable', 'ACCOUNT_TYPE_ASSET', true],
      ['2200', 'Sales tax payable', 'ACCOUNT_TYPE_LIABILITY', false],
      ['2500', 'Deferred revenue', 'ACCOUNT_TYPE_LIABILITY', false],
      ['4000', 'Sales revenue', 'ACCOUNT_TYPE_REVENUE', false],
      ['4100', 'Service revenue', 'ACCOUNT_TYPE_REVENUE', false],
      ['8900', 'Rounding differences', 'ACCOUNT_TYPE_EXPENSE', false],
    ]);
    expect(await ledger.client.getCompany({ companyId: ACME.companyId })).toEqual({ company });
  });

  it('answers a repeat with the same content with the same company and other content with CONFLICT', async () => {
    const first = companyOf(await ledger.client.createCompany({ ...ACME, companyId: 'repeat-co' }));
    const again = companyOf(await ledger.client.createCompany({ ...ACME, companyId: 'repeat-co' }));
    expect(again).toEqual(first);
    const conflict = await ledger.client.createCompany({ ...ACME, companyId: 'repeat-co', homeCurrency: 'CHF' });
    expect(rejectionOf(conflict)).toEqual([expect.objectContaining({ code: 'CONFLICT', fieldPath: 'companyId' })]);
  });

  it('rejects invalid input naming each field in REST camelCase', async () => {
    const response = await ledger.client.createCompany({ ...ACME, companyId: 'bad co', homeCurrency: 'EURO', fiscalYearStart: '2026-04-02' });
    expect(rejectionOf(response).map((e) => [e.code, e.fieldPath])).toEqual([
      ['VALIDATION_FAILED', 'companyId'],
      ['VALIDATION_FAILED', 'homeCurrency'],
      ['VALIDATION_FAILED', 'fiscalYearStart'],
    ]);
  });

  it('answers NOT_FOUND for an unknown company', async () => {
    await expect(ledger.client.getCompany({ companyId: 'nobody' })).rejects.toMatchObject({ code: 5 });
    await expect(ledger.client.listAccounts({ companyId: 'nobody' })).rejects.toMatchObject({ code: 5 });
  });
});

describe('UpdateCompanySettings', () => {
  it('changes only the fields given and validates the terms and accounts they name', async () => {
    const companyId = await createCompany(ledger.client);
    const updated = await ledger.client.updateCompanySettings({
      companyId,
      requireCustomerItemConfirmation: true,
      backgroundPostingLineThreshold: 0,
      defaultCreditTermsId: '2/10NET30',
    });
    expect(companyOf(updated).settings).toEqual({
      requireCustomerItemConfirmation: true,
      backgroundPostingLineThreshold: 0,
      postZeroPriceLinesToRevenue: false,
      sequentialLineNumbers: true,
      defaultCreditTermsId: '2/10NET30',
      roundingAccount: '8900',
      receivableAccount: '1200',
      deferredRevenueAccount: '2500',
      roundingMode: ledgerV1.RoundingMode.ROUNDING_MODE_HALF_AWAY_FROM_ZERO,
    });
    const refused = await ledger.client.updateCompanySettings({ companyId, defaultCreditTermsId: 'NET99', roundingAccount: '9999', postZeroPriceLinesToRevenue: true });
    expect(rejectionOf(refused).map((e) => [e.code, e.fieldPath])).toEqual([
      ['VALIDATION_FAILED', 'defaultCreditTermsId'],
      ['VALIDATION_FAILED', 'roundingAccount'],
    ]);
    const unchanged = await ledger.client.getCompany({ companyId });
    expect(unchanged.company?.settings?.postZeroPriceLinesToRevenue).toBe(false);
  });

  it('sets the rounding mode, keeps it when another setting changes, and refuses an unspecified or unknown one', async () => {
    const companyId = await createCompany(ledger.client);
    const { RoundingMode } = ledgerV1;
    const updated = await ledger.client.updateCompanySettings({ companyId, roundingMode: RoundingMode.ROUNDING_MODE_HALF_EVEN });
    expect(companyOf(updated).settings?.roundingMode).toBe(RoundingMode.ROUNDING_MODE_HALF_EVEN);
    const other = await ledger.client.updateCompanySettings({ companyId, postZeroPriceLinesToRevenue: true });
    expect(companyOf(other).settings?.roundingMode).toBe(RoundingMode.ROUNDING_MODE_HALF_EVEN);
    for (const roundingMode of [RoundingMode.ROUNDING_MODE_UNSPECIFIED, 99 as ledgerV1.RoundingMode]) {
      await expect(ledger.client.updateCompanySettings({ companyId, roundingMode })).rejects.toMatchObject({
        code: GrpcStatus.INVALID_ARGUMENT,
        details: 'rounding_mode must be one of HALF_AWAY_FROM_ZERO, HALF_EVEN, DOWN, UP',
      });
    }
    const stored = await ledger.db.prisma.companySettings.findUniqueOrThrow({ where: { companyId } });
    expect(stored.roundingMode).toBe('HALF_EVEN');
  });
});

describe('ClosePeriod and ReopenPeriod', () => {
  it('closes and reopens a period, idempotently, and rejects an unknown one with NOT_FOUND', async () => {
    const companyId = await createCompany(ledger.client);
    const closed = await ledger.client.closePeriod({ companyId, period: '2026-02' });
    expect(closed.result).toEqual({ $case: 'period', value: { period: '2026-02', startDate: '2026-02-01', endDate: '2026-02-28', closed: true } });
    expect((await ledger.client.closePeriod({ companyId, period: '2026-02' })).result).toEqual(closed.result);
    const reopened = await ledger.client.reopenPeriod({ companyId, period: '2026-02' });
    expect(reopened.result?.$case === 'period' && reopened.result.value.closed).toBe(false);
    expect(rejectionOf(await ledger.client.closePeriod({ companyId, period: '2030-01' }))).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', fieldPath: 'period' }),
    ]);
  });
});

describe('SetExchangeRate and GetExchangeRate', () => {
  it('answers the rate with the latest valid_from on or before the date (the reciprocal and the stored rate for the reverse pair), replaces a rate set again, and NOT_FOUND before the first', async () => {
    const companyId = await createCompany(ledger.client);
    const set = (validFrom: string, rate: string) =>
      ledger.client.setExchangeRate({ companyId, rate: { fromCurrency: 'USD', toCurrency: 'EUR', validFrom, rate } });
    expect((await set('2026-03-01', '0.9100')).result).toEqual({
      $case: 'rate',
      value: { fromCurrency: 'USD', toCurrency: 'EUR', validFrom: '2026-03-01', rate: '0.91' },
    });
    await set('2026-04-01', '0.93');
    await set('2026-03-01', '0.92');
    const get = (date: string) => ledger.client.getExchangeRate({ companyId, fromCurrency: 'USD', toCurrency: 'EUR', date });
    expect((await get('2026-03-31')).rate).toEqual({ fromCurrency: 'USD', toCurrency: 'EUR', validFrom: '2026-03-01', rate: '0.92' });
    expect(await get('2026-04-15')).toMatchObject({ rate: { rate: '0.93' }, reverseRate: '' });
    expect(await ledger.client.getExchangeRate({ companyId, fromCurrency: 'EUR', toCurrency: 'USD', date: '2026-04-15' })).toMatchObject({
      rate: { rate: '1.0752688172' },
      reverseRate: '0.93',
    });
    await expect(get('2026-02-28')).rejects.toMatchObject({ code: 5 });
    const refused = await ledger.client.setExchangeRate({ companyId, rate: { fromCurrency: 'USD', toCurrency: 'EUR', validFrom: '2026-03-01', rate: '-1' } });
    expect(rejectionOf(refused)).toEqual([expect.objectContaining({ code: 'VALIDATION_FAILED', fieldPath: 'rate' })]);
  });
});

describe('ListAccounts', () => {
  it('pages through the chart of accounts in account order', async () => {
    const companyId = await createCompany(ledger.client);
    const first = await ledger.client.listAccounts({ companyId, page: { pageSize: 4, cursor: '' } });
    const second = await ledger.client.listAccounts({ companyId, page: { pageSize: 4, cursor: first.page?.nextCursor ?? '' } });
    expect(first.accounts.map((a) => a.account)).toEqual(['1000', '1200', '2200', '2500']);
    expect(second.accounts.map((a) => a.account)).toEqual(['4000', '4100', '8900']);
    expect(second.page?.nextCursor).toBe('');
  });
});

describe('CreateAccount', () => {
  const receivable = (account: string, extra: Partial<ledgerV1.Account> = {}): ledgerV1.Account => ({
    account,
    name: 'Receivables abroad',
    type: ledgerV1.AccountType.ACCOUNT_TYPE_ASSET,
    control: true,
    ...extra,
  });

  it('adds an account, answers a repeat with it and other content with CONFLICT', async () => {
    const companyId = await createCompany(ledger.client);
    const created = await ledger.client.createAccount({ companyId, account: receivable('1210') });
    expect(created.result).toEqual({ $case: 'account', value: receivable('1210') });
    expect(await ledger.client.createAccount({ companyId, account: receivable('1210') })).toEqual(created);
    expect(rejectionOf(await ledger.client.createAccount({ companyId, account: receivable('1210', { name: 'Other' }) }))).toEqual([
      expect.objectContaining({ code: 'CONFLICT', fieldPath: 'account' }),
    ]);
    const listed = await ledger.client.listAccounts({ companyId, page: { pageSize: 50, cursor: '' } });
    expect(listed.accounts.find((account) => account.account === '1210')).toEqual(receivable('1210'));
  });

  it('rejects a bad number, an empty name, a missing type and a control account that is not an asset, naming each field', async () => {
    const companyId = await createCompany(ledger.client);
    const bad = await ledger.client.createAccount({ companyId, account: { account: ' 12', name: ' ', type: ledgerV1.AccountType.ACCOUNT_TYPE_UNSPECIFIED, control: false } });
    expect(rejectionOf(bad).map((error) => error.fieldPath)).toEqual(['account', 'name', 'type']);
    const revenue = await ledger.client.createAccount({ companyId, account: receivable('4200', { type: ledgerV1.AccountType.ACCOUNT_TYPE_REVENUE }) });
    expect(rejectionOf(revenue).map((error) => error.fieldPath)).toEqual(['control']);
    expect(rejectionOf(await ledger.client.createAccount({ companyId: 'no-such-company', account: receivable('1210') }))).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND' }),
    ]);
  });
});

describe('SetPostingProfile', () => {
  it('maps a posting group to a control account once, answers the same again and another account CONFLICT, and lists the profiles', async () => {
    const companyId = await createCompany(ledger.client);
    await ledger.client.createAccount({ companyId, account: { account: '1210', name: 'Receivables abroad', type: ledgerV1.AccountType.ACCOUNT_TYPE_ASSET, control: true } });
    const set = await ledger.client.setPostingProfile({ companyId, profile: { postingGroup: 'EXPORT', receivableAccount: '1210' } });
    expect(set.result).toEqual({ $case: 'profile', value: { postingGroup: 'EXPORT', receivableAccount: '1210' } });
    expect(await ledger.client.setPostingProfile({ companyId, profile: { postingGroup: 'EXPORT', receivableAccount: '1210' } })).toEqual(set);
    await ledger.client.setPostingProfile({ companyId, profile: { postingGroup: 'DOMESTIC', receivableAccount: '1200' } });
    const moved = await ledger.client.setPostingProfile({ companyId, profile: { postingGroup: 'DOMESTIC', receivableAccount: '1210' } });
    expect(rejectionOf(moved)).toEqual([expect.objectContaining({ code: 'CONFLICT', fieldPath: 'receivableAccount' })]);
    const { company } = await ledger.client.getCompany({ companyId });
    expect(company?.postingProfiles).toEqual([
      { postingGroup: 'DOMESTIC', receivableAccount: '1200' },
      { postingGroup: 'EXPORT', receivableAccount: '1210' },
    ]);
  });

  it('rejects an account that does not exist or is not a control account, and a bad group, changing nothing', async () => {
    const companyId = await createCompany(ledger.client);
    const unknown = await ledger.client.setPostingProfile({ companyId, profile: { postingGroup: 'EXPORT', receivableAccount: '1299' } });
    expect(rejectionOf(unknown)).toEqual([expect.objectContaining({ code: 'VALIDATION_FAILED', fieldPath: 'receivableAccount' })]);
    const bank = await ledger.client.setPostingProfile({ companyId, profile: { postingGroup: 'EXPORT', receivableAccount: '1000' } });
    expect(rejectionOf(bank)).toEqual([expect.objectContaining({ fieldPath: 'receivableAccount', message: expect.stringContaining('not a control account') })]);
    const group = await ledger.client.setPostingProfile({ companyId, profile: { postingGroup: '', receivableAccount: '1200' } });
    expect(rejectionOf(group).map((error) => error.fieldPath)).toEqual(['postingGroup']);
    expect((await ledger.client.getCompany({ companyId })).company?.postingProfiles).toEqual([]);
  });
});

describe('OpenFiscalYear', () => {
  it('opens the next twelve months, answers the same year again as it is, and lets postings in', async () => {
    const companyId = await createCompany(ledger.client);
    const { company } = await ledger.client.getCompany({ companyId });
    const lastEnd = company?.periods.at(-1)?.endDate;
    expect(lastEnd).toBe('2026-12-31');
    const opened = await ledger.client.openFiscalYear({ companyId, startDate: '2027-01-01' });
    if (opened.result?.$case !== 'fiscalYear') throw new Error(`expected a fiscal year, got ${JSON.stringify(opened.result)}`);
    expect(opened.result.value.periods.map((period) => [period.period, period.startDate, period.endDate, period.closed])[1]).toEqual(['2027-02', '2027-02-01', '2027-02-28', false]);
    expect(opened.result.value.periods).toHaveLength(12);
    await ledger.client.closePeriod({ companyId, period: '2027-03' });
    const again = await ledger.client.openFiscalYear({ companyId, startDate: '2027-01-01' });
    if (again.result?.$case !== 'fiscalYear') throw new Error('expected the same fiscal year');
    expect(again.result.value.periods.find((period) => period.period === '2027-03')?.closed).toBe(true);
    expect((await ledger.client.getCompany({ companyId })).company?.periods).toHaveLength(24);
    const { results } = await ledger.client.postJournals({ companyId, journals: [invoiceJournal('next-year', { date: '2027-01-15' })] });
    expect(results[0]?.result?.$case).toBe('entry');
  });

  it('refuses a year that does not follow the last one, or does not start on the fiscal year start, naming the next start', async () => {
    const companyId = await createCompany(ledger.client);
    const skipped = await ledger.client.openFiscalYear({ companyId, startDate: '2028-01-01' });
    expect(rejectionOf(skipped)).toEqual([expect.objectContaining({ fieldPath: 'startDate', message: expect.stringContaining('2027-01-01') })]);
    expect(rejectionOf(await ledger.client.openFiscalYear({ companyId, startDate: '2027-02-01' })).map((error) => error.fieldPath)).toEqual(['startDate']);
    expect(rejectionOf(await ledger.client.openFiscalYear({ companyId: 'no-such-company', startDate: '2027-01-01' }))).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND' }),
    ]);
    expect((await ledger.client.getCompany({ companyId })).company?.periods).toHaveLength(12);
  });
});

describe('CreateTaxCode and CreateCreditTerms', () => {
  it('adds a tax code and credit terms that the company then lists, idempotently, and CONFLICT for other content', async () => {
    const companyId = await createCompany(ledger.client);
    const taxCode = { code: 'HALF', name: 'Half rate', ratePercent: '7.50', payableAccount: '2200' };
    const created = await ledger.client.createTaxCode({ companyId, taxCode });
    expect(created.result).toEqual({ $case: 'taxCode', value: { ...taxCode, ratePercent: '7.5' } });
    expect(await ledger.client.createTaxCode({ companyId, taxCode })).toEqual(created);
    expect(rejectionOf(await ledger.client.createTaxCode({ companyId, taxCode: { ...taxCode, ratePercent: '8' } }))).toEqual([
      expect.objectContaining({ code: 'CONFLICT', fieldPath: 'code' }),
    ]);
    const terms = { creditTermsId: '3/15NET60', name: '3 % within 15 days, net 60', netDays: 60, discountPercent: '3', discountDays: 15 };
    const termsCreated = await ledger.client.createCreditTerms({ companyId, creditTerms: terms });
    expect(termsCreated.result).toEqual({ $case: 'creditTerms', value: terms });
    expect(await ledger.client.createCreditTerms({ companyId, creditTerms: terms })).toEqual(termsCreated);
    const { company } = await ledger.client.getCompany({ companyId });
    expect(company?.taxCodes.find((code) => code.code === 'HALF')?.ratePercent).toBe('7.5');
    expect(company?.creditTerms.find((each) => each.creditTermsId === '3/15NET60')).toEqual(terms);
  });

  it('rejects a rate over 100, a control or unknown payable account, and inconsistent discount terms, naming each field', async () => {
    const companyId = await createCompany(ledger.client);
    const badTax = await ledger.client.createTaxCode({ companyId, taxCode: { code: 'X', name: 'X', ratePercent: '100.5', payableAccount: '1200' } });
    expect(rejectionOf(badTax).map((error) => error.fieldPath)).toEqual(['ratePercent', 'payableAccount']);
    const unknownAccount = await ledger.client.createTaxCode({ companyId, taxCode: { code: 'Y', name: 'Y', ratePercent: '5', payableAccount: '2999' } });
    expect(rejectionOf(unknownAccount).map((error) => error.fieldPath)).toEqual(['payableAccount']);
    const badTerms = await ledger.client.createCreditTerms({
      companyId,
      creditTerms: { creditTermsId: 'ODD', name: 'Odd', netDays: 10, discountPercent: '0', discountDays: 20 },
    });
    expect(rejectionOf(badTerms).map((error) => error.fieldPath)).toEqual(['discountPercent', 'discountDays']);
    const daysWithoutDiscount = await ledger.client.createCreditTerms({
      companyId,
      creditTerms: { creditTermsId: 'NET10', name: 'Net 10', netDays: 10, discountPercent: '', discountDays: 5 },
    });
    expect(rejectionOf(daysWithoutDiscount).map((error) => error.fieldPath)).toEqual(['discountDays']);
  });
});
