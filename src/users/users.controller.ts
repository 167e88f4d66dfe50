import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/decorators/current-user.decorator.js';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { ApiErrors, ApiFlashOk, errorDoc } from '../common/openapi/api-responses.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import {
  OwnProfile,
  PublicProfile,
  toOwnProfile,
  toPublicProfile,
  toUserListItem,
  UserListItem,
} from './dto/user.responses.js';
import { PresenceService } from './presence.service.js';
import { UserNotFoundError } from './users.errors.js';
import { UsersService } from './users.service.js';

const DEFAULT_PAGE = 100;

@ApiTags('flash: users')
@ApiBearerAuth()
@RequireScopes('users:read')
@Controller('users')
export class UsersController {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PresenceService) private readonly presence: PresenceService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List users ordered by username (flash envelope, content is an array)' })
  @ApiFlashOk([UserListItem], {
    example: { code: '200', message: '', content: [{ name: 'Parham', username: 'popo' }] },
  })
  @ApiErrors(
    errorDoc(
      { kind: 'invalid', code: 'VALIDATION_FAILED' },
      '`limit` outside 1–1000 or not an integer, or a query value too long',
    ),
  )
  async list(@Query() query: ListUsersQuery): Promise<UserListItem[]> {
    const page = await this.users.page({
      limit: query.limit ?? DEFAULT_PAGE,
      after: query.after,
      q: query.q,
    });
    return page.map(toUserListItem);
  }

  @Get('me')
  @ApiOperation({ summary: 'The caller’s own profile' })
  @ApiFlashOk(OwnProfile)
  @ApiErrors(errorDoc(UserNotFoundError, 'user not found (deleted since the token was issued)'))
  async me(@CurrentUser() caller: AuthUser): Promise<OwnProfile> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new UserNotFoundError();
    return toOwnProfile(user);
  }

  @Get(':username')
  @ApiOperation({ summary: 'A user’s public profile with presence (username case-insensitive)' })
  @ApiFlashOk(PublicProfile)
  @ApiErrors(errorDoc(UserNotFoundError, 'user not found'))
  async byUsername(@Param('username') username: string): Promise<PublicProfile> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new UserNotFoundError();
    return toPublicProfile(user, await this.presence.presenceOf(user));
  }
}
