/** Page size when the caller asks for none (common/v1 PageRequest). */
export const PAGE_SIZE_DEFAULT = 50;
/** Largest page served, whatever the caller asks (common/v1 PageRequest). */
export const PAGE_SIZE_MAX = 500;
/** Longest cursor accepted; the ones handed out are far shorter. */
const CURSOR_LENGTH_MAX = 1_000;

export function pageSizeOf(requested: number): number {
  return requested === 0 ? PAGE_SIZE_DEFAULT : Math.min(requested, PAGE_SIZE_MAX);
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this service handed out');
    this.name = 'InvalidCursorError';
  }
}

/** The keyset position of a listing's last row, opaque to clients. */
export function encodeCursor(position: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * A cursor's position, checked against the kinds its listing hands out: a text, a positive
 * whole number, or a whole number as digits (a bigint). Anything else is InvalidCursorError.
 */
export function decodeCursor<const Kinds extends ReadonlyArray<'text' | 'int' | 'digits'>>(
  cursor: string,
  kinds: Kinds,
): { [Index in keyof Kinds]: Kinds[Index] extends 'int' ? number : string } {
  if (cursor.length > CURSOR_LENGTH_MAX) throw new InvalidCursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== kinds.length) throw new InvalidCursorError();
  kinds.forEach((kind, index) => {
    const value: unknown = parsed[index];
    const fits =
      kind === 'text'
        ? typeof value === 'string'
        : kind === 'int'
          ? Number.isSafeInteger(value) && (value as number) >= 1
          : typeof value === 'string' && /^\d{1,19}$/.test(value);
    if (!fits) throw new InvalidCursorError();
  });
  return parsed as { [Index in keyof Kinds]: Kinds[Index] extends 'int' ? number : string };
}
