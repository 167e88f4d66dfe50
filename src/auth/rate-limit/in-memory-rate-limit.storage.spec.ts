import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { InMemoryRateLimitStorage } from './in-memory-rate-limit.storage.js';

describe('InMemoryRateLimitStorage', () => {
  let storage: InMemoryRateLimitStorage;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    storage = new InMemoryRateLimitStorage();
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  const hit = (key = 'k') => storage.increment(key, 60_000, 3, 0, 'auth');

  it('blocks once the limit is reached and tells when the oldest hit expires', async () => {
    expect((await hit()).isBlocked).toBe(false);
    jest.advanceTimersByTime(10_000);
    expect((await hit()).isBlocked).toBe(false);
    expect((await hit()).totalHits).toBe(3);
    const blocked = await hit();
    expect(blocked).toMatchObject({ isBlocked: true, totalHits: 4, timeToBlockExpire: 50 });
  });

  it('lets attempts in again as the window slides, and counts keys apart', async () => {
    for (let i = 0; i < 3; i += 1) await hit();
    expect((await hit('other')).isBlocked).toBe(false);
    expect((await hit()).isBlocked).toBe(true);
    jest.advanceTimersByTime(60_001);
    expect((await hit()).isBlocked).toBe(false);
  });

  it('forgets idle keys when swept', async () => {
    await hit();
    storage.sweep(Date.now() + 60_001);
    expect(storage.size).toBe(0);
  });
});
