import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { BatchCustomerReportJson, BatchJson } from '../api/batch-mapping.js';
import { renderBatchReportPdf } from './batch-report-pdf.js';

const batch: BatchJson = {
  id: 'b1',
  number: 'B-000001',
  closeDate: '2026-11-15',
  status: 'PRINTED',
  dummy: false,
  origin: 'GENERATED',
  customerCount: 2,
  documentCount: 1,
  createdAt: null,
  printedAt: null,
  printCount: 1,
};

function customer(customerId: string, customerName: string, documents: number): BatchCustomerReportJson {
  return {
    customerId,
    customerName,
    currency: 'EUR',
    previousCloseDate: null,
    formerBalance: '0.00',
    paymentsReceived: '0.00',
    newDocumentsAmount: '120.00',
    newBalance: '120.00',
    documents: Array.from({ length: documents }, (_, index) => ({
      documentId: `d${index}`,
      documentNumber: `INV-${index}`,
      documentType: 'FREE_TEXT',
      invoiceDate: '2026-11-02',
      dueDate: '2026-12-02',
      amount: '120.00',
    })),
    payments: [],
  };
}

async function pagesOf(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes)).getPageCount();
}

describe('renderBatchReportPdf', () => {
  it('starts each customer on a page of its own', async () => {
    expect(await pagesOf(await renderBatchReportPdf(batch, [customer('C1', 'One', 1), customer('C2', 'Two', 1)]))).toBe(2);
  });

  it('continues a long list of documents on further pages', async () => {
    expect(await pagesOf(await renderBatchReportPdf(batch, [customer('C1', 'One', 200)]))).toBeGreaterThan(3);
  });

  it('prints a name outside Latin-1 instead of failing', async () => {
    expect(await pagesOf(await renderBatchReportPdf(batch, [customer('C1', '株式会社 Ω', 1)]))).toBe(1);
  });
});
