import { ledgerV1 } from '@ledgerline/contracts';
import { describe, expect, it } from 'vitest';
import { countWritten, createCompany, entryOf, errorsOf, invoiceJournal, line, useLedgerService } from './support.js';

const ledger = useLedgerService();

function previewedOf(preview: ledgerV1.JournalPreview | undefined): ledgerV1.PreviewedEntry {
  if (preview?.result?.$case !== 'entry') throw new Error(`expected an entry, got ${JSON.stringify(preview)}`);
  return preview.result.value;
}

/** A USD invoice whose lines, converted one by one at 0.92, miss zero by a cent. */
function roundedUsdInvoice(sourceId: string): ledgerV1.JournalRequest {
  return invoiceJournal(sourceId, {
    currency: 'USD',
    lines: [line('1200', '1.00', { customerId: 'C-1' }), line('4000', '-0.33'), line('4000', '-0.33'), line('4100', '-0.34')],
  });
}

async function companyWithUsdRate(): Promise<string> {
  const companyId = await createCompany(ledger.client, { homeCurrency: 'EUR', reportingCurrency: 'EUR' });
  const rate = await ledger.client.setExchangeRate({ companyId, rate: { fromCurrency: 'USD', toCurrency: 'EUR', validFrom: '2026-01-01', rate: '0.92' } });
  expect(rate.result?.$case).toBe('rate');
  return companyId;
}

describe('PreviewJournals', () => {
  it('answers the lines PostJournals then posts, rounding line included, and writes nothing', async () => {
    const companyId = await companyWithUsdRate();
    const { results } = await ledger.client.previewJournals({ companyId, journals: [roundedUsdInvoice('inv-usd')] });
    const previewed = previewedOf(results[0]);
    expect(results[0]?.posted).toBe(false);
    expect(previewed.period).toBe('2026-03');
    expect(previewed.lines.map((l) => [l.lineNumber, l.account, l.amount, l.homeAmount, l.reportingAmount])).toEqual([
      [1, '1200', '1.00', '0.92', '0.92'],
      [2, '4000', '-0.33', '-0.30', '-0.30'],
      [3, '4000', '-0.33', '-0.30', '-0.30'],
      [4, '4100', '-0.34', '-0.31', '-0.31'],
      [5, '8900', '0.00', '-0.01', '-0.01'],
    ]);
    expect(await countWritten(ledger.db, companyId)).toEqual({ entries: 0, lines: 0 });

    const posted = entryOf((await ledger.client.postJournals({ companyId, journals: [roundedUsdInvoice('inv-usd')] })).results[0]);
    expect(posted.lines).toEqual(previewed.lines);
    expect(posted.transactionNumber).toBe('1');
  });

  it('answers the lines of a source already posted, marked as posted', async () => {
    const companyId = await companyWithUsdRate();
    const posted = entryOf((await ledger.client.postJournals({ companyId, journals: [roundedUsdInvoice('inv-done')] })).results[0]);
    const changed = invoiceJournal('inv-done', { lines: [line('1200', '5.00', { customerId: 'C-1' }), line('4000', '-5.00')] });
    const { results } = await ledger.client.previewJournals({ companyId, journals: [changed] });
    expect(results[0]?.posted).toBe(true);
    expect(previewedOf(results[0]).lines).toEqual(posted.lines);
  });

  it('answers the rejections PostJournals would give and takes no number', async () => {
    const companyId = await createCompany(ledger.client);
    await ledger.client.closePeriod({ companyId, period: '2026-03' });
    const journals = [
      invoiceJournal('closed'),
      invoiceJournal('gbp', { currency: 'GBP', date: '2026-04-02' }),
      invoiceJournal('unknown-account', { date: '2026-04-02', lines: [line('1200', '1.00', { customerId: 'C-1' }), line('4999', '-1.00')] }),
      invoiceJournal('fine', { date: '2026-04-02', documentNumberSequence: 'INVOICE' }),
    ];
    const previews = (await ledger.client.previewJournals({ companyId, journals })).results;
    const postings = (await ledger.client.postJournals({ companyId, journals })).results;
    for (const index of [0, 1, 2]) expect(errorsOf(previews[index])).toEqual(errorsOf(postings[index]));
    expect(errorsOf(previews[0]).map((error) => error.code)).toEqual(['PERIOD_CLOSED']);
    expect(errorsOf(previews[1]).map((error) => error.code)).toEqual(['EXCHANGE_RATE_MISSING']);
    expect(errorsOf(previews[2]).map((error) => error.fieldPath)).toEqual(['journals[2].lines[1].account']);
    // The preview took neither a transaction nor a document number.
    expect(entryOf(postings[3])).toMatchObject({ transactionNumber: '1', documentNumber: 'INVOICE-000001' });
    expect(previewedOf(previews[3]).lines).toEqual(entryOf(postings[3]).lines);
  });

  it('refuses a linked chain whole, as PostJournals does', async () => {
    const companyId = await createCompany(ledger.client);
    await ledger.client.closePeriod({ companyId, period: '2026-04' });
    const journals = [invoiceJournal('posts-alone', { linked: true }), invoiceJournal('closed', { date: '2026-04-02' })];
    const previews = (await ledger.client.previewJournals({ companyId, journals })).results;
    expect(previews.map((preview) => errorsOf(preview).map((error) => error.code))).toEqual([['LINKED_JOURNAL_REFUSED'], ['PERIOD_CLOSED']]);
    const postings = (await ledger.client.postJournals({ companyId, journals })).results;
    expect(postings.map((posting) => errorsOf(posting))).toEqual(previews.map((preview) => errorsOf(preview)));
  });

  it('answers NOT_FOUND for every journal of an unknown company', async () => {
    const { results } = await ledger.client.previewJournals({ companyId: 'no-such-company', journals: [invoiceJournal('a'), invoiceJournal('b')] });
    expect(results.map((result) => errorsOf(result).map((error) => error.code))).toEqual([['NOT_FOUND'], ['NOT_FOUND']]);
  });

  it('refuses more than 1,000 journals in one call with INVALID_ARGUMENT', async () => {
    const companyId = await createCompany(ledger.client);
    const journals = Array.from({ length: 1001 }, (_, i) => invoiceJournal(`x${i}`));
    await expect(ledger.client.previewJournals({ companyId, journals })).rejects.toMatchObject({ code: 3 });
  });
});
