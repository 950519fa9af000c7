/** Database failures a use case can recover from by answering differently or trying again. */

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Walks an error and its causes for a Postgres SQLSTATE or a Prisma error code. */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const stack: unknown[] = [error];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const code = codeOf(current);
    if (code !== undefined) codes.push(code);
    const record = current as Record<string, unknown>;
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
  const codes = codesOf(error);
  return codes.includes('P2002') || codes.includes('23505');
}

/** Postgres chose this transaction as a deadlock victim or a serialization failure; a retry will do. */
export function isRetryableConflict(error: unknown): boolean {
  const codes = codesOf(error);
  return codes.includes('40P01') || codes.includes('40001') || codes.includes('P2034') || isUniqueViolation(error);
}
