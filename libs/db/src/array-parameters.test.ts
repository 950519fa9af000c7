import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { arrayLiteral, sqlParameters } from './array-parameters.js';

// pg's own conversion of a parameter, which the literal must equal; the module ships no types.
const pgUtils = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): unknown };

describe('array parameters', () => {
  it('writes the literal pg writes for an array of strings, numbers, booleans, bigints and nulls', () => {
    const values = ['plain', 'with "quotes"', 'back\\slash', '', 'comma, and {braces}', 7, -1.5, true, false, 12345678901234567890n, null, undefined];
    expect(arrayLiteral(values)).toBe(pgUtils.prepareValue(values));
  });

  it('writes an empty array as {}', () => {
    expect(arrayLiteral([])).toBe('{}');
  });

  it('writes a hole in a sparse array as NULL', () => {
    const sparse: (string | undefined)[] = [];
    sparse[1] = 'a';
    expect(arrayLiteral(sparse)).toBe('{NULL,"a"}');
  });

  it('turns arrays of scalars into literals and leaves other parameters as they are', () => {
    const when = new Date('2026-11-23T00:00:00Z');
    const bytes = Buffer.from([1, 2]);
    expect(sqlParameters(['c1', 3, ['a', 'b'], [when], [bytes], [['x']], [1, Number.NaN], null])).toEqual([
      'c1',
      3,
      '{"a","b"}',
      [when],
      [bytes],
      [['x']],
      [1, Number.NaN],
      null,
    ]);
  });
});
