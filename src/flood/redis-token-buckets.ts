// The flood budget shared by every instance (REDIS_URL set): one token bucket per user in a Redis hash,
// refilled and taken by one Lua script on the Redis clock, so instances (and their clocks) agree. While
// Redis is unreachable each instance falls back to its own buckets: the budget stays enforced per
// instance rather than sends failing or going unlimited.
import type { Redis } from 'ioredis';
import type { JsonLogger } from '../common/logging/json-logger.js';
import { LUA_NOW_MS } from '../redis/redis-clock.js';
import { RedisFallback } from '../redis/redis-fallback.js';
import { TokenBuckets, type BucketRate, type FloodVerdict } from './token-buckets.js';

const KEY_PREFIX = 'p-chat:flood:';

/** KEYS: the bucket. ARGV: tokens per second, burst. → {allowed 1/0, retry after ms} */
const TAKE = `${LUA_NOW_MS}local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed, wait = 0, 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
-- A bucket that would be full again holds nothing worth keeping.
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return {allowed, wait}
`;

export class RedisTokenBuckets {
  private readonly fallback: TokenBuckets;
  private readonly fallbackLog: RedisFallback;

  constructor(
    private readonly redis: Redis,
    private readonly budget: string,
    private readonly rate: BucketRate,
    logger: JsonLogger,
  ) {
    this.fallback = new TokenBuckets(rate);
    this.fallbackLog = new RedisFallback(logger, 'flood budget');
  }

  async take(key: string): Promise<FloodVerdict> {
    let reply: [number, number];
    try {
      reply = (await this.redis.eval(
        TAKE,
        1,
        `${KEY_PREFIX}${this.budget}:${key}`,
        this.rate.perSecond,
        this.rate.burst,
      )) as [number, number];
    } catch (error) {
      this.fallbackLog.failed(error);
      return this.fallback.take(key);
    }
    this.fallbackLog.succeeded();
    return { allowed: reply[0] === 1, retryAfterMs: Number(reply[1]) };
  }
}
