import { ledgerV1 } from '@ledgerline/contracts';
import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { countWritten, createCompany, entryOf, errorsOf, invoiceJournal, line, useLedgerService } from './support.js';

const ledger = useLedgerService();

const schedule = (periods: number, startDate = '2026-03-15') => ({ revenueAccount: '4100', startDate, periods });

/** An invoice of 120.00 whose 100.00 of revenue is deferred over `periods` from mid-March. */
function deferredInvoice(sourceId: string, periods: number, overrides: Partial<ledgerV1.JournalRequest> = {}): ledgerV1.JournalRequest {
  return invoiceJournal(sourceId, {
    documentNumberSequence: 'INVOICE',
    lines: [line('1200', '120.00', { customerId: 'C-1' }), line('2500', '-100.00', { incomeSchedule: schedule(periods) }), line('2200', '-20.00')],
    ...overrides,
  });
}

describe('income schedules', () => {
  it("posts one income-schedule entry per period with the document's entry, numbered in their own journal", async () => {
    const companyId = await createCompany(ledger.client);
    const { results } = await ledger.client.postJournals({ companyId, journals: [deferredInvoice('inv-sched', 3)] });
    const invoice = entryOf(results[0]);
    expect(invoice.lines[1]).toMatchObject({ account: '2500', amount: '-100.00', incomeSchedule: schedule(3) });
    expect(invoice.lines[0]?.incomeSchedule).toBeUndefined();

    const { entries } = await ledger.client.getEntriesBySource({ companyId, sourceId: 'inv-sched' });
    expect(entries[0]).toEqual(invoice);
    const scheduled = entries.slice(1);
    expect(
      scheduled.map((entry) => [
        entry.journal,
        entry.sourceType,
        entry.transactionNumber,
        entry.date,
        entry.period,
        entry.sourceId,
        entry.originSourceId,
        entry.description,
        entry.lines.map((l) => [l.account, l.amount, l.homeAmount]),
      ]),
    ).toEqual(
      [
        ['2026-03-15', '2026-03', '33.33'],
        ['2026-04-01', '2026-04', '33.33'],
        ['2026-05-01', '2026-05', '33.34'],
      ].map(([date, period, part], index) => [
        ledgerV1.JournalType.JOURNAL_TYPE_INCOME_SCHEDULE,
        ledgerV1.SourceType.SOURCE_TYPE_INCOME_SCHEDULE,
        String(index + 1),
        date,
        period,
        `${invoice.entryId}/2/${index + 1}`,
        'inv-sched',
        `Income schedule ${index + 1}/3: Invoice inv-sched`,
        [
          ['2500', part, part],
          ['4100', `-${part}`, `-${part}`],
        ],
      ]),
    );
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 4, lines: 9 });
  });

  it('clears the deferral exactly in home and reporting currency for a foreign document', async () => {
    const companyId = await createCompany(ledger.client, { homeCurrency: 'EUR', reportingCurrency: 'CHF' });
    for (const [to, rate] of [['EUR', '0.9137'], ['CHF', '0.8411']]) {
      const response = await ledger.client.setExchangeRate({ companyId, rate: { fromCurrency: 'USD', toCurrency: to as string, validFrom: '2026-01-01', rate: rate as string } });
      expect(response.result?.$case).toBe('rate');
    }
    const invoice = entryOf((await ledger.client.postJournals({ companyId, journals: [deferredInvoice('inv-usd', 7, { currency: 'USD' })] })).results[0]);
    const deferred = invoice.lines.find((l) => l.account === '2500');
    const { entries } = await ledger.client.getEntriesBySource({ companyId, sourceId: 'inv-usd' });
    const left = (pick: (l: ledgerV1.JournalLine) => string) =>
      entries
        .slice(1)
        .reduce((total, entry) => total.plus(pick(entry.lines[0] as ledgerV1.JournalLine)), money(pick(deferred as ledgerV1.JournalLine)))
        .toFixed(2);
    expect([left((l) => l.amount), left((l) => l.homeAmount), left((l) => l.reportingAmount)]).toEqual(['0.00', '0.00', '0.00']);
    expect(entries).toHaveLength(8);
  });

  it('refuses the whole document when a period of its schedule is closed, and writes and numbers nothing', async () => {
    const companyId = await createCompany(ledger.client);
    await ledger.client.closePeriod({ companyId, period: '2026-05' });
    const { results } = await ledger.client.postJournals({ companyId, journals: [deferredInvoice('inv-closed', 3), deferredInvoice('inv-open', 2)] });
    expect(errorsOf(results[0])).toEqual([
      { code: 'PERIOD_CLOSED', fieldPath: 'journals[0].lines[1].incomeSchedule.startDate', message: 'period 2026-05 of the income schedule is closed' },
    ]);
    const posted = entryOf(results[1]);
    expect([posted.transactionNumber, posted.documentNumber]).toEqual(['1', 'INVOICE-000001']);
    const { entries } = await ledger.client.getEntriesBySource({ companyId, sourceId: 'inv-open' });
    expect(entries.slice(1).map((entry) => entry.transactionNumber)).toEqual(['1', '2']);
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 3, lines: 7 });
  });

  it('refuses a schedule that runs past the fiscal calendar, and posts it once the next year is open', async () => {
    const companyId = await createCompany(ledger.client);
    const journal = deferredInvoice('inv-long', 12);
    expect(errorsOf((await ledger.client.postJournals({ companyId, journals: [journal] })).results[0])).toEqual([
      expect.objectContaining({ code: 'PERIOD_CLOSED', message: expect.stringContaining('ends with 2026-12') }),
    ]);
    const opened = await ledger.client.openFiscalYear({ companyId, startDate: '2027-01-01' });
    expect(opened.result?.$case).toBe('fiscalYear');
    entryOf((await ledger.client.postJournals({ companyId, journals: [journal] })).results[0]);
    const { entries } = await ledger.client.getEntriesBySource({ companyId, sourceId: 'inv-long' });
    expect(entries.slice(1).map((entry) => entry.period)).toEqual([
      '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02',
    ]);
  });

  it('replays a deferred document without posting its schedule again, and previews without writing', async () => {
    const companyId = await createCompany(ledger.client);
    const preview = await ledger.client.previewJournals({ companyId, journals: [deferredInvoice('inv-twice', 2)] });
    expect(preview.results[0]?.result).toMatchObject({ $case: 'entry', value: { lines: [{}, { account: '2500', incomeSchedule: schedule(2) }, {}] } });
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 0, lines: 0 });
    const first = entryOf((await ledger.client.postJournals({ companyId, journals: [deferredInvoice('inv-twice', 2)] })).results[0]);
    const again = await ledger.client.postJournals({ companyId, journals: [deferredInvoice('inv-twice', 2)] });
    expect([again.results[0]?.replayed, entryOf(again.results[0])]).toEqual([true, first]);
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 3, lines: 7 });
  });

  it('previews a schedule over a closed period as the posting would refuse it', async () => {
    const companyId = await createCompany(ledger.client);
    await ledger.client.closePeriod({ companyId, period: '2026-04' });
    const preview = await ledger.client.previewJournals({ companyId, journals: [deferredInvoice('inv-preview', 2)] });
    expect(errorsOf(preview.results[0]).map((error) => error.code)).toEqual(['PERIOD_CLOSED']);
  });

  it('numbers the schedules of documents posted by concurrent calls gaplessly, each document once', async () => {
    const companyId = await createCompany(ledger.client);
    // Ten calls of five documents each, every document named by two calls: 25 documents, 75 schedule entries.
    const calls = Array.from({ length: 10 }, (_, call) =>
      Array.from({ length: 5 }, (_, index) => deferredInvoice(`inv-race-${(call * 5 + index) % 25}`, 3)),
    );
    await Promise.all(calls.map((journals) => ledger.client.postJournals({ companyId, journals })));
    const numbers = await ledger.db.prisma.journalEntry.findMany({
      where: { companyId, journal: 'INCOME_SCHEDULE' },
      select: { transactionNumber: true, originSourceId: true },
    });
    expect(numbers.map((entry) => Number(entry.transactionNumber)).sort((a, b) => a - b)).toEqual(Array.from({ length: 75 }, (_, index) => index + 1));
    const perDocument = new Map<string, number>();
    for (const entry of numbers) perDocument.set(entry.originSourceId ?? '', (perDocument.get(entry.originSourceId ?? '') ?? 0) + 1);
    expect([perDocument.size, new Set(perDocument.values())]).toEqual([25, new Set([3])]);
  });

  it('refuses a call bringing more income-schedule entries than its limit with INVALID_ARGUMENT', async () => {
    const companyId = await createCompany(ledger.client);
    const journals = Array.from({ length: 417 }, (_, index) => deferredInvoice(`inv-many-${index}`, 60));
    await expect(ledger.client.postJournals({ companyId, journals })).rejects.toMatchObject({ code: 3, details: expect.stringContaining('25000') });
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 0, lines: 0 });
  });

  it('sets the deferred revenue account to an existing ordinary account only', async () => {
    const companyId = await createCompany(ledger.client);
    const company = await ledger.client.getCompany({ companyId });
    expect(company.company?.settings?.deferredRevenueAccount).toBe('2500');
    const control = await ledger.client.updateCompanySettings({ companyId, deferredRevenueAccount: '1200' });
    expect(control.result).toMatchObject({ $case: 'rejection', value: { errors: [{ fieldPath: 'deferredRevenueAccount' }] } });
    const missing = await ledger.client.updateCompanySettings({ companyId, deferredRevenueAccount: '2999' });
    expect(missing.result).toMatchObject({ $case: 'rejection', value: { errors: [{ fieldPath: 'deferredRevenueAccount' }] } });
    const changed = await ledger.client.updateCompanySettings({ companyId, deferredRevenueAccount: '2200' });
    expect(changed.result).toMatchObject({ $case: 'company', value: { settings: { deferredRevenueAccount: '2200' } } });
  });
});
