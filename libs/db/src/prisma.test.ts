import { describe, expect, it } from 'vitest';
import { preparedStatementNames } from './prisma.js';

describe('preparedStatementNames', () => {
  it('names each text once, the same name every time, and leaves the rest unnamed beyond the limits', () => {
    const nameOf = preparedStatementNames({ statementsMax: 2, parametersMax: 3 });
    const first = nameOf({ sql: 'SELECT 1', args: [] });
    const second = nameOf({ sql: 'SELECT $1', args: ['a'] });
    expect(first).not.toBe('');
    expect(second).not.toBe('');
    expect(second).not.toBe(first);
    expect(nameOf({ sql: 'SELECT 1', args: [] })).toBe(first);
    expect(nameOf({ sql: 'SELECT 3', args: [] })).toBe('');
    expect(preparedStatementNames({ statementsMax: 2, parametersMax: 3 })({ sql: 'SELECT $1, $2, $3, $4', args: [1, 2, 3, 4] })).toBe('');
  });
});
