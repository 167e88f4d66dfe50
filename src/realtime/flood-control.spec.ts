import { describe, expect, it } from '@jest/globals';
import { FloodControl } from './flood-control.js';

describe('FloodControl', () => {
  it('allows the burst, then refuses until tokens refill at the rate', () => {
    const flood = new FloodControl(20, 40);
    const t0 = 1_000_000;
    for (let i = 0; i < 40; i += 1) expect(flood.take('u', t0)).toBe(true);
    expect(flood.take('u', t0)).toBe(false);
    expect(flood.take('u', t0 + 49)).toBe(false);
    expect(flood.take('u', t0 + 50)).toBe(true);
    expect(flood.take('u', t0 + 50)).toBe(false);
  });

  it('keeps one bucket per user', () => {
    const flood = new FloodControl(1, 1);
    expect(flood.take('a', 0)).toBe(true);
    expect(flood.take('a', 0)).toBe(false);
    expect(flood.take('b', 0)).toBe(true);
  });

  it('forgets buckets that have refilled', () => {
    const flood = new FloodControl(10, 2);
    flood.take('a', 0);
    flood.take('a', 0);
    flood.sweep(100);
    expect(flood.take('a', 100)).toBe(true);
    expect(flood.take('a', 100)).toBe(false);
    flood.sweep(1000);
    expect(flood.take('a', 1000)).toBe(true);
    expect(flood.take('a', 1000)).toBe(true);
    expect(flood.take('a', 1000)).toBe(false);
  });
});
