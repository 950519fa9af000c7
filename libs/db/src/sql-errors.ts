/**
 * Postgres SQLSTATEs and Prisma error codes found in an error however it is wrapped: the pg
 * driver puts the SQLSTATE in `code`; Prisma's known errors put theirs in `code` (P2002) and,
 * for raw statements through the driver adapter (P2010), the SQLSTATE in
 * `meta.driverAdapterError.cause.originalCode`.
 */
export function sqlErrorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const stack: unknown[] = [error];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    if (typeof record.code === 'string') codes.push(record.code);
    for (const key of ['cause', 'meta', 'driverAdapterError', 'originalCode']) {
      const next = record[key];
      if (typeof next === 'string') codes.push(next);
      else stack.push(next);
    }
  }
  return codes;
}

/** A unique constraint refused a row: another transaction created the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  const codes = sqlErrorCodes(error);
  return codes.includes('P2002') || codes.includes('23505');
}
