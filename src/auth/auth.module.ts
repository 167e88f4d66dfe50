import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { AccessTokenGuard } from './access-token.guard.js';
import { AccessTokenService } from './access-token.service.js';
import { AuthSession } from './auth-session.entity.js';
import { FlashAuthController } from './flash-auth.controller.js';
import { FlashAuthService } from './flash-auth.service.js';
import { JwtStrategy } from './jwt.strategy.js';
import { AuthRateLimitGuard } from './rate-limit/auth-rate-limit.guard.js';
import { InMemoryRateLimitStorage, RATE_LIMIT_STORAGE } from './rate-limit/in-memory-rate-limit.storage.js';
import { SessionStore } from './session-store.service.js';

@Module({
  imports: [UsersModule, PassportModule, JwtModule.register({}), TypeOrmModule.forFeature([AuthSession])],
  controllers: [FlashAuthController],
  providers: [
    SessionStore,
    AccessTokenService,
    JwtStrategy,
    AccessTokenGuard,
    FlashAuthService,
    AuthRateLimitGuard,
    // Sign-in attempt counters; in memory for one instance (a shared store replaces this provider).
    { provide: RATE_LIMIT_STORAGE, useClass: InMemoryRateLimitStorage },
  ],
  exports: [SessionStore, AccessTokenService, AccessTokenGuard, AuthRateLimitGuard, RATE_LIMIT_STORAGE],
})
export class AuthModule {}
