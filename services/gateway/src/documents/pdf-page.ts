import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * What every printed document shares: A4 pages with a running title, the standard Helvetica
 * fonts (no font files needed), text that the fonts can encode, and new pages when a page is
 * full. Each document's writer adds its own rows on top.
 */

export const A4_WIDTH_PT = 595.28;
export const A4_HEIGHT_PT = 841.89;
export const MARGIN_PT = 50;
/** Right edge of the printable area, where amounts end. */
export const RIGHT_EDGE_PT = A4_WIDTH_PT - MARGIN_PT;
export const GREY = rgb(0.5, 0.5, 0.5);

/** How each kind of document is named on paper. */
export const DOCUMENT_TITLES: Record<string, string> = { SALES_ORDER: 'Invoice', FREE_TEXT: 'Invoice', DEBIT_MEMO: 'Debit memo', CREDIT_MEMO: 'Credit memo' };

export interface PageStyle {
  lineHeightPt: number;
  bodySizePt: number;
}

export interface TextOptions {
  bold?: boolean;
  color?: ReturnType<typeof rgb>;
}

/**
 * The standard fonts encode WinAnsi (Latin-1) only; a name in another script would make the
 * whole rendering fail, so such characters print as "?" instead.
 */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

/** A new PDF titled for its reader, with the two fonts every document uses. */
export async function createPdf(title: string): Promise<{ pdf: PDFDocument; regular: PDFFont; bold: PDFFont }> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('Ledgerline');
  return { pdf, regular: await pdf.embedFont(StandardFonts.Helvetica), bold: await pdf.embedFont(StandardFonts.HelveticaBold) };
}

/** Writes top to bottom, starting a new page (headed by the running title) when one is full. */
export class PageWriter {
  protected page!: PDFPage;
  protected y = 0;

  constructor(
    protected readonly pdf: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly runningTitle: string,
    protected readonly style: PageStyle,
  ) {}

  newPage(): void {
    this.page = this.pdf.addPage([A4_WIDTH_PT, A4_HEIGHT_PT]);
    this.y = A4_HEIGHT_PT - MARGIN_PT;
    this.text(this.runningTitle, MARGIN_PT, { color: GREY });
    this.y -= this.style.lineHeightPt * 2;
  }

  /** Starts a new page when fewer than `lines` lines fit on this one; `onNewPage` repeats a table header. */
  ensureRoom(lines: number, onNewPage?: () => void): void {
    if (this.y - lines * this.style.lineHeightPt >= MARGIN_PT) return;
    this.newPage();
    onNewPage?.();
  }

  heading(text: string, sizePt: number): void {
    this.ensureRoom(2);
    this.page.drawText(printable(text), { x: MARGIN_PT, y: this.y, size: sizePt, font: this.bold });
    this.y -= sizePt + this.style.lineHeightPt / 2;
  }

  gap(): void {
    this.y -= this.style.lineHeightPt / 2;
  }

  protected nextLine(): void {
    this.y -= this.style.lineHeightPt;
  }

  protected text(text: string, x: number, options: TextOptions = {}): void {
    this.page.drawText(printable(text), {
      x,
      y: this.y,
      size: this.style.bodySizePt,
      font: this.fontOf(options),
      ...(options.color === undefined ? {} : { color: options.color }),
    });
  }

  /** Text ending at `rightEdge`, as figures are set. */
  protected right(text: string, rightEdge: number, options: TextOptions = {}): void {
    const shown = printable(text);
    const width = this.fontOf(options).widthOfTextAtSize(shown, this.style.bodySizePt);
    this.page.drawText(shown, { x: rightEdge - width, y: this.y, size: this.style.bodySizePt, font: this.fontOf(options) });
  }

  protected fontOf(options: TextOptions): PDFFont {
    return options.bold === true ? this.bold : this.regular;
  }
}
