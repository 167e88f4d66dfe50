// Assertions on the 429 answers of rate-limited routes (API.md §0): Retry-After in whole seconds.
import { expect } from '@jest/globals';
import type { Response } from 'supertest';

export function expectRetryAfter(response: Response): void {
  const seconds = Number(response.headers['retry-after']);
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
}

/** 429 in the session envelope, code RATE_LIMITED, with Retry-After. */
export function expectSession429(response: Response): void {
  expect(response.status).toBe(429);
  expect(response.body).toEqual({
    status: 'Error',
    error: { code: 'RATE_LIMITED', message: expect.any(String) },
  });
  expectRetryAfter(response);
}
