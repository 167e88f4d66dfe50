import { describe, expect, it } from '@jest/globals';
import { TokenBuckets } from './token-buckets.js';

const allowed = { allowed: true, retryAfterMs: 0 };

describe('TokenBuckets', () => {
  it('allows the burst, then refuses until tokens refill at the rate, saying when', () => {
    const buckets = new TokenBuckets({ perSecond: 20, burst: 40 });
    const t0 = 1_000_000;
    for (let i = 0; i < 40; i += 1) expect(buckets.take('u', t0)).toEqual(allowed);
    expect(buckets.take('u', t0)).toEqual({ allowed: false, retryAfterMs: 50 });
    expect(buckets.take('u', t0 + 49)).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(buckets.take('u', t0 + 50)).toEqual(allowed);
    expect(buckets.take('u', t0 + 50).allowed).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const buckets = new TokenBuckets({ perSecond: 1, burst: 1 });
    expect(buckets.take('a', 0).allowed).toBe(true);
    expect(buckets.take('a', 0)).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(buckets.take('b', 0).allowed).toBe(true);
  });

  it('forgets buckets that have refilled', () => {
    const buckets = new TokenBuckets({ perSecond: 10, burst: 2 });
    buckets.take('a', 0);
    buckets.take('a', 0);
    buckets.sweep(100);
    expect(buckets.size).toBe(1);
    expect(buckets.take('a', 100).allowed).toBe(true);
    expect(buckets.take('a', 100).allowed).toBe(false);
    buckets.sweep(1000);
    expect(buckets.size).toBe(0);
    expect(buckets.take('a', 1000).allowed).toBe(true);
    expect(buckets.take('a', 1000).allowed).toBe(true);
    expect(buckets.take('a', 1000).allowed).toBe(false);
  });

  it('sweeps by itself when nobody else does', () => {
    const buckets = new TokenBuckets({ perSecond: 10, burst: 2 });
    buckets.take('a', 0);
    buckets.take('b', 60_000);
    expect(buckets.size).toBe(1);
  });
});
