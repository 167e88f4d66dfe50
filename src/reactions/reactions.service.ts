// Reactions (API.md §9), built only on chat's public seams: MessageAccess ("may the caller see this
// message"; reacting needs what sending needs), RoomBroadcast (live, every instance), domain events.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  ChatError,
  MessageAccess,
  RoomBroadcast,
  type ChatCaller,
  type MessageAccessOptions,
} from '../chat/index.js';
import { NotFoundError, OnDomainEvent, type DomainEventMap } from '../common/index.js';
import type { ReactionEvent, ReactionSummary } from './dto/reaction.dto.js';

declare module '../realtime/server-events.js' {
  interface ServerEventMap {
    'reaction.added': ReactionEvent;
    'reaction.removed': ReactionEvent;
  }
}
export const MAX_PER_USER = 20;
const ADD = `WITH mine AS (SELECT count(*) AS n, coalesce(bool_or(emoji = $3), false) AS had
    FROM message_reactions WHERE message_id = $1 AND user_id = $2),
  added AS (INSERT INTO message_reactions SELECT $1, $2, $3 FROM mine WHERE NOT had AND n < $4 RETURNING 1)
  SELECT had, EXISTS (SELECT FROM added) AS added FROM mine`;
const LIST = `SELECT r.emoji, count(*)::int AS count, bool_or(r.user_id = $2) AS me,
    (array_agg(u.username ORDER BY r.created_at, u.username))[1:20] AS users
  FROM message_reactions r JOIN users u ON u.id = r.user_id WHERE r.message_id = $1
  GROUP BY r.emoji ORDER BY count(*) DESC, r.emoji COLLATE "C"`;

@Injectable()
export class ReactionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MessageAccess) private readonly access: MessageAccess,
    @Inject(RoomBroadcast) private readonly broadcast: RoomBroadcast,
  ) {}

  /** `created: false` when the caller had already reacted with it. */
  async add(caller: ChatCaller, messageId: string, emoji: string, roomId?: string) {
    const { message, had, added } = await this.db.transaction(async (lock) => {
      // The row lock serialises adds to one message: the limit holds, and a racing delete waits.
      const options: MessageAccessOptions = { roomId, action: 'send', live: true, lock };
      const { message } = await this.access.load(caller, messageId, options);
      const params = [message.id, caller.userId, emoji, MAX_PER_USER];
      const [mine] = await lock.query<{ had: boolean; added: boolean }[]>(ADD, params);
      return { message, ...mine };
    });
    if (!had && !added) throw new ChatError('conflict', 'TOO_MANY_REACTIONS', `at most ${MAX_PER_USER}`);
    const event = { room_id: message.roomId, message_id: message.id, emoji, username: caller.username };
    if (added) this.broadcast.toRoom(message.roomId, 'reaction.added', event);
    return { event, created: added };
  }

  async remove(caller: ChatCaller, messageId: string, emoji: string, roomId?: string): Promise<void> {
    const { message } = await this.access.load(caller, messageId, { roomId, action: 'send' });
    const [gone] = await this.db.query<[unknown[]]>(
      'DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3 RETURNING 1',
      [message.id, caller.userId, emoji],
    );
    if (gone.length === 0) throw new NotFoundError('you have not reacted with this');
    const event = { room_id: message.roomId, message_id: message.id, emoji, username: caller.username };
    this.broadcast.toRoom(message.roomId, 'reaction.removed', event);
  }

  /** Most used first, then by emoji (code point order); `users`: the first 20 who reacted. */
  async list(caller: ChatCaller, messageId: string, roomId: string): Promise<ReactionSummary[]> {
    const { message } = await this.access.load(caller, messageId, { roomId });
    return this.db.query<ReactionSummary[]>(LIST, [message.id, caller.userId]);
  }

  /** A tombstone keeps no reactions. */
  @OnDomainEvent('chat.message.deleted')
  async purge({ message }: DomainEventMap['chat.message.deleted']): Promise<void> {
    await this.db.query('DELETE FROM message_reactions WHERE message_id = $1', [message.id]);
  }
}
