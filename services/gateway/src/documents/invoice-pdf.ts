import type { commonV1 } from '@ledgerline/contracts';
import { createPdf, DOCUMENT_TITLES, MARGIN_PT, PageWriter, printable, RIGHT_EDGE_PT, type TextOptions } from './pdf-page.js';

/**
 * A customer document as a PDF to send or file [004]: the company, the customer, the document's
 * number and dates, one row per line, the tax per tax code and the totals. A4, the standard
 * Helvetica fonts, so no font files are needed; as many pages as the lines take, each headed
 * with the document it belongs to.
 */

/** What printing needs of a document, in its REST form. */
export interface PrintableInvoice {
  id: string;
  type: string | null;
  status: string | null;
  number: string | null;
  draftNumber: string | null;
  invoiceDate: string;
  dueDate: string | null;
  currency: string;
  reference: string | null;
  netAmount: string;
  taxAmount: string;
  totalAmount: string;
  lines: readonly { lineNumber: number; description: string; quantity: string; unitPrice: string; taxCode: string; netAmount: string }[];
  taxLines: readonly { taxCode: string; ratePercent: string; baseAmount: string; taxAmount: string }[];
}

export interface PrintParties {
  companyName: string;
  customerId: string;
  customerName: string;
}

/**
 * A document queued for posting cannot be printed [004]: it is neither a draft any more nor
 * posted with its final number yet. A discarded document is not printed either. An In Progress
 * document prints as a draft, marked as not posted.
 */
export function invoicePrintRefusal(status: string | null): commonV1.BusinessError | undefined {
  if (status === 'READY_TO_POST') {
    return { code: 'INVALID_STATE', message: 'the document is queued for posting and cannot be printed until its posting finishes', fieldPath: '' };
  }
  if (status === 'DISCARDED') return { code: 'INVALID_STATE', message: 'the document was discarded and is not printed', fieldPath: '' };
  return undefined;
}

const STYLE = { lineHeightPt: 14, bodySizePt: 9 };
const HEADING_SIZE_PT = 16;
/** Left edges of the text columns and right edges of the figure columns. */
const COLUMNS_PT = { line: MARGIN_PT, description: MARGIN_PT + 30, quantityRight: 360, unitPriceRight: 430, taxCode: 440, amountRight: RIGHT_EDGE_PT };
const DESCRIPTION_WIDTH_PT = 250;
const TRUNCATION_MARK = '...';

class InvoiceWriter extends PageWriter {
  /** A label and its value on one line, the value right-aligned. */
  pair(label: string, value: string, options: TextOptions = {}): void {
    this.ensureRoom(1);
    this.text(label, COLUMNS_PT.taxCode - 120, options);
    this.right(value, RIGHT_EDGE_PT, options);
    this.nextLine();
  }

  plain(text: string, options: TextOptions = {}): void {
    this.ensureRoom(1);
    this.text(text, MARGIN_PT, options);
    this.nextLine();
  }

  tableHeader(): void {
    this.row({ line: '#', description: 'Description', quantity: 'Quantity', unitPrice: 'Unit price', taxCode: 'Tax', amount: 'Amount' }, { bold: true });
  }

  row(cells: { line: string; description: string; quantity: string; unitPrice: string; taxCode: string; amount: string }, options: { bold?: boolean } = {}): void {
    this.ensureRoom(1, () => this.tableHeader());
    this.text(cells.line, COLUMNS_PT.line, options);
    this.text(this.fit(cells.description, options), COLUMNS_PT.description, options);
    this.right(cells.quantity, COLUMNS_PT.quantityRight, options);
    this.right(cells.unitPrice, COLUMNS_PT.unitPriceRight, options);
    this.text(cells.taxCode, COLUMNS_PT.taxCode, options);
    this.right(cells.amount, COLUMNS_PT.amountRight, options);
    this.nextLine();
  }

  /** A description cut to its column, marked as cut, so it never runs into the figures. */
  private fit(text: string, options: TextOptions): string {
    const font = this.fontOf(options);
    const shown = printable(text);
    if (font.widthOfTextAtSize(shown, STYLE.bodySizePt) <= DESCRIPTION_WIDTH_PT) return shown;
    // The longest prefix that fits with the mark, found by halving: a page of 500-character lines stays quick.
    let fits = 0;
    let tooLong = shown.length;
    while (tooLong - fits > 1) {
      const middle = Math.floor((fits + tooLong) / 2);
      if (font.widthOfTextAtSize(`${shown.slice(0, middle)}${TRUNCATION_MARK}`, STYLE.bodySizePt) <= DESCRIPTION_WIDTH_PT) fits = middle;
      else tooLong = middle;
    }
    return `${shown.slice(0, fits)}${TRUNCATION_MARK}`;
  }
}

export async function renderInvoicePdf(invoice: PrintableInvoice, parties: PrintParties): Promise<Uint8Array> {
  const title = DOCUMENT_TITLES[invoice.type ?? ''] ?? 'Document';
  const posted = invoice.status === 'COMPLETE' && invoice.number !== null;
  const name = posted ? `${title} ${invoice.number}` : `${title} (draft ${invoice.draftNumber ?? invoice.id}, not posted)`;
  const { pdf, regular, bold } = await createPdf(name);
  const writer = new InvoiceWriter(pdf, regular, bold, `${parties.companyName} - ${name}`, STYLE);
  writer.newPage();
  writer.heading(name, HEADING_SIZE_PT);
  writer.plain(parties.companyName, { bold: true });
  writer.plain(`To: ${parties.customerName === '' ? parties.customerId : `${parties.customerName} (${parties.customerId})`}`);
  writer.plain(`Date: ${invoice.invoiceDate}${invoice.dueDate === null ? '' : `    Due: ${invoice.dueDate}`}    Currency: ${invoice.currency}`);
  if (invoice.reference !== null) writer.plain(`Reference: ${invoice.reference}`);
  writer.gap();
  writer.tableHeader();
  for (const line of invoice.lines) {
    writer.row({
      line: String(line.lineNumber),
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      taxCode: line.taxCode,
      amount: line.netAmount,
    });
  }
  writer.gap();
  writer.ensureRoom(invoice.taxLines.length + 3);
  writer.pair('Net amount', invoice.netAmount);
  for (const tax of invoice.taxLines) writer.pair(`Tax ${tax.taxCode} ${tax.ratePercent} % of ${tax.baseAmount}`, tax.taxAmount);
  writer.pair(`Total ${invoice.currency}`, invoice.totalAmount, { bold: true });
  return pdf.save();
}

