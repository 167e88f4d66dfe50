import { Body, Controller, Delete, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/decorators/current-user.decorator.js';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { ApiErrors, ApiSessionOk } from '../common/openapi/api-responses.js';
import { ChatErrorDocs as E } from './dto/chat-errors.openapi.js';
import { CreateRoomRequest, PublicRoomsQuery, UpdateRoomRequest } from './dto/room.requests.js';
import { RoomResponse } from './dto/room.response.js';
import { RoomService } from './room.service.js';

const NOT_MEMBER_RULE =
  'Non-members get 404 NOT_FOUND for a private room and 403 NOT_A_MEMBER for a public one; a malformed id is 404.';

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('rooms')
export class RoomsController {
  constructor(@Inject(RoomService) private readonly rooms: RoomService) {}

  @Post()
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Create a group room; the caller becomes its owner',
    description: 'visibility defaults to private.',
  })
  @ApiSessionOk(RoomResponse, { status: 201, description: 'created; the caller is its owner' })
  create(@CurrentUser() caller: AuthUser, @Body() body: CreateRoomRequest): Promise<RoomResponse> {
    return this.rooms.create(caller, { name: body.name, topic: body.topic, visibility: body.visibility });
  }

  @Get()
  @RequireScopes('chat:read')
  @ApiOperation({ summary: 'The caller’s rooms, most recent activity first', description: 'Not paged.' })
  @ApiSessionOk([RoomResponse], { description: 'a bare array' })
  listMine(@CurrentUser() caller: AuthUser): Promise<RoomResponse[]> {
    return this.rooms.listMine(caller);
  }

  @Get('public')
  @RequireScopes('chat:read')
  @ApiOperation({
    summary: 'Discover public rooms',
    description:
      'Ordered by lowercased name, then id. `q` is a case-insensitive name prefix; `after` is the id of the ' +
      'last room of the previous page (400 VALIDATION_FAILED if it is not a public room); limit 1–200, default 50. ' +
      'role/last_read_seq/unread_count/last_message are null for rooms the caller has not joined.',
  })
  @ApiSessionOk([RoomResponse], { description: 'a bare array (one page)' })
  @ApiErrors(E.invalidQuery)
  discover(@CurrentUser() caller: AuthUser, @Query() query: PublicRoomsQuery): Promise<RoomResponse[]> {
    return this.rooms.discover(caller, { q: query.q, after: query.after, limit: query.limit ?? 50 });
  }

  @Get(':id')
  @RequireScopes('chat:read')
  @ApiOperation({ summary: 'Room details (members; anyone for a public room)', description: NOT_MEMBER_RULE })
  @ApiSessionOk(RoomResponse)
  @ApiErrors(E.roomNotFound)
  details(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<RoomResponse> {
    return this.rooms.details(caller, id);
  }

  @Patch(':id')
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Edit name, topic or visibility (owner, admin)',
    description: `Members below admin get 403 FORBIDDEN; direct rooms 400 DIRECT_ROOM_FIXED. ${NOT_MEMBER_RULE} Announced as room.updated.`,
  })
  @ApiSessionOk(RoomResponse)
  @ApiErrors(E.roomNotFound, E.notAMember, E.forbidden, E.directRoomFixed)
  update(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Body() body: UpdateRoomRequest,
  ): Promise<RoomResponse> {
    return this.rooms.update(caller, id, { name: body.name, topic: body.topic, visibility: body.visibility });
  }

  @Delete(':id')
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Delete the room and its messages (owner)',
    description: `Others get 403 FORBIDDEN; direct rooms 400 DIRECT_ROOM_FIXED. ${NOT_MEMBER_RULE} Announced as room.deleted.`,
  })
  @ApiSessionOk(null, { description: 'data: null' })
  @ApiErrors(E.roomNotFound, E.notAMember, E.forbidden, E.directRoomFixed)
  async remove(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<null> {
    await this.rooms.remove(caller, id);
    return null;
  }
}
