import { describe, expect, it } from 'vitest';
import { customerItemsOf, postedDocumentOf, UnusableEventError, type PostedDocumentFacts } from './customer-items.js';
import { UNITS_PER_DOCUMENT_MAX } from './drafts.js';

const facts: PostedDocumentFacts = {
  companyId: 'acme',
  invoiceId: 'inv-1',
  customerId: 'C1',
  documentType: 'SALES_ORDER',
  invoiceNumber: 'INV-000001',
  invoiceDate: '2026-11-02',
  lines: [
    { lineNumber: 1, productId: 'PUMP', description: 'Pump', quantity: '2', serialNumbers: ['SN-1', 'SN-2'], createsCustomerItem: true },
    { lineNumber: 2, productId: 'OIL', description: 'Oil', quantity: '5', serialNumbers: [], createsCustomerItem: false },
    { lineNumber: 3, productId: 'VALVE', description: 'Valve', quantity: '1.5', serialNumbers: [], createsCustomerItem: true },
  ],
};

describe('customer items of a posted document', () => {
  it('creates one per whole unit of each line without drafts, with its serial number', () => {
    const items = customerItemsOf(postedDocumentOf(facts), [], new Set());
    expect(items.map((item) => [item.lineNumber, item.unit, item.productId, item.serialNumber])).toEqual([
      [1, 1, 'PUMP', 'SN-1'],
      [1, 2, 'PUMP', 'SN-2'],
      [3, 1, 'VALVE', ''],
    ]);
    expect(items[0]).toMatchObject({ customerId: 'C1', invoiceNumber: 'INV-000001', invoiceDate: '2026-11-02', description: 'Pump' });
  });

  it('follows the drafts of a line that has any, so excluded units create nothing', () => {
    const converted = [{ lineNumber: 1, unit: 2, productId: 'PUMP', serialNumber: 'SN-2', description: 'Pump in the basement' }];
    const items = customerItemsOf(postedDocumentOf(facts), converted, new Set([1]));
    expect(items.map((item) => [item.lineNumber, item.unit, item.description])).toEqual([
      [1, 2, 'Pump in the basement'],
      [3, 1, 'Valve'],
    ]);
  });

  it('applies an incomplete event of a document that creates no customer items', () => {
    const bare = { ...facts, documentType: undefined, invoiceNumber: '', invoiceDate: '', lines: [{ ...facts.lines[1]! }] };
    expect(customerItemsOf(postedDocumentOf(bare), [], new Set())).toEqual([]);
  });

  it('creates none for a credit memo', () => {
    expect(postedDocumentOf({ ...facts, documentType: 'CREDIT_MEMO' }).lineUnits).toEqual([]);
  });

  it('refuses an event it cannot apply', () => {
    expect(() => customerItemsOf(postedDocumentOf({ ...facts, invoiceDate: '2026-02-30' }), [], new Set())).toThrow(UnusableEventError);
    expect(() => postedDocumentOf({ ...facts, documentType: undefined })).toThrow(UnusableEventError);
    expect(() => postedDocumentOf({ ...facts, lines: [{ ...facts.lines[0]!, quantity: 'two' }] })).toThrow(UnusableEventError);
    const huge = { ...facts, lines: [{ ...facts.lines[0]!, quantity: String(UNITS_PER_DOCUMENT_MAX + 1) }] };
    expect(() => postedDocumentOf(huge)).toThrow(UnusableEventError);
  });
});
