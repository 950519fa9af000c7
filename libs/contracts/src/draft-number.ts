/**
 * The text form of a document's draft number (invoicing.v1 Invoice.draft_number, and the number
 * range a posting-run selection names): "D-" and the number of its company's draft sequence, at
 * least six digits ("D-000123"). Every service that reads or checks one goes through here, so the
 * form is stated once, beside the contract.
 */
const DRAFT_NUMBER_PATTERN = /^D-(\d{1,18})$/;
const DRAFT_NUMBER_DIGITS_MIN = 6;

export function formatDraftNumber(value: bigint): string {
  return `D-${value.toString().padStart(DRAFT_NUMBER_DIGITS_MIN, '0')}`;
}

/** The number of a draft number, padded or not, or undefined when the text is not one. */
export function parseDraftNumber(text: string): bigint | undefined {
  const digits = DRAFT_NUMBER_PATTERN.exec(text)?.[1];
  return digits === undefined ? undefined : BigInt(digits);
}
