import { describe, expect, it } from '@jest/globals';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    const top = () => 1;
    expect(
      [0, 1, 2, 3, 10, 100].map((attempt) => backoffDelay(attempt, { initialMs: 500, maxMs: 4000 }, top)),
    ).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('jitters over the whole range, never below the floor', () => {
    expect(backoffDelay(3, { initialMs: 500, maxMs: 30_000, minMs: 100 }, () => 0)).toBe(100);
    expect(backoffDelay(3, { initialMs: 500, maxMs: 30_000 }, () => 0.5)).toBe(2000);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(16_000);
  });
});
