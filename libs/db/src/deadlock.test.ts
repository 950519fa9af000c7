import { describe, expect, it } from 'vitest';
import { DEADLOCK_ATTEMPTS_MAX, isDeadlock, retryOnDeadlock } from './deadlock.js';

const deadlock = () => Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('deadlock detected'), { code: '40P01' }) });

describe('retryOnDeadlock', () => {
  it('runs a transaction Postgres aborted for a deadlock again, and answers its result', async () => {
    let attempts = 0;
    const retries: number[] = [];
    const result = await retryOnDeadlock(
      async () => {
        attempts += 1;
        if (attempts < DEADLOCK_ATTEMPTS_MAX) throw deadlock();
        return 'committed';
      },
      (attempt) => retries.push(attempt),
    );
    expect([result, retries]).toEqual(['committed', [1, 2]]);
  });

  it('throws the last deadlock once the attempts are used up', async () => {
    let attempts = 0;
    const failing = async () => {
      attempts += 1;
      throw deadlock();
    };
    await expect(retryOnDeadlock(failing, () => undefined)).rejects.toThrow('wrapped');
    expect(attempts).toBe(DEADLOCK_ATTEMPTS_MAX);
  });

  it('throws any other error at once', async () => {
    let attempts = 0;
    const failing = async () => {
      attempts += 1;
      throw new Error('unique violation');
    };
    await expect(retryOnDeadlock(failing, () => undefined)).rejects.toThrow('unique violation');
    expect(attempts).toBe(1);
  });
});

describe('isDeadlock', () => {
  it("recognizes Prisma's wrapping of the code", () => {
    expect(isDeadlock(Object.assign(new Error('x'), { meta: { code: '40P01' } }))).toBe(true);
  });
});
