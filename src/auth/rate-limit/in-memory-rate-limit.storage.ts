import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/**
 * The DI token of the attempt counters. Its contract is @nestjs/throttler's `ThrottlerStorage`, so a
 * shared store (Redis, when REDIS_URL is set) can replace the in-memory one without touching the guard.
 * Only the interface is used: the package's runtime is CommonJS requiring the ESM-only @nestjs/common,
 * which Jest cannot load (STACK.md: Jest runs Nest 12 in ESM mode).
 */
export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Sliding-window counters for one instance: each accepted hit expires `ttl` ms after it was made, and
 * a key is blocked while `limit` hits are live; it frees up as the oldest hit expires. Blocked attempts
 * are refused without being added, so a client that keeps hammering is let in again on schedule.
 */
@Injectable()
export class InMemoryRateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly hits = new Map<string, number[]>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();

  increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string) {
    const now = Date.now();
    const id = `${throttlerName}:${key}`;
    const live = (this.hits.get(id) ?? []).filter((expiresAt) => expiresAt > now);
    const isBlocked = live.length >= limit;
    if (!isBlocked) live.push(now + ttl);
    this.hits.set(id, live);
    const seconds = (at: number): number => Math.max(0, Math.ceil((at - now) / 1000));
    return Promise.resolve({
      totalHits: live.length + (isBlocked ? 1 : 0),
      timeToExpire: seconds(live[live.length - 1]),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(live[0]) : 0,
    });
  }

  sweep(now = Date.now()): void {
    for (const [id, live] of this.hits) {
      if (!live.some((expiresAt) => expiresAt > now)) this.hits.delete(id);
    }
  }

  get size(): number {
    return this.hits.size;
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
    this.hits.clear();
  }
}
