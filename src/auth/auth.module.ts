import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JsonLogger } from '../common/logging/json-logger.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokenGuard } from './access-token.guard.js';
import { AccessTokenService } from './access-token.service.js';
import { AuthSession } from './auth-session.entity.js';
import { FlashAuthController } from './flash-auth.controller.js';
import { FlashAuthService } from './flash-auth.service.js';
import { AccessTokenStrategy } from './access-token.strategy.js';
import { AuthRateLimitGuard } from './rate-limit/auth-rate-limit.guard.js';
import { InMemoryRateLimitStorage, RATE_LIMIT_STORAGE } from './rate-limit/in-memory-rate-limit.storage.js';
import { RedisRateLimitStorage } from './rate-limit/redis-rate-limit.storage.js';
import { SessionStore } from './session-store.service.js';

@Module({
  imports: [UsersModule, PassportModule, JwtModule.register({}), TypeOrmModule.forFeature([AuthSession])],
  controllers: [FlashAuthController],
  providers: [
    SessionStore,
    AccessTokenService,
    AccessTokenStrategy,
    AccessTokenGuard,
    FlashAuthService,
    AuthRateLimitGuard,
    // Sign-in attempt counters: in Redis, shared by every instance, when REDIS_URL is set; else in memory.
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [RedisConnections, JsonLogger],
      useFactory: (redis: RedisConnections, logger: JsonLogger): ThrottlerStorage =>
        redis.configured
          ? new RedisRateLimitStorage(redis.commands(), logger)
          : new InMemoryRateLimitStorage(),
    },
  ],
  exports: [SessionStore, AccessTokenService, AccessTokenGuard, AuthRateLimitGuard, RATE_LIMIT_STORAGE],
})
export class AuthModule {}
