/**
 * A document's draft number as shown and as a posting-run selection names it: "D-" and the
 * number of the company's draft sequence, at least six digits ("D-000123").
 */
const DRAFT_NUMBER_PATTERN = /^D-(\d{1,18})$/;
const DRAFT_NUMBER_DIGITS_MIN = 6;

export function formatDraftNumber(value: bigint): string {
  return `D-${value.toString().padStart(DRAFT_NUMBER_DIGITS_MIN, '0')}`;
}

/** The number of a draft number, or undefined when the text is not one. */
export function parseDraftNumber(text: string): bigint | undefined {
  const digits = DRAFT_NUMBER_PATTERN.exec(text)?.[1];
  return digits === undefined ? undefined : BigInt(digits);
}
