import { describe, expect, it } from 'vitest';
import { waitUntil } from './wait-for-outcome.js';

describe('waiting for an outcome', () => {
  it('reads until done', async () => {
    let reads = 0;
    const result = await waitUntil('pending', async () => (++reads >= 3 ? 'done' : 'pending'), (value) => value === 'done', { maxMs: 2_000, intervalMs: 1 });
    expect(result).toEqual({ value: 'done', done: true });
    expect(reads).toBe(3);
  });
  it('does not read when the first value is final', async () => {
    let reads = 0;
    const result = await waitUntil('done', async () => (reads++, 'x'), (value) => value === 'done', { maxMs: 1_000, intervalMs: 1 });
    expect(result.done).toBe(true);
    expect(reads).toBe(0);
  });
  it('gives up at the deadline with the last value', async () => {
    const startedAt = Date.now();
    const result = await waitUntil('pending', async () => 'still pending', () => false, { maxMs: 120, intervalMs: 10 });
    expect(result).toEqual({ value: 'still pending', done: false });
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });
  it('stops when the client goes away, and when a read fails', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const aborted = await waitUntil('pending', async () => 'pending', () => false, { maxMs: 5_000, intervalMs: 5, signal: controller.signal });
    expect(aborted.done).toBe(false);
    const failed = await waitUntil('pending', async () => Promise.reject(new Error('down')), () => false, { maxMs: 5_000, intervalMs: 1 });
    expect(failed.value).toBe('pending');
    expect(failed.error).toBeInstanceOf(Error);
  });
});
