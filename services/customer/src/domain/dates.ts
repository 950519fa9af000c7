/** Calendar dates as the wire carries them ("YYYY-MM-DD") compare in date order as strings. */

/** The later of two dates; undefined counts as "none". */
export function laterDate(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a >= b ? a : b;
}
