import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/decorators/current-user.decorator.js';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { ApiErrors, ApiSessionOk } from '../common/openapi/api-responses.js';
import { ChatErrorDocs as E } from './dto/chat-errors.openapi.js';
import { MemberResponse } from './dto/member.response.js';
import { AddMemberRequest, ChangeRoleRequest } from './dto/room.requests.js';
import { RoomResponse } from './dto/room.response.js';
import { RoomMembersService } from './room-members.service.js';

/** What removing a member or changing a role can answer. */
const MEMBER_CHANGE_ERRORS = [
  E.roomNotFound,
  E.notAMember,
  E.forbidden,
  E.memberNotFound,
  E.ownerMustTransfer,
  E.directRoomFixed,
];

@ApiTags('rooms: members')
@ApiBearerAuth()
@Controller('rooms/:id')
export class RoomMembersController {
  constructor(@Inject(RoomMembersService) private readonly members: RoomMembersService) {}

  @Post('join')
  @HttpCode(200)
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Join a public room',
    description:
      'Private rooms answer 404. Joining again is a no-op (200). A banned user → 403 BANNED. Announced as ' +
      'room.member_joined.',
  })
  @ApiSessionOk(RoomResponse, { description: 'the room, as a member sees it' })
  @ApiErrors(E.roomNotFound, E.directRoomFixed, E.banned)
  join(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<RoomResponse> {
    return this.members.join(caller, id);
  }

  @Post('leave')
  @HttpCode(200)
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Leave the room',
    description:
      'The owner gets 409 OWNER_MUST_TRANSFER while other members remain. The last member leaving deletes ' +
      'the room and its messages (room.deleted). Direct rooms: 400 DIRECT_ROOM_FIXED.',
  })
  @ApiSessionOk(null, { description: 'data: null' })
  @ApiErrors(E.roomNotFound, E.notAMember, E.ownerMustTransfer, E.directRoomFixed)
  async leave(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<null> {
    await this.members.leave(caller, id);
    return null;
  }

  @Get('members')
  @RequireScopes('chat:read')
  @ApiOperation({ summary: 'Members with roles and presence, in joining order (members only)' })
  @ApiSessionOk([MemberResponse], { description: 'a bare array' })
  @ApiErrors(E.roomNotFound, E.notAMember)
  list(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<MemberResponse[]> {
    return this.members.list(caller, id);
  }

  @Post('members')
  @HttpCode(200)
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Add a member (owner, admin; any member of a public room)',
    description:
      'Answers 200 with the member (201 is kept for POSTs that create a room or a message). Adding a member ' +
      'again is a no-op. Unknown user → 404; a banned user → 409 BANNED (lift the ban first); direct rooms → ' +
      '400 DIRECT_ROOM_FIXED.',
  })
  @ApiSessionOk(MemberResponse, { description: 'the member' })
  @ApiErrors(E.roomNotFound, E.notAMember, E.forbidden, E.userNotFound, E.directRoomFixed, E.bannedMember)
  add(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Body() body: AddMemberRequest,
  ): Promise<MemberResponse> {
    return this.members.add(caller, id, body.username);
  }

  @Delete('members/:username')
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Remove a member (owner, admin; not above own role)',
    description:
      'Removing oneself is leaving (same rules). An admin cannot remove the owner (403 FORBIDDEN); a non-member ' +
      'target → 404. The removed user gets room.member_left on their own connections too.',
  })
  @ApiSessionOk(null, { description: 'data: null' })
  @ApiErrors(...MEMBER_CHANGE_ERRORS)
  async remove(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Param('username') username: string,
  ): Promise<null> {
    await this.members.remove(caller, id, username);
    return null;
  }

  @Patch('members/:username')
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Change a member’s role (owner)',
    description:
      'Making someone owner hands ownership over; the old owner becomes admin. The owner demoting themselves ' +
      'gets 409 OWNER_MUST_TRANSFER. Announced as room.member_updated.',
  })
  @ApiSessionOk(MemberResponse, { description: 'the member with the new role' })
  @ApiErrors(...MEMBER_CHANGE_ERRORS)
  changeRole(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Param('username') username: string,
    @Body() body: ChangeRoleRequest,
  ): Promise<MemberResponse> {
    return this.members.changeRole(caller, id, username, body.role);
  }
}
