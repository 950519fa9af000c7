import { isIsoDate } from '@ledgerline/calendar';
import { parseAmount, sum } from '@ledgerline/money';
import { UNITS_PER_DOCUMENT_MAX, unitsOfLine, wholeUnits, type LineUnit } from './drafts.js';

export type DocumentType = 'SALES_ORDER' | 'FREE_TEXT' | 'DEBIT_MEMO' | 'CREDIT_MEMO';

/** An event this service cannot apply: it goes to the dead-letter topic with this reason. */
export class UnusableEventError extends Error {
  constructor(what: string, id: string, reason: string) {
    super(`${what} ${id} cannot be used: ${reason}`);
    this.name = 'UnusableEventError';
  }
}

/** A line of a posted document as InvoicePosted carries it. */
export interface PostedLineFacts {
  lineNumber: number;
  productId: string;
  description: string;
  /** Decimal string. */
  quantity: string;
  serialNumbers: readonly string[];
  createsCustomerItem: boolean;
}

/** A posted document as InvoicePosted carries it. */
export interface PostedDocumentFacts {
  companyId: string;
  invoiceId: string;
  customerId: string;
  documentType: DocumentType | undefined;
  invoiceNumber: string;
  invoiceDate: string;
  lines: readonly PostedLineFacts[];
}

/** A posted document, checked, with the units its own lines ask customer items for. */
export interface PostedDocument {
  companyId: string;
  invoiceId: string;
  customerId: string;
  invoiceNumber: string;
  invoiceDate: string;
  /** One per whole unit of each line whose product creates customer items; none on a credit memo. */
  lineUnits: LineUnit[];
}

/** A customer item about to be created. */
export interface NewCustomerItem extends LineUnit {
  companyId: string;
  invoiceId: string;
  customerId: string;
  invoiceNumber: string;
  invoiceDate: string;
}

/**
 * Checks what a posted document needs for customer items before anything is written, so a bad
 * event is refused whole. Only a document with lines that create customer items needs its type
 * and quantities; most documents have none, and their events are applied whatever else they
 * lack. A credit memo takes goods back rather than selling them, so its lines create none.
 */
export function postedDocumentOf(facts: PostedDocumentFacts): PostedDocument {
  const fail = (reason: string): never => {
    throw new UnusableEventError('posted document', facts.invoiceId, reason);
  };
  if (facts.companyId === '' || facts.invoiceId === '' || facts.customerId === '') fail('company, document and customer ids are required');
  const creating = facts.lines.filter((line) => line.createsCustomerItem);
  if (creating.length > 0 && facts.documentType === undefined) fail('unknown document type');
  const counted = (facts.documentType === 'CREDIT_MEMO' ? [] : creating).map((line) => {
    if (line.lineNumber < 1) fail(`line number ${line.lineNumber}`);
    const quantity = parseAmount(line.quantity);
    if (!quantity.ok) return fail(`line ${line.lineNumber}: quantity "${line.quantity}" (${quantity.reason})`);
    return { line, units: wholeUnits(quantity.value) };
  });
  const total = sum(counted.map((entry) => entry.units));
  if (total.greaterThan(UNITS_PER_DOCUMENT_MAX)) fail(`${total.toFixed()} units of customer-item products; at most ${UNITS_PER_DOCUMENT_MAX}`);
  return {
    companyId: facts.companyId,
    invoiceId: facts.invoiceId,
    customerId: facts.customerId,
    invoiceNumber: facts.invoiceNumber,
    invoiceDate: facts.invoiceDate,
    lineUnits: counted.flatMap(({ line, units }) => unitsOfLine(line, units.toNumber())),
  };
}

/**
 * The customer items a posted document creates: one per converted draft (the drafts not
 * excluded, with their reviewed descriptions), and for each line that had no drafts at all one
 * per unit of the line as posted. A line with drafts follows its drafts only, so an excluded
 * unit stays excluded. Ordered by line and unit. Items carry the document's number and date, so
 * an event without them cannot be applied to a document that creates any.
 */
export function customerItemsOf(document: PostedDocument, convertedDrafts: readonly LineUnit[], linesWithDrafts: ReadonlySet<number>): NewCustomerItem[] {
  const undrafted = document.lineUnits.filter((unit) => !linesWithDrafts.has(unit.lineNumber));
  const units = [...convertedDrafts, ...undrafted];
  if (units.length > 0 && (document.invoiceNumber === '' || !isIsoDate(document.invoiceDate))) {
    throw new UnusableEventError('posted document', document.invoiceId, `customer items need its number and date, got "${document.invoiceNumber}" and "${document.invoiceDate}"`);
  }
  return units
    .sort((a, b) => a.lineNumber - b.lineNumber || a.unit - b.unit)
    .map((unit) => ({
      ...unit,
      companyId: document.companyId,
      invoiceId: document.invoiceId,
      customerId: document.customerId,
      invoiceNumber: document.invoiceNumber,
      invoiceDate: document.invoiceDate,
    }));
}
