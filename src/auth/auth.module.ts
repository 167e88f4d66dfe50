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
import { SessionStore } from './session-store.service.js';

@Module({
  imports: [UsersModule, PassportModule, JwtModule.register({}), TypeOrmModule.forFeature([AuthSession])],
  controllers: [FlashAuthController],
  providers: [SessionStore, AccessTokenService, JwtStrategy, AccessTokenGuard, FlashAuthService],
  exports: [SessionStore, AccessTokenService, AccessTokenGuard],
})
export class AuthModule {}
