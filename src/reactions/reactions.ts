// Reactions (API.md §9): emoji members put on a message. The use case is chat's MessageMarks (access
// rules, the per-user limit, live announcements, purge on delete) over this module's own table.
import { Injectable } from '@nestjs/common';
import { MessageMarks, type MarkKind } from '../chat/index.js';
import type { ReactionEvent } from './dto/reaction.dto.js';

declare module '../realtime/server-events.js' {
  interface ServerEventMap {
    'reaction.added': ReactionEvent;
    'reaction.removed': ReactionEvent;
  }
}

@Injectable()
export class Reactions extends MessageMarks<'emoji'> {
  protected readonly kind: MarkKind<'emoji'> = {
    table: 'message_reactions',
    column: 'emoji',
    perUser: 20,
    tooMany: 'TOO_MANY_REACTIONS',
    added: 'reaction.added',
    removed: 'reaction.removed',
  };
}
