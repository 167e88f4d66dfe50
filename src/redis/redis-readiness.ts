import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { indicator, ReadinessCheckProvider, type ReadinessCheck } from '../health/readiness-check.js';
import { RedisConnections } from './redis-connections.js';

/** `redis` in /health/ready when REDIS_URL is set: the command connection is up. */
@ReadinessCheckProvider()
@Injectable()
export class RedisReadiness implements ReadinessCheck {
  constructor(@Inject(RedisConnections) private readonly redis: RedisConnections) {}

  check(): Promise<HealthIndicatorResult> {
    if (!this.redis.configured) return Promise.resolve({});
    return Promise.resolve(indicator('redis', this.redis.commands().status === 'ready'));
  }
}
