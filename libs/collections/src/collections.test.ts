import { describe, expect, it } from 'vitest';
import { groupBy } from './index.js';

describe('groupBy', () => {
  it('groups rows by their key, keeping the order of keys and of rows', () => {
    const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (row) => row.charAt(0));
    expect([...groups]).toEqual([
      ['b', ['b1', 'b2']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ]);
  });
});
