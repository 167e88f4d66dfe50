import { Global, Module } from '@nestjs/common';
import { RedisConnections } from './redis-connections.js';
import { RedisReadiness } from './redis-readiness.js';

/** Redis, when REDIS_URL is set: fan-out (FANOUT=redis) and shared rate-limit counters. */
@Global()
@Module({
  providers: [RedisConnections, RedisReadiness],
  exports: [RedisConnections],
})
export class RedisModule {}
