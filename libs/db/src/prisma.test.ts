import { describe, expect, it } from 'vitest';
import { preparedStatementNames } from './prisma.js';

describe('preparedStatementNames', () => {
  it('names each text once, the same name every time, and leaves the rest unnamed beyond the statement limit', () => {
    const nameOf = preparedStatementNames({ statementsMax: 2, valuesMax: 3 });
    const first = nameOf({ sql: 'SELECT 1', args: [] });
    const second = nameOf({ sql: 'SELECT $1', args: ['a'] });
    expect(first).not.toBe('');
    expect(second).not.toBe('');
    expect(second).not.toBe(first);
    expect(nameOf({ sql: 'SELECT 1', args: [] })).toBe(first);
    expect(nameOf({ sql: 'SELECT 3', args: [] })).toBe('');
  });

  it('runs a call binding more values than the limit unnamed, counting each array element', () => {
    const nameOf = preparedStatementNames({ statementsMax: 10, valuesMax: 3 });
    const sql = 'SELECT * FROM unnest($1::int[], $2::int[])';
    expect(nameOf({ sql, args: [[1, 2], [3, 4]] })).toBe('');
    const named = nameOf({ sql, args: [[1], [2]] });
    expect(named).not.toBe('');
    expect(nameOf({ sql, args: [[1, 2, 3], [4]] })).toBe('');
    expect(nameOf({ sql, args: [[1, 2], [3]] })).toBe(named);
  });
});
