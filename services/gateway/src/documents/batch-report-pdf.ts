import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { BatchCustomerReportJson, BatchJson } from '../api/batch-mapping.js';

/**
 * The batch report as a PDF a person reads [001]: one section per customer, starting on a new
 * page, with the four figures (former balance, payments received, new documents, new balance),
 * then the new documents and the payments of the period. A4, the standard Helvetica fonts, so
 * no font files are needed.
 */

const PAGE_WIDTH_PT = 595.28;
const PAGE_HEIGHT_PT = 841.89;
const MARGIN_PT = 50;
const LINE_HEIGHT_PT = 15;
const BODY_SIZE_PT = 10;
const HEADING_SIZE_PT = 16;
const SUBHEADING_SIZE_PT = 12;
const RULE_GREY = rgb(0.6, 0.6, 0.6);
/** Where a rule sits between two rows, in lines above the next row's baseline. */
const RULE_OFFSET_LINES = 0.8;

/** Left edges of the table columns; amounts are right-aligned to AMOUNT_RIGHT_PT. */
const COLUMNS_PT = { first: MARGIN_PT, second: MARGIN_PT + 90, third: MARGIN_PT + 220, fourth: MARGIN_PT + 330 };
const AMOUNT_RIGHT_PT = PAGE_WIDTH_PT - MARGIN_PT;

class ReportWriter {
  private page!: PDFPage;
  private y = 0;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly title: string,
  ) {}

  newPage(): void {
    this.page = this.pdf.addPage([PAGE_WIDTH_PT, PAGE_HEIGHT_PT]);
    this.y = PAGE_HEIGHT_PT - MARGIN_PT;
    this.page.drawText(this.title, { x: MARGIN_PT, y: this.y, size: BODY_SIZE_PT, font: this.regular, color: RULE_GREY });
    this.y -= LINE_HEIGHT_PT * 2;
  }

  /** Starts a new page when fewer than `lines` lines fit on this one. */
  ensureRoom(lines: number): void {
    if (this.y - lines * LINE_HEIGHT_PT < MARGIN_PT) this.newPage();
  }

  heading(text: string, size: number): void {
    this.ensureRoom(2);
    this.page.drawText(printable(text), { x: MARGIN_PT, y: this.y, size, font: this.bold });
    this.y -= size + LINE_HEIGHT_PT / 2;
  }

  row(cells: readonly string[], amount: string, options: { bold?: boolean } = {}): void {
    this.ensureRoom(1);
    const font = options.bold === true ? this.bold : this.regular;
    const lefts = [COLUMNS_PT.first, COLUMNS_PT.second, COLUMNS_PT.third, COLUMNS_PT.fourth];
    cells.forEach((cell, index) => this.page.drawText(printable(cell), { x: lefts[index] ?? MARGIN_PT, y: this.y, size: BODY_SIZE_PT, font }));
    const width = font.widthOfTextAtSize(amount, BODY_SIZE_PT);
    this.page.drawText(amount, { x: AMOUNT_RIGHT_PT - width, y: this.y, size: BODY_SIZE_PT, font });
    this.y -= LINE_HEIGHT_PT;
  }

  /** A thin line under the previous row, clear of the next row's capitals. */
  rule(): void {
    const y = this.y + LINE_HEIGHT_PT * RULE_OFFSET_LINES;
    this.page.drawLine({ start: { x: MARGIN_PT, y }, end: { x: AMOUNT_RIGHT_PT, y }, color: RULE_GREY, thickness: 0.5 });
  }

  gap(): void {
    this.y -= LINE_HEIGHT_PT / 2;
  }
}

export async function renderBatchReportPdf(batch: BatchJson, customers: readonly BatchCustomerReportJson[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice batch ${batch.number}`);
  pdf.setCreator('Ledgerline');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const writer = new ReportWriter(pdf, regular, bold, `Invoice batch ${batch.number} - close date ${batch.closeDate}`);
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
      writer.row([document.invoiceDate, document.documentNumber, typeLabel(document.documentType), document.dueDate], document.amount);
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

/**
 * The standard fonts encode WinAnsi (Latin-1) only; a name in another script would make the
 * whole rendering fail, so such characters print as "?" instead.
 */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

const TYPE_LABELS: Record<string, string> = { SALES_ORDER: 'Invoice', FREE_TEXT: 'Invoice', DEBIT_MEMO: 'Debit memo', CREDIT_MEMO: 'Credit memo' };

function typeLabel(type: string | null): string {
  return type === null ? '' : (TYPE_LABELS[type] ?? type);
}

/** Payments reduce the balance; the statement shows them with a minus, as the arithmetic goes. */
function negate(amount: string): string {
  if (/^0(\.0+)?$/.test(amount)) return amount;
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}
