import { commonV1, invoicingV1, invoicingV1Events } from '@ledgerline/contracts';
import { describe, expect, it } from 'vitest';
import { toPostingRequest } from './posting-requested.js';

const event = { eventId: '00000000-0000-4000-8000-000000000001', occurredAt: new Date('2026-11-02T10:00:00Z') };

function payload(overrides: Partial<invoicingV1Events.InvoicePostingRequested> = {}) {
  return invoicingV1Events.InvoicePostingRequested.fromPartial({
    invoiceId: 'inv-1',
    companyId: 'acme',
    customerId: 'C-1',
    documentType: commonV1.DocumentType.DOCUMENT_TYPE_FREE_TEXT,
    invoiceDate: '2026-11-02',
    currency: 'EUR',
    netAmount: '100.00',
    taxAmount: '20.00',
    totalAmount: '120.00',
    lines: [{ lineNumber: 1, account: '', netAmount: '100.00', distribution: [{ account: '4000', percent: '60', amount: '' }, { account: '4100', percent: '40', amount: '' }] }],
    taxLines: [{ taxCode: 'STD', taxAmount: '20.00' }],
    ...overrides,
  });
}

describe('toPostingRequest', () => {
  it('translates percent shares into the document', () => {
    const request = toPostingRequest(event, payload());
    expect(request.document?.lines[0]?.distribution.map((share) => [share.account, share.percent?.toString()])).toEqual([
      ['4000', '60'],
      ['4100', '40'],
    ]);
  });

  it('fails an amount that is not one with VALIDATION_FAILED naming the field', () => {
    const request = toPostingRequest(event, payload({ taxAmount: '20.005' }));
    expect([request.document, request.inputErrors.map((error) => [error.code, error.fieldPath])]).toEqual([
      undefined,
      [['VALIDATION_FAILED', 'taxAmount']],
    ]);
  });

  it('fails a share with both a percent and an amount with DISTRIBUTION_INVALID', () => {
    const request = toPostingRequest(
      event,
      payload({
        lines: [invoicingV1.InvoiceLine.fromPartial({ lineNumber: 1, netAmount: '100.00', distribution: [{ account: '4000', percent: '100', amount: '100.00' }] })],
      }),
    );
    expect(request.inputErrors.map((error) => [error.code, error.fieldPath])).toEqual([['DISTRIBUTION_INVALID', 'lines[0].distribution[0]']]);
  });
});
