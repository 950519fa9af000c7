/** Ids are client-chosen (common/v1): UUIDs recommended, at most this long. */
export const ID_MAX_LENGTH = 64;
/** Printable, URL-safe, no spaces, so ids survive REST paths and logs unchanged. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

/** Names of document number sequences ("INVOICE", "CREDIT_MEMO") become the number's prefix. */
export const SEQUENCE_NAME_MAX_LENGTH = 32;
const SEQUENCE_NAME_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/** Digits a legal document number is padded to ("INVOICE-000001"). */
export const DOCUMENT_NUMBER_DIGITS = 6;

/** Display names and line texts; long enough for any ERP text, short enough to bound a row. */
export const TEXT_MAX_LENGTH = 1000;

export function isValidId(id: string): boolean {
  return id.length > 0 && id.length <= ID_MAX_LENGTH && ID_PATTERN.test(id);
}

export function isValidSequenceName(name: string): boolean {
  return name.length <= SEQUENCE_NAME_MAX_LENGTH && SEQUENCE_NAME_PATTERN.test(name);
}

/** "<SEQUENCE>-<number padded to 6>", e.g. "INVOICE-000001"; longer numbers keep all digits. */
export function formatDocumentNumber(sequence: string, value: bigint): string {
  return `${sequence}-${value.toString().padStart(DOCUMENT_NUMBER_DIGITS, '0')}`;
}
