/**
 * Grouping of many rows by a key in one pass, in the order the rows come: services group
 * thousands of lines, facts or report rows per document or customer this way.
 */
export function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return groups;
}

/**
 * Runs `task` for indexes 0 to count - 1 with at most `concurrencyMax` in flight, and answers
 * the results in index order: benchmarks and end-to-end tests send thousands of requests this way.
 */
export async function inParallel<T>(count: number, concurrencyMax: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrencyMax, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}
