import { Body, Controller, Delete, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/decorators/current-user.decorator.js';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { ApiErrors, ApiSessionOk } from '../common/openapi/api-responses.js';
import { BanResponse } from './dto/ban.response.js';
import { ChatErrorDocs as E } from './dto/chat-errors.openapi.js';
import { BanRequest } from './dto/room.requests.js';
import { RoomBansService } from './room-bans.service.js';

@ApiTags('rooms: bans')
@ApiBearerAuth()
@ApiErrors(E.roomNotFound, E.notAMember, E.forbidden, E.directRoomFixed)
@Controller('rooms/:id/bans')
export class RoomBansController {
  constructor(@Inject(RoomBansService) private readonly bans: RoomBansService) {}

  @Post()
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Ban a user (owner, admin; not above own role)',
    description:
      '201 with the new ban; 200 with the existing one when the user is already banned. A member is removed ' +
      '(room.member_left, to their own connections too, then nothing more of the room); anyone banned then gets ' +
      '403 BANNED on join and 409 BANNED when added. An admin cannot ban the owner (403 FORBIDDEN); banning ' +
      'oneself → 400 CANNOT_BAN_SELF; unknown user → 404; direct rooms → 400 DIRECT_ROOM_FIXED.',
  })
  @ApiSessionOk(BanResponse, { status: 201, description: 'banned' })
  @ApiSessionOk(BanResponse, { description: 'already banned: the ban as it was' })
  @ApiErrors(E.userNotFound, E.cannotBanSelf)
  async ban(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Body() body: BanRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BanResponse> {
    const { ban, created } = await this.bans.ban(caller, id, body.username);
    if (!created) response.status(200);
    return ban;
  }

  @Get()
  @RequireScopes('chat:read')
  @ApiOperation({ summary: 'The room’s bans, oldest first (owner, admin)' })
  @ApiSessionOk([BanResponse], { description: 'a bare array' })
  list(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<BanResponse[]> {
    return this.bans.list(caller, id);
  }

  @Delete(':username')
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Lift a ban (owner, admin)',
    description:
      'The user may join or be added again; they are not re-added. No ban (or no such user) → 404.',
  })
  @ApiSessionOk(null, { description: 'data: null' })
  @ApiErrors(E.banNotFound)
  async unban(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Param('username') username: string,
  ): Promise<null> {
    await this.bans.unban(caller, id, username);
    return null;
  }
}
