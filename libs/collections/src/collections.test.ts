import { describe, expect, it } from 'vitest';
import { groupBy, inParallel } from './index.js';

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

describe('inParallel', () => {
  it('runs at most the given number of tasks at once and answers in index order', async () => {
    let running = 0;
    let mostRunning = 0;
    const results = await inParallel(7, 3, async (index) => {
      running += 1;
      mostRunning = Math.max(mostRunning, running);
      await new Promise((resolve) => setTimeout(resolve, (7 - index) * 2));
      running -= 1;
      return index * 10;
    });
    expect([results, mostRunning]).toEqual([[0, 10, 20, 30, 40, 50, 60], 3]);
  });
});
