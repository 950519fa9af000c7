import { parseAmount, sum } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';
import { ErrorCode, validationError, type BusinessError } from './errors.js';

/**
 * Most units of customer-item products on one document: each is a draft a clerk may have to
 * review and, at posting, a customer item. Invoicing refuses documents above it, so one
 * proposal, one review screen and one posting transaction stay bounded.
 */
export const UNITS_PER_DOCUMENT_MAX = 10_000;
/** Longest description of a draft or customer item: the longest line text invoicing accepts. */
export const DESCRIPTION_LENGTH_MAX = 500;
/** Longest name of the user who reviewed a draft. */
export const REVIEWER_LENGTH_MAX = 200;

export type DraftStatus = 'PENDING_REVIEW' | 'CONFIRMED' | 'EXCLUDED' | 'CONVERTED';
export type ReviewDecision = 'CONFIRM' | 'EXCLUDE';

/** Drafts that become customer items when their document posts: every one not excluded. */
export const STATUSES_CREATING_ITEMS: readonly DraftStatus[] = ['PENDING_REVIEW', 'CONFIRMED'];

/** One document line whose product creates customer items, as ProposeDrafts receives it. */
export interface DraftLine {
  lineNumber: number;
  productId: string;
  /** Decimal string. */
  quantity: string;
  serialNumbers: readonly string[];
  description: string;
}

/** One unit of a line: what its draft, and later its customer item, is about. */
export interface LineUnit {
  lineNumber: number;
  /** 1-based. */
  unit: number;
  productId: string;
  /** The unit's serial number, or empty. */
  serialNumber: string;
  description: string;
}

/** A draft's state; its document and id are known to whoever holds it. */
export interface DraftState {
  lineNumber: number;
  unit: number;
  customerId: string;
  productId: string;
  serialNumber: string;
  description: string;
  /** The description is a reviewer's correction, not the line's own text. */
  descriptionCorrected: boolean;
  status: DraftStatus;
  reviewedBy: string;
  reviewedAt: Date | undefined;
}

/**
 * The whole units of a quantity. A product that creates customer items creates one per unit
 * sold, and a fraction of a unit is no unit: invoicing refuses fractional quantities of such
 * products, so the fraction dropped here only concerns documents written before that rule.
 */
export function wholeUnits(quantity: Decimal): Decimal {
  return quantity.floor();
}

/** The units of a line, each with the serial number at its position (unit i+1 gets serialNumbers[i]). */
export function unitsOfLine(line: Omit<DraftLine, 'quantity'>, units: number): LineUnit[] {
  return Array.from({ length: units }, (_, index) => ({
    lineNumber: line.lineNumber,
    unit: index + 1,
    productId: line.productId,
    serialNumber: line.serialNumbers[index] ?? '',
    description: line.description,
  }));
}

/**
 * The units a proposal asks drafts for, or every reason the lines cannot be interpreted. A line
 * appears at most once, names its product, and has a quantity that is a plain non-negative
 * decimal; the document's units stay within UNITS_PER_DOCUMENT_MAX.
 */
export function proposedUnits(lines: readonly DraftLine[]): { ok: true; units: LineUnit[] } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const seen = new Set<number>();
  const counted: Array<{ line: DraftLine; units: Decimal }> = [];
  for (const line of lines) {
    const where = `line ${line.lineNumber}`;
    if (line.lineNumber < 1) problems.push(`${where}: line numbers start at 1`);
    if (seen.has(line.lineNumber)) problems.push(`${where}: given twice`);
    seen.add(line.lineNumber);
    if (line.productId === '') problems.push(`${where}: product_id is required`);
    if (line.description.length > DESCRIPTION_LENGTH_MAX) problems.push(`${where}: description longer than ${DESCRIPTION_LENGTH_MAX} characters`);
    const quantity = parseAmount(line.quantity);
    if (!quantity.ok) problems.push(`${where}: quantity "${line.quantity}" is not a non-negative decimal (${quantity.reason})`);
    else counted.push({ line, units: wholeUnits(quantity.value) });
  }
  const total = sum(counted.map((entry) => entry.units));
  if (total.greaterThan(UNITS_PER_DOCUMENT_MAX)) problems.push(`${total.toFixed()} units; a document has at most ${UNITS_PER_DOCUMENT_MAX}`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, units: counted.flatMap(({ line, units }) => unitsOfLine(line, units.toNumber())) };
}

/**
 * The drafts of a document after a proposal. A unit whose product and serial number are
 * unchanged keeps its review (and a reviewer's corrected description); any other unit starts
 * over as PENDING_REVIEW with the line's text. Units no longer proposed are gone.
 */
export function mergeProposal(units: readonly LineUnit[], existing: readonly DraftState[], customerId: string): DraftState[] {
  const previousAt = new Map(existing.map((draft) => [positionKey(draft), draft]));
  return units.map((unit) => {
    const previous = previousAt.get(positionKey(unit));
    if (previous !== undefined && previous.productId === unit.productId && previous.serialNumber === unit.serialNumber) {
      return { ...previous, customerId, description: previous.descriptionCorrected ? previous.description : unit.description };
    }
    return {
      lineNumber: unit.lineNumber,
      unit: unit.unit,
      customerId,
      productId: unit.productId,
      serialNumber: unit.serialNumber,
      description: unit.description,
      descriptionCorrected: false,
      status: 'PENDING_REVIEW',
      reviewedBy: '',
      reviewedAt: undefined,
    };
  });
}

function positionKey(position: { lineNumber: number; unit: number }): string {
  return `${position.lineNumber}/${position.unit}`;
}

/** A review as ReviewDraft receives it; decision undefined when the caller gave none. */
export interface Review {
  decision: ReviewDecision | undefined;
  reviewedBy: string;
  /** Corrected description; empty keeps the draft's. */
  description: string;
}

/** Field errors of a review; empty when it can be applied. */
export function checkReview(review: Review): BusinessError[] {
  const errors: BusinessError[] = [];
  if (review.decision === undefined) errors.push(validationError('decision', 'decision is CONFIRM or EXCLUDE'));
  if (review.reviewedBy.trim() === '') errors.push(validationError('reviewedBy', 'name who reviewed the draft'));
  if (review.reviewedBy.length > REVIEWER_LENGTH_MAX) errors.push(validationError('reviewedBy', `at most ${REVIEWER_LENGTH_MAX} characters`));
  if (review.description !== '' && review.description.trim() === '') errors.push(validationError('description', 'a corrected description must not be blank'));
  if (review.description.length > DESCRIPTION_LENGTH_MAX) errors.push(validationError('description', `at most ${DESCRIPTION_LENGTH_MAX} characters`));
  return errors;
}

/** Once its document is posted a draft never changes again, whatever its decision was. */
export function reviewRefusal(draftId: string, status: DraftStatus, documentPosted: boolean): BusinessError | undefined {
  if (status !== 'CONVERTED' && !documentPosted) return undefined;
  return { code: ErrorCode.INVALID_STATE, message: `draft ${draftId} belongs to a posted document and can no longer be reviewed`, fieldPath: '' };
}

/** The draft after a review; reviewing again replaces the earlier decision. */
export function applyReview(draft: DraftState, review: Review & { decision: ReviewDecision }, at: Date): DraftState {
  const corrected = review.description !== '';
  return {
    ...draft,
    status: review.decision === 'CONFIRM' ? 'CONFIRMED' : 'EXCLUDED',
    reviewedBy: review.reviewedBy,
    reviewedAt: at,
    description: corrected ? review.description : draft.description,
    descriptionCorrected: draft.descriptionCorrected || corrected,
  };
}
