import { describe, expect, it } from 'vitest';
import { problemFromRejection } from './rejections.js';

const error = (code: string, fieldPath = '', message = `${code} happened`) => ({ code, message, fieldPath });

describe('service rejections as HTTP problems', () => {
  it.each([
    ['VALIDATION_FAILED', 'lines[0].quantity', 422],
    ['NOT_FOUND', 'customerId', 422],
    ['CUSTOMER_NOT_FOUND', 'customerId', 422],
    ['NOT_FOUND', '', 404],
    ['CONFLICT', '', 409],
    ['ALREADY_POSTED', '', 409],
    ['INVALID_STATE', '', 409],
    ['PERIOD_CLOSED', 'invoiceDate', 422],
    ['EXCHANGE_RATE_MISSING', '', 422],
    ['CREDIT_LIMIT_EXCEEDED', '', 422],
    ['SOMETHING_NEW', '', 422],
  ])('%s at "%s" answers %i', (code, path, status) => {
    const problem = problemFromRejection({ errors: [error(code, path)] });
    expect(problem.status).toBe(status);
    expect(problem.errors).toEqual([{ path, message: `${code} happened`, code }]);
    expect(problem.message).toBe(`${code} happened`);
  });

  it('lists every error, the strongest status winning', () => {
    const problem = problemFromRejection({ errors: [error('PERIOD_CLOSED', 'invoiceDate'), error('CONFLICT')] });
    expect(problem.status).toBe(409);
    expect(problem.message).toBe('CONFLICT happened');
    expect(problem.errors?.map((entry) => entry.code)).toEqual(['PERIOD_CLOSED', 'CONFLICT']);
  });

  it('answers 422 to a rejection without reasons', () => {
    expect(problemFromRejection({ errors: [] }).status).toBe(422);
  });
});
