import { Body, Delete, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ChatErrorDocs as E, MessageRoutes, type ChatCaller, type MessageRoute } from '../chat/index.js';
import { ApiErrors, ApiSessionOk, CurrentUser, errorDoc, RequireScopes, Unchanged } from '../common/index.js';
import { ReactionEvent, ReactionRequest, ReactionSummary } from './dto/reaction.dto.js';
import { Reactions } from './reactions.js';

@MessageRoutes('reactions', 'rooms: reactions')
export class ReactionsController {
  constructor(@Inject(Reactions) private readonly reactions: Reactions) {}

  @Post()
  @RequireScopes('chat:write')
  @ApiSessionOk(ReactionEvent, { status: 201, description: 'added' })
  @ApiSessionOk(ReactionEvent, { description: 'the caller had reacted with it already' })
  @ApiErrors(E.messageDeleted, errorDoc({ kind: 'conflict', code: 'TOO_MANY_REACTIONS' }, 'over 20 of yours'))
  async add(@CurrentUser() user: ChatCaller, @Param() at: MessageRoute, @Body() { emoji }: ReactionRequest) {
    const { event, created } = await this.reactions.add(user, at.messageId, emoji, at.id);
    return created ? event : new Unchanged(event);
  }

  @Delete(':emoji')
  @RequireScopes('chat:write')
  @ApiParam({ name: 'emoji', description: 'one the caller reacted with (URL-encoded)' })
  @ApiSessionOk(null, { description: 'data: null; 404 when the caller had not reacted with it' })
  remove(@CurrentUser() user: ChatCaller, @Param() at: MessageRoute, @Param('emoji') emoji: string) {
    return this.reactions.remove(user, at.messageId, emoji, at.id);
  }

  @Get()
  @RequireScopes('chat:read')
  @ApiSessionOk([ReactionSummary])
  list(@CurrentUser() user: ChatCaller, @Param() at: MessageRoute): Promise<ReactionSummary[]> {
    return this.reactions.list(user, at.messageId, at.id);
  }
}
