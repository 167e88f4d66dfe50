import { Inject } from '@nestjs/common';
import { ConnectedSocket as Socket, MessageBody as Frame } from '@nestjs/websockets';
import { RealtimeConnection, RealtimeEvent, RealtimeGateway } from '../realtime/index.js';
import { ReactionEvent, ReactionFrame } from './dto/reaction.dto.js';
import { Reactions } from './reactions.js';

/** `reaction.add` / `reaction.remove` on /ws, documented in /asyncapi.json from here and the DTOs. */
@RealtimeGateway('/ws', {
  sends: {
    'reaction.added': { data: ReactionEvent, summary: 'A member reacted to a message' },
    'reaction.removed': { data: ReactionEvent, summary: 'A member took a reaction back' },
  },
})
export class ReactionsGateway {
  constructor(@Inject(Reactions) private readonly reactions: Reactions) {}

  @RealtimeEvent('reaction.add', { scope: 'chat:write', flood: 'messages', summary: 'React to a message' })
  async add(@Socket() { user }: RealtimeConnection, @Frame() frame: ReactionFrame): Promise<void> {
    await this.reactions.add(user, frame.message_id, frame.emoji);
  }

  @RealtimeEvent('reaction.remove', { scope: 'chat:write', flood: 'messages', summary: 'Remove a reaction' })
  remove(@Socket() { user }: RealtimeConnection, @Frame() frame: ReactionFrame): Promise<void> {
    return this.reactions.remove(user, frame.message_id, frame.emoji);
  }
}
