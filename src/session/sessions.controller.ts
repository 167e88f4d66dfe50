import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/decorators/current-user.decorator.js';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { ChangePasswordDto } from './dto/session-auth.dto.js';
import { AuthRateLimit } from '../auth/rate-limit/auth-rate-limit.decorator.js';
import { ApiRateLimited, ApiSessionError, ApiSessionSuccess } from './dto/session-openapi.js';
import { SessionItemResponse, toSessionItem } from './dto/session.responses.js';
import { PasswordService } from './password.service.js';
import { UserSessionsService } from './user-sessions.service.js';

/** A signed-in user's sessions and password; every route needs the `session` scope. */
@ApiTags('session')
@ApiBearerAuth()
@RequireScopes('session')
@ApiSessionError(401, 'UNAUTHORIZED: missing, invalid, expired or revoked access token')
@ApiSessionError(403, 'INSUFFICIENT_SCOPE: the token lacks the `session` scope')
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
  @ApiSessionSuccess(200, 'a bare array', SessionItemResponse, { isArray: true })
  async list(@CurrentUser() caller: AuthUser): Promise<SessionItemResponse[]> {
    const sessions = await this.userSessions.list(caller);
    return sessions.map((session) => toSessionItem(session, caller.sessionId));
  }

  @Post('logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke the current session' })
  @ApiSessionSuccess(200, 'data is null')
  async logout(@CurrentUser() caller: AuthUser): Promise<null> {
    await this.userSessions.logout(caller);
    return null;
  }

  @Post('password')
  @HttpCode(200)
  @AuthRateLimit('password-change')
  @ApiOperation({ summary: 'Change the password; revokes every other session of the caller' })
  @ApiSessionSuccess(200, 'data is null')
  @ApiSessionError(400, 'VALIDATION_FAILED (new_password breaks the length rule)')
  @ApiSessionError(403, 'WRONG_PASSWORD: current_password is wrong')
  @ApiRateLimited('signed-in user')
  async changePassword(@CurrentUser() caller: AuthUser, @Body() body: ChangePasswordDto): Promise<null> {
    await this.passwords.change(caller, body.current_password, body.new_password);
    return null;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke one of the caller’s sessions' })
  @ApiSessionSuccess(200, 'data is null')
  @ApiSessionError(404, 'NOT_FOUND: no live session of the caller has this id (malformed ids too)')
  async revoke(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<null> {
    await this.userSessions.revoke(caller, id);
    return null;
  }
}
