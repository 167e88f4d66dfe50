import { Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/decorators/current-user.decorator.js';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { ApiErrors, ApiSessionOk } from '../common/openapi/api-responses.js';
import { BlockService } from './block.service.js';
import { ChatErrorDocs as E } from './dto/chat-errors.openapi.js';
import { BlockResponse } from './dto/block.response.js';

const EFFECTS =
  'While A blocks B: B cannot open or create the direct room with A (POST /dm/A → 403 BLOCKED, the /chats/A ' +
  'upgrade → 403), and B’s sends to that room on REST, /ws and /chats are refused with BLOCKED and stored nowhere, ' +
  'so A receives nothing from B. A keeps the room and its history.';

@ApiTags('blocks')
@ApiBearerAuth()
@Controller('blocks')
export class BlocksController {
  constructor(@Inject(BlockService) private readonly blocks: BlockService) {}

  @Get()
  @RequireScopes('chat:read')
  @ApiOperation({ summary: 'The users the caller blocks, most recently blocked first' })
  @ApiSessionOk([BlockResponse], { description: 'a bare array' })
  list(@CurrentUser() caller: AuthUser): Promise<BlockResponse[]> {
    return this.blocks.list(caller);
  }

  @Post(':username')
  @HttpCode(200)
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Block a user',
    description: `Blocking again is a no-op (200, the first blocked_at). ${EFFECTS}`,
  })
  @ApiSessionOk(BlockResponse, { description: 'the block' })
  @ApiErrors(E.userNotFound, E.cannotBlockSelf)
  block(@CurrentUser() caller: AuthUser, @Param('username') username: string): Promise<BlockResponse> {
    return this.blocks.block(caller, username);
  }

  @Delete(':username')
  @RequireScopes('chat:write')
  @ApiOperation({ summary: 'Lift a block', description: '404 when the caller does not block this user.' })
  @ApiSessionOk(null, { description: 'data: null' })
  @ApiErrors(E.userNotFound, E.notBlocked, E.cannotBlockSelf)
  async unblock(@CurrentUser() caller: AuthUser, @Param('username') username: string): Promise<null> {
    await this.blocks.unblock(caller, username);
    return null;
  }
}
