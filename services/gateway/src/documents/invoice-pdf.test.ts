import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { invoicePrintRefusal, renderInvoicePdf, type PrintableInvoice } from './invoice-pdf.js';

function invoice(lines: number, overrides: Partial<PrintableInvoice> = {}): PrintableInvoice {
  return {
    id: 'inv-1',
    type: 'FREE_TEXT',
    status: 'COMPLETE',
    number: 'INV-000042',
    draftNumber: null,
    invoiceDate: '2026-11-02',
    dueDate: '2026-12-02',
    currency: 'EUR',
    reference: 'PO 7',
    netAmount: '100.00',
    taxAmount: '20.00',
    totalAmount: '120.00',
    lines: Array.from({ length: lines }, (_, index) => ({
      lineNumber: index + 1,
      description: `Line ${index + 1}`,
      quantity: '1',
      unitPrice: '1.00',
      taxCode: 'STD',
      netAmount: '1.00',
    })),
    taxLines: [{ taxCode: 'STD', ratePercent: '20', baseAmount: '100.00', taxAmount: '20.00' }],
    ...overrides,
  };
}
const parties = { companyName: 'Acme Ltd', customerId: 'C-1', customerName: 'Zürich Pumps' };

describe('renderInvoicePdf', () => {
  it('renders a posted document on one A4 page, titled with its number', async () => {
    const pdf = await PDFDocument.load(await renderInvoicePdf(invoice(3), parties));
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('Invoice INV-000042');
  });

  it('marks an In Progress document as a draft that is not posted', async () => {
    const pdf = await PDFDocument.load(await renderInvoicePdf(invoice(1, { status: 'IN_PROGRESS', number: null, draftNumber: 'D-7' }), parties));
    expect(pdf.getTitle()).toBe('Invoice (draft D-7, not posted)');
  });

  it('continues many lines on further pages and cuts descriptions to their column', async () => {
    const long = invoice(200, {});
    const withLongText = { ...long, lines: long.lines.map((line) => ({ ...line, description: 'x'.repeat(500) })) };
    const pdf = await PDFDocument.load(await renderInvoicePdf(withLongText, { ...parties, customerName: '東京' }));
    expect(pdf.getPageCount()).toBeGreaterThan(3);
  });
});

describe('invoicePrintRefusal', () => {
  it('refuses a document queued for posting, saying so', () => {
    expect(invoicePrintRefusal('READY_TO_POST')).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('queued for posting') });
  });

  it('refuses a discarded document and prints drafts and posted documents', () => {
    expect(invoicePrintRefusal('DISCARDED')?.code).toBe('INVALID_STATE');
    expect([invoicePrintRefusal('IN_PROGRESS'), invoicePrintRefusal('COMPLETE')]).toEqual([undefined, undefined]);
  });
});
