// The per-user flood budget of API.md §5/§6: what users send (REST message routes, /ws message
// frames, /chats text) draws from one bucket per user — 20 a second, burst 40 (WS_FLOOD_RATE,
// WS_FLOOD_BURST) — shared by every instance through Redis when REDIS_URL is set.
import { Inject, Injectable } from '@nestjs/common';
import { RateLimitedError } from '../common/errors/domain-error.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import { Configuration } from '../config/configuration.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { RedisTokenBuckets } from './redis-token-buckets.js';
import { TokenBuckets, type FloodVerdict } from './token-buckets.js';

@Injectable()
export class MessageBudget {
  private readonly buckets: TokenBuckets | RedisTokenBuckets;

  constructor(
    @Inject(Configuration) config: Configuration,
    @Inject(RedisConnections) redis: RedisConnections,
    @Inject(JsonLogger) logger: JsonLogger,
  ) {
    const { floodRatePerSecond: perSecond, floodBurst: burst } = config.of('realtime');
    this.buckets = redis.configured
      ? new RedisTokenBuckets(redis.commands(), 'messages', { perSecond, burst }, logger)
      : new TokenBuckets({ perSecond, burst });
  }

  /** Takes one send from the user's budget (synchronously when it lives in this instance). */
  take(userId: string): FloodVerdict | Promise<FloodVerdict> {
    return this.buckets.take(userId);
  }

  /** Takes one send, or throws RATE_LIMITED saying when to retry. */
  spend(userId: string): void | Promise<void> {
    const verdict = this.buckets.take(userId);
    return verdict instanceof Promise ? verdict.then(refuseIfLimited) : refuseIfLimited(verdict);
  }
}

function refuseIfLimited(verdict: FloodVerdict): void {
  if (!verdict.allowed) throw RateLimitedError.afterMs(verdict.retryAfterMs);
}
