import type { BatchCustomerReportJson, BatchJson } from '../api/batch-mapping.js';
import { createPdf, DOCUMENT_TITLES, GREY, MARGIN_PT, PageWriter, RIGHT_EDGE_PT } from './pdf-page.js';

/**
 * The batch report as a PDF a person reads [001]: one section per customer, starting on a new
 * page, with the four figures (former balance, payments received, new documents, new balance),
 * then the new documents and the payments of the period.
 */

const STYLE = { lineHeightPt: 15, bodySizePt: 10 };
const HEADING_SIZE_PT = 16;
const SUBHEADING_SIZE_PT = 12;
/** Where a rule sits between two rows, in lines above the next row's baseline. */
const RULE_OFFSET_LINES = 0.8;
/** Left edges of the table columns; amounts end at the right edge. */
const COLUMNS_PT = [MARGIN_PT, MARGIN_PT + 90, MARGIN_PT + 220, MARGIN_PT + 330];

class ReportWriter extends PageWriter {
  row(cells: readonly string[], amount: string, options: { bold?: boolean } = {}): void {
    this.ensureRoom(1);
    cells.forEach((cell, index) => this.text(cell, COLUMNS_PT[index] ?? MARGIN_PT, options));
    this.right(amount, RIGHT_EDGE_PT, options);
    this.nextLine();
  }

  /** A thin line under the previous row, clear of the next row's capitals. */
  rule(): void {
    const y = this.y + this.style.lineHeightPt * RULE_OFFSET_LINES;
    this.page.drawLine({ start: { x: MARGIN_PT, y }, end: { x: RIGHT_EDGE_PT, y }, color: GREY, thickness: 0.5 });
  }
}

export async function renderBatchReportPdf(batch: BatchJson, customers: readonly BatchCustomerReportJson[]): Promise<Uint8Array> {
  const { pdf, regular, bold } = await createPdf(`Invoice batch ${batch.number}`);
  const writer = new ReportWriter(pdf, regular, bold, `Invoice batch ${batch.number} - close date ${batch.closeDate}`, STYLE);
  if (customers.length === 0) {
    writer.newPage();
    writer.heading(`Invoice batch ${batch.number}`, HEADING_SIZE_PT);
    writer.row(['This batch has no customers.'], '');
  }
  for (const customer of customers) {
    writer.newPage();
    writer.heading(`${customer.customerName === '' ? customer.customerId : customer.customerName} (${customer.customerId})`, HEADING_SIZE_PT);
    writer.row([`Statement to ${batch.closeDate}, amounts in ${customer.currency}`], '');
    writer.gap();
    const since = customer.previousCloseDate === null ? '' : ` (at ${customer.previousCloseDate})`;
    writer.row([`Former balance${since}`], customer.formerBalance);
    writer.row(['Payments received'], negate(customer.paymentsReceived));
    writer.row(['New documents'], customer.newDocumentsAmount);
    writer.rule();
    writer.row(['New balance'], customer.newBalance, { bold: true });
    writer.gap();
    writer.heading('New documents', SUBHEADING_SIZE_PT);
    writer.row(['Date', 'Number', 'Type', 'Due date'], 'Amount', { bold: true });
    for (const document of customer.documents) {
      writer.row([document.invoiceDate, document.documentNumber, DOCUMENT_TITLES[document.documentType ?? ''] ?? '', document.dueDate], document.amount);
    }
    if (customer.documents.length === 0) writer.row(['none'], '');
    writer.gap();
    writer.heading('Payments received', SUBHEADING_SIZE_PT);
    writer.row(['Paid date', 'Reference'], 'Amount', { bold: true });
    for (const payment of customer.payments) writer.row([payment.paidDate, payment.reference], payment.amount);
    if (customer.payments.length === 0) writer.row(['none'], '');
  }
  return pdf.save();
}

/** Payments reduce the balance; the statement shows them with a minus, as the arithmetic goes. */
function negate(amount: string): string {
  if (/^0(\.0+)?$/.test(amount)) return amount;
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}
