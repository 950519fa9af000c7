import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from './sql-errors.js';

describe('isUniqueViolation', () => {
  it('finds the SQLSTATE of a raw statement that Prisma rethrew through its driver adapter', () => {
    const rawFailure = Object.assign(new Error('Raw query failed'), {
      code: 'P2010',
      meta: { driverAdapterError: Object.assign(new Error('duplicate key'), { cause: { originalCode: '23505', kind: 'postgres' } }) },
    });
    expect(isUniqueViolation(rawFailure)).toBe(true);
  });

  it('finds Prisma’s own code and the pg driver’s, and nothing in other failures', () => {
    expect(isUniqueViolation(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(false);
  });
});
