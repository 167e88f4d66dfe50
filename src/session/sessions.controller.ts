import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/decorators/current-user.decorator.js';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { ChangePasswordDto } from './dto/session-auth.dto.js';
import { AuthRateLimit } from '../auth/rate-limit/auth-rate-limit.decorator.js';
import { ApiErrors, ApiSessionOk, errorDoc } from '../common/openapi/api-responses.js';
import { SessionNotFoundError, WrongPasswordError } from './session.errors.js';
import { LogoutOthersResponse, SessionItemResponse, toSessionItem } from './dto/session.responses.js';
import { PasswordService } from './password.service.js';
import { UserSessionsService } from './user-sessions.service.js';

/** A signed-in user's sessions and password; every route needs the `session` scope. */
@ApiTags('session')
@ApiBearerAuth()
@RequireScopes('session')
@Controller('session')
export class SessionsController {
  constructor(
    @Inject(UserSessionsService) private readonly userSessions: UserSessionsService,
    @Inject(PasswordService) private readonly passwords: PasswordService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The caller’s live sessions (not revoked, not expired), most recently used first',
  })
  @ApiSessionOk([SessionItemResponse], {
    description: 'a bare array',
    example: {
      status: 'Success',
      data: [
        {
          id: '3f0c9a52-6a8e-4d1b-9a57-8c2e1f4b7d30',
          created_at: '2026-11-21T10:00:00.000Z',
          last_used_at: '2026-11-21T10:05:00.000Z',
          user_agent: 'curl/8.5.0',
          ip: '::1',
          current: true,
        },
      ],
    },
  })
  async list(@CurrentUser() caller: AuthUser): Promise<SessionItemResponse[]> {
    const sessions = await this.userSessions.list(caller);
    return sessions.map((session) => toSessionItem(session, caller.sessionId));
  }

  @Post('logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke the current session' })
  @ApiSessionOk(null, { description: 'data is null', example: { status: 'Success', data: null } })
  async logout(@CurrentUser() caller: AuthUser): Promise<null> {
    await this.userSessions.logout(caller);
    return null;
  }

  @Post('logoutOthers')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log out my other devices',
    description:
      'Revokes every other live session of the caller (their access tokens stop working at once, their ' +
      'refresh tokens fail, their open WebSockets close with 4001); the current session stays.',
  })
  @ApiSessionOk(LogoutOthersResponse, { description: 'how many sessions were revoked' })
  async logoutOthers(@CurrentUser() caller: AuthUser): Promise<LogoutOthersResponse> {
    return { revoked: await this.userSessions.logoutOthers(caller) };
  }

  @Post('password')
  @HttpCode(200)
  @AuthRateLimit('password-change')
  @ApiOperation({ summary: 'Change the password; revokes every other session of the caller' })
  @ApiSessionOk(null, { description: 'data is null' })
  @ApiErrors(errorDoc(WrongPasswordError))
  async changePassword(@CurrentUser() caller: AuthUser, @Body() body: ChangePasswordDto): Promise<null> {
    await this.passwords.change(caller, body.current_password, body.new_password);
    return null;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke one of the caller’s sessions' })
  @ApiSessionOk(null, { description: 'data is null' })
  @ApiErrors(errorDoc(SessionNotFoundError, 'no live session of the caller has this id (malformed ids too)'))
  async revoke(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<null> {
    await this.userSessions.revoke(caller, id);
    return null;
  }
}
