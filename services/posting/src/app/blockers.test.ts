import { money } from '@ledgerline/money';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_EXPOSURE_CUSTOMERS_MAX,
  CUSTOMER_ITEM_COUNT_DOCUMENTS_MAX,
  findBlockers,
  UNPOSTED_TOTALS_CUSTOMERS_MAX,
  type BlockerSources,
  type BlockerSubject,
  type CreditExposureFact,
} from './blockers.js';

function subject(invoiceId: string, overrides: Partial<BlockerSubject> = {}): BlockerSubject {
  return {
    companyId: 'ACME',
    invoiceId,
    customerId: 'C-1',
    documentType: 'SALES_ORDER',
    currency: 'EUR',
    totalAmount: money('100.00'),
    lines: [{ lineNumber: 1, productId: 'PUMP', quantity: money('1'), serialized: false, createsCustomerItem: true, serialNumbers: [] }],
    creditCheckMode: 'NONE',
    paymentAmount: undefined,
    postingRunId: '',
    ...overrides,
  };
}

interface Calls {
  exposure: string[][];
  items: string[][];
  unposted: { customerIds: string[]; excluded: string[] }[];
  postedNotInBalance: { customerId: string; appliedTransactionNumber: bigint }[][];
}

/** Sources answering from tables, recording every call. */
function sources(options: {
  exposure?: (customerId: string) => Partial<CreditExposureFact> | undefined;
  pendingReview?: (invoiceId: string) => number | undefined;
  unposted?: Record<string, string>;
  /** Customer -> documents posted and not yet in its balance, EUR. */
  postedNotInBalance?: Record<string, { invoiceId: string; totalAmount: string }[]>;
  requireConfirmation?: boolean;
}): { sources: BlockerSources; calls: Calls } {
  const calls: Calls = { exposure: [], items: [], unposted: [], postedNotInBalance: [] };
  return {
    calls,
    sources: {
      async creditExposure(_companyId, customerIds) {
        calls.exposure.push([...customerIds]);
        const exposures: CreditExposureFact[] = [];
        const missingCustomerIds: string[] = [];
        for (const customerId of customerIds) {
          const fact = options.exposure === undefined ? {} : options.exposure(customerId);
          if (fact === undefined) missingCustomerIds.push(customerId);
          else
            exposures.push({
              customerId,
              currency: 'EUR',
              creditLimit: undefined,
              postedBalance: money('0'),
              cashSalesOnly: false,
              postingGroup: '',
              appliedTransactionNumber: 0n,
              ...fact,
            });
        }
        return { exposures, missingCustomerIds };
      },
      async countCustomerItems(_companyId, invoiceIds) {
        calls.items.push([...invoiceIds]);
        return invoiceIds.flatMap((invoiceId) => {
          const pending = options.pendingReview?.(invoiceId);
          return pending === undefined ? [] : [{ invoiceId, itemsToCreate: 1, pendingReview: pending }];
        });
      },
      async unpostedTotals(_companyId, customerIds, excludeInvoiceIds) {
        calls.unposted.push({ customerIds: [...customerIds], excluded: [...excludeInvoiceIds] });
        return customerIds.flatMap((customerId) => {
          const total = options.unposted?.[customerId];
          return total === undefined ? [] : [{ customerId, currency: 'EUR', totalAmount: money(total) }];
        });
      },
      async companySettings() {
        return { requireCustomerItemConfirmation: options.requireConfirmation ?? false };
      },
      async postedNotInBalance(_companyId, customers) {
        calls.postedNotInBalance.push([...customers]);
        return customers.flatMap(({ customerId }) =>
          (options.postedNotInBalance?.[customerId] ?? []).map((document) => ({ ...document, customerId, currency: 'EUR', totalAmount: money(document.totalAmount) })),
        );
      },
    },
  };
}

/** The blockers a check found, for the scenarios about blockers. */
const blockersOf = async (...args: Parameters<typeof findBlockers>) => (await findBlockers(...args)).blockers;

const codesOf = (blockers: Map<string, { code: string }[]>, invoiceId: string) => (blockers.get(invoiceId) ?? []).map((error) => error.code);

describe('findBlockers', () => {
  it('answers nothing for postable documents', async () => {
    const { sources: facts } = sources({});
    expect(await blockersOf(facts, [subject('A'), subject('B')])).toEqual(new Map());
  });

  it('blocks a document with drafts pending review when the company requires confirmation', async () => {
    const { sources: facts, calls } = sources({ requireConfirmation: true, pendingReview: (id) => (id === 'A' ? 1 : 0) });
    const blockers = await blockersOf(facts, [subject('A'), subject('B')]);
    expect([codesOf(blockers, 'A'), codesOf(blockers, 'B')]).toEqual([['CUSTOMER_ITEM_REVIEW_REQUIRED'], []]);
    expect(calls.items).toEqual([['A', 'B']]);
  });

  it('asks the customer-item service nothing when the company does not require confirmation', async () => {
    const { sources: facts, calls } = sources({ pendingReview: () => 3 });
    expect(await blockersOf(facts, [subject('A')])).toEqual(new Map());
    expect(calls.items).toEqual([]);
  });

  it('blocks a cash-sales-only customer without a payment, and always in a posting run', async () => {
    const { sources: facts } = sources({ exposure: () => ({ cashSalesOnly: true }) });
    const blockers = await blockersOf(facts, [
      subject('single'),
      subject('paid', { paymentAmount: money('120.00') }),
      subject('run', { paymentAmount: money('120.00'), postingRunId: 'RUN-1' }),
    ]);
    expect([codesOf(blockers, 'single'), codesOf(blockers, 'paid'), codesOf(blockers, 'run')]).toEqual([['CASH_SALES_ONLY'], [], ['CASH_SALES_ONLY']]);
  });

  it('blocks missing serial numbers', async () => {
    const { sources: facts } = sources({});
    const serialized = subject('A', {
      lines: [{ lineNumber: 1, productId: 'PUMP', quantity: money('2'), serialized: true, createsCustomerItem: false, serialNumbers: ['SN-1'] }],
    });
    expect(codesOf(await blockersOf(facts, [serialized]), 'A')).toEqual(['SERIAL_NUMBERS_MISSING']);
  });

  it('blocks a customer the customer service does not know', async () => {
    const { sources: facts } = sources({ exposure: () => undefined });
    expect(codesOf(await blockersOf(facts, [subject('A')]), 'A')).toEqual(['UNKNOWN_CUSTOMER']);
  });

  it('checks the credit limit cumulatively over a customer’s documents, skipping blocked ones', async () => {
    const { sources: facts } = sources({ exposure: () => ({ creditLimit: money('250'), postedBalance: money('50') }) });
    const blockers = await blockersOf(facts, [
      subject('A', { creditCheckMode: 'BALANCE' }),
      subject('serials', {
        creditCheckMode: 'BALANCE',
        lines: [{ lineNumber: 1, productId: 'PUMP', quantity: money('1'), serialized: true, createsCustomerItem: false, serialNumbers: [] }],
      }),
      subject('B', { creditCheckMode: 'BALANCE' }),
      subject('C', { creditCheckMode: 'BALANCE' }),
    ]);
    expect(['A', 'serials', 'B', 'C'].map((id) => codesOf(blockers, id))).toEqual([[], ['SERIAL_NUMBERS_MISSING'], [], ['CREDIT_LIMIT_EXCEEDED']]);
  });

  it('adds the other unposted documents in BALANCE_ALL, leaving the subjects out of them', async () => {
    const { sources: facts, calls } = sources({ exposure: () => ({ creditLimit: money('250') }), unposted: { 'C-1': '160.00' } });
    const blockers = await blockersOf(facts, [subject('A', { creditCheckMode: 'BALANCE_ALL' }), subject('B', { creditCheckMode: 'BALANCE' })]);
    expect([codesOf(blockers, 'A'), codesOf(blockers, 'B')]).toEqual([['CREDIT_LIMIT_EXCEEDED'], []]);
    expect(calls.unposted).toEqual([{ customerIds: ['C-1'], excluded: ['A', 'B'] }]);
  });

  it('counts the documents posted and not yet in the balance, and leaves them out of the unposted ones', async () => {
    const { sources: facts, calls } = sources({
      exposure: () => ({ creditLimit: money('250'), postedBalance: money('50'), appliedTransactionNumber: 41n }),
      postedNotInBalance: { 'C-1': [{ invoiceId: 'POSTED-42', totalAmount: '100.00' }] },
      unposted: { 'C-1': '0.00' },
    });
    const blockers = await blockersOf(facts, [subject('A', { creditCheckMode: 'BALANCE_ALL' }), subject('B', { creditCheckMode: 'BALANCE' })]);
    expect([codesOf(blockers, 'A'), codesOf(blockers, 'B')]).toEqual([[], ['CREDIT_LIMIT_EXCEEDED']]);
    expect(blockers.get('B')?.[0]?.message).toContain('documents posted, not yet in the balance 100.00 EUR');
    expect(calls.postedNotInBalance).toEqual([[{ customerId: 'C-1', appliedTransactionNumber: 41n }]]);
    expect(calls.unposted).toEqual([{ customerIds: ['C-1'], excluded: ['A', 'B', 'POSTED-42'] }]);
  });

  it('counts no posted documents for a customer whose applied transaction number is not known', async () => {
    const { sources: facts, calls } = sources({
      exposure: () => ({ creditLimit: money('250'), appliedTransactionNumber: undefined }),
      postedNotInBalance: { 'C-1': [{ invoiceId: 'POSTED-42', totalAmount: '1000.00' }] },
    });
    expect(codesOf(await blockersOf(facts, [subject('A', { creditCheckMode: 'BALANCE' })]), 'A')).toEqual([]);
    expect(calls.postedNotInBalance).toEqual([]);
  });

  it('asks for no unposted totals when no document is checked in BALANCE_ALL', async () => {
    const { sources: facts, calls } = sources({ exposure: () => ({ creditLimit: money('250') }) });
    await blockersOf(facts, [subject('A', { creditCheckMode: 'BALANCE' })]);
    expect(calls.unposted).toEqual([]);
  });

  it('fails when a source fails, instead of passing the documents', async () => {
    const { sources: facts } = sources({ requireConfirmation: true });
    const failing: BlockerSources = {
      ...facts,
      countCustomerItems: async () => {
        throw new Error('customer-item UNIMPLEMENTED');
      },
    };
    await expect(blockersOf(failing, [subject('A')])).rejects.toThrow('UNIMPLEMENTED');
  });

  it('checks 100,000 documents of 20,000 customers with chunked calls within every contract limit', async () => {
    const { sources: facts, calls } = sources({
      requireConfirmation: true,
      exposure: (customerId) => ({ creditLimit: money('250'), cashSalesOnly: customerId.endsWith('7') }),
      pendingReview: (invoiceId) => (invoiceId.endsWith('3') ? 1 : 0),
      unposted: {},
    });
    const subjects = Array.from({ length: 100_000 }, (_, index) =>
      subject(`INV-${index}`, { customerId: `C-${index % 20_000}`, creditCheckMode: 'BALANCE_ALL', postingRunId: 'RUN-1' }),
    );
    const started = performance.now();
    const blockers = await blockersOf(facts, subjects);
    const elapsedMs = performance.now() - started;

    expect(calls.exposure).toHaveLength(20);
    expect(Math.max(...calls.exposure.map((chunk) => chunk.length))).toBe(CREDIT_EXPOSURE_CUSTOMERS_MAX);
    expect(calls.items).toHaveLength(10);
    expect(Math.max(...calls.items.map((chunk) => chunk.length))).toBe(CUSTOMER_ITEM_COUNT_DOCUMENTS_MAX);
    expect(calls.unposted.length).toBeGreaterThan(0);
    expect(Math.max(...calls.unposted.map((call) => call.customerIds.length))).toBeLessThanOrEqual(UNPOSTED_TOTALS_CUSTOMERS_MAX);
    // Each customer has five 100.00 documents against a 250.00 limit: the third and later exceed.
    expect(codesOf(blockers, 'INV-0')).toEqual([]);
    expect(codesOf(blockers, 'INV-40000')).toEqual(['CREDIT_LIMIT_EXCEEDED']);
    expect(codesOf(blockers, 'INV-3')).toEqual(['CUSTOMER_ITEM_REVIEW_REQUIRED']);
    expect(codesOf(blockers, 'INV-7')).toEqual(['CASH_SALES_ONLY']);
    console.log(`findBlockers: 100,000 documents checked in ${Math.round(elapsedMs)} ms`);
  });

  it("tells each known subject's customer posting group, which selects its A/R account", async () => {
    const { sources: facts } = sources({ exposure: (customerId) => (customerId === 'C-GONE' ? undefined : { postingGroup: customerId === 'C-EXPORT' ? 'EXPORT' : '' }) });
    const check = await findBlockers(facts, [subject('A'), subject('B', { customerId: 'C-EXPORT' }), subject('C', { customerId: 'C-GONE' })]);
    expect(check.postingGroups).toEqual(new Map([['A', ''], ['B', 'EXPORT']]));
    expect(codesOf(check.blockers, 'C')).toEqual(['UNKNOWN_CUSTOMER']);
  });
});
