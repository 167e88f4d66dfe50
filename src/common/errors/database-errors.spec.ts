import { describe, expect, it } from '@jest/globals';
import { isDatabaseUnavailable } from './database-errors.js';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('isDatabaseUnavailable', () => {
  it('recognises connection error codes and messages', () => {
    expect(isDatabaseUnavailable(refused())).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('looks through TypeORM driverError and a wrapper cause', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('query failed'), { driverError: refused() }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: refused() }))).toBe(true);
  });

  it('is false for other errors and for non-errors', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: new Error('boom') }))).toBe(false);
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED', message: 'x' })).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
