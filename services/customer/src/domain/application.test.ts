import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import { applyExplicitly, applyOldestFirst, type CreditBalance, type DebitBalance } from './application.js';

const payment = (id: string, date: string, available: string): CreditBalance => ({ type: 'PAYMENT', id, date, available: money(available) });
const creditMemo = (id: string, date: string, available: string): CreditBalance => ({ type: 'CREDIT_MEMO', id, date, available: money(available) });
const debit = (documentId: string, dueDate: string, remaining: string): DebitBalance => ({ documentId, dueDate, remaining: money(remaining) });

function plain(result: ReturnType<typeof applyOldestFirst>) {
  return {
    applications: result.applications.map((a) => [a.creditId, a.documentId, a.amount.toFixed()]),
    credits: result.credits.map((c) => [c.id, c.available.toFixed()]),
    debits: result.debits.map((d) => [d.documentId, d.remaining.toFixed()]),
  };
}

describe('applying credits oldest first', () => {
  it('settles the document with the oldest due date before later ones', () => {
    const result = applyOldestFirst([payment('P1', '2026-03-01', '150')], [debit('INV-B', '2026-04-30', '100'), debit('INV-A', '2026-03-31', '100')]);
    expect(plain(result)).toEqual({
      applications: [['P1', 'INV-A', '100'], ['P1', 'INV-B', '50']],
      credits: [['P1', '0']],
      debits: [['INV-A', '0'], ['INV-B', '50']],
    });
  });

  it('leaves the rest of a payment unapplied when the documents are settled', () => {
    const result = applyOldestFirst([payment('P1', '2026-03-01', '250.50')], [debit('INV-A', '2026-03-31', '100')]);
    expect(plain(result).credits).toEqual([['P1', '150.5']]);
  });

  it('uses the oldest paid payment first', () => {
    const result = applyOldestFirst(
      [payment('P-new', '2026-03-05', '100'), payment('P-old', '2026-03-01', '100')],
      [debit('INV-A', '2026-03-31', '120')],
    );
    expect(plain(result).applications).toEqual([['P-old', 'INV-A', '100'], ['P-new', 'INV-A', '20']]);
  });

  it('uses payments before open credit memos', () => {
    const result = applyOldestFirst(
      [creditMemo('CM-1', '2026-01-01', '50'), payment('P1', '2026-03-01', '30')],
      [debit('INV-A', '2026-03-31', '60')],
    );
    expect(plain(result).applications).toEqual([['P1', 'INV-A', '30'], ['CM-1', 'INV-A', '30']]);
  });

  it('orders documents with the same due date by document id', () => {
    const result = applyOldestFirst([payment('P1', '2026-03-01', '10')], [debit('INV-B', '2026-03-31', '10'), debit('INV-A', '2026-03-31', '10')]);
    expect(plain(result).applications).toEqual([['P1', 'INV-A', '10']]);
  });

  it('changes nothing when there is nothing to apply', () => {
    expect(plain(applyOldestFirst([], [debit('INV-A', '2026-03-31', '10')]))).toEqual({ applications: [], credits: [], debits: [] });
  });
});

describe('applying a payment to the documents named', () => {
  it('applies the amounts named and keeps the rest unapplied', () => {
    const result = applyExplicitly(
      payment('P1', '2026-03-01', '100'),
      [{ documentId: 'INV-B', amount: money('40') }],
      [debit('INV-A', '2026-03-01', '100'), debit('INV-B', '2026-04-01', '100')],
    );
    expect(plain(result)).toEqual({ applications: [['P1', 'INV-B', '40']], credits: [['P1', '60']], debits: [['INV-B', '60']] });
  });

  it('caps an amount at what the document still owes', () => {
    const result = applyExplicitly(payment('P1', '2026-03-01', '100'), [{ documentId: 'INV-A', amount: money('80') }], [debit('INV-A', '2026-03-01', '30')]);
    expect(plain(result).applications).toEqual([['P1', 'INV-A', '30']]);
  });
});
