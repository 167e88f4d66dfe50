import { Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/decorators/current-user.decorator.js';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { ApiErrors, ApiSessionOk } from '../common/openapi/api-responses.js';
import { ChatErrorDocs as E } from './dto/chat-errors.openapi.js';
import { DirectRoomService } from './direct-room.service.js';
import { RoomResponse } from './dto/room.response.js';

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('dm')
export class DmController {
  constructor(@Inject(DirectRoomService) private readonly directRooms: DirectRoomService) {}

  @Post(':username')
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Get or create the direct room with a user',
    description:
      '201 when created, 200 when it already existed (one per pair). Unknown user → 404; oneself → 400 CANNOT_DM_SELF; ' +
      'a user who blocks the caller → 403 BLOCKED (the blocker still opens it). ' +
      'Both users are plain members; its membership and settings never change (DIRECT_ROOM_FIXED).',
  })
  @ApiSessionOk(RoomResponse, { status: 201, description: 'created' })
  @ApiSessionOk(RoomResponse, { description: 'the existing room' })
  @ApiErrors(E.userNotFound, E.cannotDmSelf, E.blocked)
  async open(
    @CurrentUser() caller: AuthUser,
    @Param('username') username: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoomResponse> {
    const { room, created } = await this.directRooms.getOrCreate(caller, username);
    if (!created) response.status(200);
    return room;
  }
}
