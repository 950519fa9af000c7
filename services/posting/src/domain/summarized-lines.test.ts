import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import type { DocumentLine, PostingDocument, PostingRules } from './posting-document.js';
import { homeLinesOf, movedReceivableLine, runReport, summarizedAccountLines, withoutVoucherLines, type AccountLines, type SummarizedAmount } from './posting-run.js';
import { buildVoucher } from './voucher.js';

const rules: PostingRules = {
  receivableAccount: '1200',
  receivableAccountByPostingGroup: new Map(),
  postZeroPriceLinesToRevenue: false,
  deferredRevenueAccount: '2500',
  taxPayableAccountByCode: new Map([
    ['STD', '2200'],
    ['RED', '2210'],
  ]),
};

function document(invoiceId: string, documentType: PostingDocument['documentType'], lines: [string, string][], taxes: [string, string][]): PostingDocument {
  const documentLines: DocumentLine[] = lines.map(([account, net], index) => ({ lineNumber: index + 1, description: '', account, netAmount: money(net), distribution: [] }));
  const netAmount = documentLines.reduce((sum, line) => sum.plus(line.netAmount), money('0'));
  const taxLines = taxes.map(([taxCode, amount]) => ({ taxCode, taxAmount: money(amount) }));
  const taxAmount = taxLines.reduce((sum, line) => sum.plus(line.taxAmount), money('0'));
  return {
    invoiceId,
    customerId: 'C1',
    documentType,
    draftNumber: invoiceId,
    invoiceDate: '2026-11-02',
    currency: 'EUR',
    netAmount,
    taxAmount,
    totalAmount: netAmount.plus(taxAmount),
    creditCorrection: false,
    customerPostingGroup: '',
    lines: documentLines,
    taxLines,
  };
}

/** What invoicing's statement sums for these documents: per kind, credit memos and signs apart. */
function summed(documents: readonly PostingDocument[]): SummarizedAmount[] {
  const sums = new Map<string, SummarizedAmount>();
  const add = (kind: SummarizedAmount['kind'], creditMemo: boolean, key: string, amount: string) => {
    const value = money(amount);
    if (kind === 'TAX' && value.isZero()) return;
    const id = [kind, creditMemo, key, value.isNegative()].join('|');
    const current = sums.get(id);
    sums.set(id, { kind, creditMemo, key, amount: (current?.amount ?? money('0')).plus(value), count: (current?.count ?? 0) + 1 });
  };
  for (const document of documents) {
    const creditMemo = document.documentType === 'CREDIT_MEMO';
    for (const line of document.lines) add('LINE_NET', creditMemo, line.account, line.netAmount.toFixed());
    for (const taxLine of document.taxLines) add('TAX', creditMemo, taxLine.taxCode, taxLine.taxAmount.toFixed());
    add('TOTAL', creditMemo, '', document.totalAmount.toFixed());
  }
  return [...sums.values()];
}

/** The same documents' vouchers, added line by line as the report does for documents read in full. */
function perDocument(documents: readonly PostingDocument[], withRules: PostingRules = rules): [string, string, string][] {
  const report = runReport(
    documents.map((document) => {
      const built = buildVoucher(document, withRules);
      if (!built.ok) throw new Error(JSON.stringify(built.errors));
      return {
        invoiceId: document.invoiceId,
        customerId: document.customerId,
        draftNumber: document.draftNumber,
        documentType: document.documentType,
        invoiceDate: document.invoiceDate,
        dueDate: '',
        currency: document.currency,
        netAmount: document.netAmount,
        taxAmount: document.taxAmount,
        totalAmount: document.totalAmount,
        customerItemsToCreate: 0,
        blockers: [],
        homeLines: homeLinesOf(built.voucher.lines),
      };
    }),
    'EUR',
  );
  return report.accountTotals.map((total) => [total.account, total.homeDebit.toFixed(2), total.homeCredit.toFixed(2)]);
}

const rows = (accounts: ReadonlyMap<string, AccountLines>) =>
  [...accounts.values()]
    .filter((account) => account.lineCount > 0)
    .sort((a, b) => (a.account < b.account ? -1 : 1))
    .map((account): [string, string, string] => [account.account, account.homeDebit.toFixed(2), account.homeCredit.toFixed(2)]);

const documents = [
  document('i1', 'FREE_TEXT', [['4000', '100.00'], ['4100', '50.00']], [['STD', '30.00']]),
  document('i2', 'DEBIT_MEMO', [['4000', '10.00'], ['4000', '-2.00']], [['RED', '0.80']]),
  document('c1', 'CREDIT_MEMO', [['4000', '40.00']], [['STD', '8.00'], ['RED', '0.00']]),
];

describe('summarizedAccountLines', () => {
  it("adds up to exactly what the documents' vouchers add up to, per account and side", () => {
    expect(rows(summarizedAccountLines(summed(documents), rules))).toEqual(perDocument(documents));
  });

  it('counts one voucher line per amount summed, leaving zero tax amounts out as the voucher does', () => {
    const accounts = summarizedAccountLines(summed(documents), rules);
    expect([accounts.get('1200')?.lineCount, accounts.get('4000')?.lineCount, accounts.get('2210')?.lineCount]).toEqual([3, 4, 1]);
  });

  it('refuses a summarized tax code the company does not have', () => {
    expect(() => summarizedAccountLines([{ kind: 'TAX', creditMemo: false, key: 'NOPE', amount: money('1.00'), count: 1 }], rules)).toThrow(/NOPE/);
  });
});

describe('withoutVoucherLines', () => {
  it('takes a blocked document out so the sums equal those of the others', () => {
    const accounts = summarizedAccountLines(summed(documents), rules);
    const blocked = buildVoucher(documents[1] as PostingDocument, rules);
    if (!blocked.ok) throw new Error('voucher expected');
    withoutVoucherLines(accounts, homeLinesOf(blocked.voucher.lines));
    expect(rows(accounts)).toEqual(perDocument([documents[0] as PostingDocument, documents[2] as PostingDocument]));
  });

  it('fails loudly when lines are taken out that were never added', () => {
    expect(() => withoutVoucherLines(new Map(), [{ account: '4000', amount: money('-1.00') }])).toThrow(/never added/);
  });
});

describe('movedReceivableLine', () => {
  it("moves the A/R lines of documents whose customers' posting group has its own account, as their vouchers post them", () => {
    const profiled = { ...rules, receivableAccountByPostingGroup: new Map([['EXPORT', '1210']]) };
    const exported = documents.map((each) => (each.invoiceId === 'i1' ? each : { ...each, customerPostingGroup: 'EXPORT' }));
    const accounts = summarizedAccountLines(summed(documents), rules);
    movedReceivableLine(accounts, '1200', '1210', money('8.80'));
    movedReceivableLine(accounts, '1200', '1210', money('-48.00'));
    expect(rows(accounts)).toEqual(perDocument(exported, profiled));
    expect(rows(accounts).filter(([account]) => account.startsWith('12'))).toEqual([
      ['1200', '180.00', '0.00'],
      ['1210', '8.80', '48.00'],
    ]);
  });
});

describe('runReport with summarized accounts', () => {
  it('adds summed lines to those of documents read in full and lists no account whose lines were all taken out', () => {
    const accounts = summarizedAccountLines(summed([documents[1] as PostingDocument]), rules);
    const blocked = buildVoucher(documents[1] as PostingDocument, rules);
    if (!blocked.ok) throw new Error('voucher expected');
    withoutVoucherLines(accounts, homeLinesOf(blocked.voucher.lines));
    expect(runReport([], 'EUR', accounts).accountTotals).toEqual([]);
  });
});
