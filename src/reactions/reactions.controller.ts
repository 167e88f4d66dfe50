import { Body, Controller, Delete, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireScopes, Unchanged, type AuthUser } from '../common/index.js';
import { ReactionEvent, ReactionRequest, ReactionSummary } from './dto/reaction.dto.js';
import { ReactionsService } from './reactions.service.js';

type Target = Record<'id' | 'messageId' | 'emoji', string>;

@ApiTags('rooms: reactions')
@ApiBearerAuth()
@Controller('rooms/:id/messages/:messageId/reactions')
export class ReactionsController {
  constructor(@Inject(ReactionsService) private readonly reactions: ReactionsService) {}

  @Post()
  @RequireScopes('chat:write')
  @ApiCreatedResponse({ type: ReactionEvent, description: '200 when the caller had reacted with it' })
  async add(@CurrentUser() caller: AuthUser, @Param() at: Target, @Body() { emoji }: ReactionRequest) {
    const { event, created } = await this.reactions.add(caller, at.messageId, emoji, at.id);
    return created ? event : new Unchanged(event);
  }

  @Delete(':emoji')
  @RequireScopes('chat:write')
  remove(@CurrentUser() caller: AuthUser, @Param() at: Target): Promise<void> {
    return this.reactions.remove(caller, at.messageId, at.emoji, at.id);
  }

  @Get()
  @RequireScopes('chat:read')
  @ApiOkResponse({ type: [ReactionSummary] })
  list(@CurrentUser() caller: AuthUser, @Param() at: Target): Promise<ReactionSummary[]> {
    return this.reactions.list(caller, at.messageId, at.id);
  }
}
