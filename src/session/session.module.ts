import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { MailModule } from '../mail/mail.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountTokenStore } from './account-token.store.js';
import { MailQuota } from './mail-quota.js';
import { AccountToken } from './entities/account-token.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { PasswordService } from './password.service.js';
import { RegistrationService } from './registration.service.js';
import { SessionAuthController } from './session-auth.controller.js';
import { SessionMailer } from './session-mailer.js';
import { SessionsController } from './sessions.controller.js';
import { SignInService } from './sign-in.service.js';
import { TokenPairService } from './token-pair.service.js';
import { UserSessionsService } from './user-sessions.service.js';

/** The session API (API.md §4): verified accounts, rotating refresh tokens, session management. */
@Module({
  imports: [AuthModule, UsersModule, MailModule, TypeOrmModule.forFeature([RefreshToken, AccountToken])],
  controllers: [SessionAuthController, SessionsController],
  providers: [
    AccountTokenStore,
    TokenPairService,
    MailQuota,
    SessionMailer,
    RegistrationService,
    SignInService,
    PasswordService,
    UserSessionsService,
  ],
})
export class SessionModule {}
