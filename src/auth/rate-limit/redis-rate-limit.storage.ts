// Sign-in attempt counters shared by every instance (REDIS_URL set): the same sliding window as the
// in-memory storage, kept in one Redis sorted set per key (member = one attempt, score = when it
// expires) and updated atomically by a Lua script on the Redis clock, so instances with skewed clocks
// agree. While Redis is unreachable each instance falls back to its own in-memory counters: limits
// stay enforced per instance rather than sign-in failing or going unlimited.
import { randomUUID } from 'node:crypto';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { JsonLogger } from '../../common/logging/json-logger.js';
import { LUA_NOW_MS } from '../../redis/redis-clock.js';
import { RedisFallback } from '../../redis/redis-fallback.js';
import { InMemoryRateLimitStorage } from './in-memory-rate-limit.storage.js';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const KEY_PREFIX = 'p-chat:rate:';

/** Returns {hits, blocked, now, oldest expiry, newest expiry} in ms. */
const SLIDING_WINDOW_HIT = `${LUA_NOW_MS}local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local hits = redis.call('ZCARD', KEYS[1])
local blocked = 0
if hits >= limit then
  blocked = 1
else
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
  hits = hits + 1
end
redis.call('PEXPIRE', KEYS[1], ttl)
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
return {hits, blocked, now, tonumber(oldest[2]) or now, tonumber(newest[2]) or now}
`;

export class RedisRateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly fallback = new InMemoryRateLimitStorage();
  private readonly fallbackLog: RedisFallback;

  constructor(
    private readonly redis: Redis,
    logger: JsonLogger,
  ) {
    this.fallbackLog = new RedisFallback(logger, 'rate limits');
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    let reply: number[];
    try {
      reply = (await this.redis.eval(
        SLIDING_WINDOW_HIT,
        1,
        `${KEY_PREFIX}${throttlerName}:${key}`,
        ttl,
        limit,
        randomUUID(),
      )) as number[];
    } catch (error) {
      this.fallbackLog.failed(error);
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    this.fallbackLog.succeeded();
    const [hits, blocked, now, oldest, newest] = reply.map(Number);
    const seconds = (at: number): number => Math.max(0, Math.ceil((at - now) / 1000));
    return {
      totalHits: hits + blocked,
      timeToExpire: seconds(newest),
      isBlocked: blocked === 1,
      timeToBlockExpire: blocked === 1 ? seconds(oldest) : 0,
    };
  }

  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown();
  }
}
