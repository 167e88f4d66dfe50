// "Marks members put on a message" (reactions; a poll's votes, a module's own): a small set of values
// per user and message, kept in the module's own table, shown to the room as counts, announced live,
// and dropped with the message's content when it is deleted. A module subclasses `MessageMarks` with
// its `MarkKind` and gets the whole use case on chat's public seams (MessageAccess, RoomBroadcast,
// domain events); its controller and gateway call `add`, `remove`, `list`.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error.js';
import { OnDomainEvent, type DomainEventMap } from '../common/events/domain-events.js';
import type { ServerEventMap, ServerEventName } from '../realtime/server-events.js';
import type { ChatCaller } from './chat-caller.js';
import { ChatError } from './chat.errors.js';
import { MessageAccess } from './message-access.js';
import { RoomBroadcast } from './room-broadcast.js';

/** `room_id`, `message_id`, `username` and the mark under its column's name: what add/remove announce. */
export type MarkEvent<C extends string> = { room_id: string; message_id: string; username: string } & {
  [K in C]: string;
};

/** A row of `list`: one value, how many marked with it, the first 20 who did, and whether the caller did. */
export type MarkSummary<C extends string> = { [K in C]: string } & {
  count: number;
  users: string[];
  me: boolean;
};

/** Server events whose data is a `MarkEvent<C>`. */
type MarkEventName<C extends string> = {
  [K in ServerEventName]: ServerEventMap[K] extends MarkEvent<C> ? K : never;
}[ServerEventName];

export interface MarkKind<C extends string> {
  /** The module's table: `message_id`, `user_id`, `<column>`, `created_at`, keyed on the first three. */
  table: string;
  column: C;
  /** Distinct values one user may put on one message; one more is 409 `tooMany`. */
  perUser: number;
  tooMany: string;
  added: MarkEventName<C>;
  removed: MarkEventName<C>;
}

@Injectable()
export abstract class MessageMarks<C extends string> {
  protected abstract readonly kind: MarkKind<C>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MessageAccess) private readonly access: MessageAccess,
    @Inject(RoomBroadcast) private readonly broadcast: RoomBroadcast,
  ) {}

  /**
   * Marking needs what sending needs, on a message not deleted. `created: false` when the caller had
   * marked it with `value` already (nothing is announced then).
   */
  async add(caller: ChatCaller, messageId: string, value: string, roomId?: string) {
    const { table, column, perUser, tooMany, added } = this.kind;
    const { message, had, inserted } = await this.db.transaction(async (lock) => {
      // The message's row lock serialises marks on it: the limit holds, and a racing delete waits.
      const { message } = await this.access.load(caller, messageId, {
        roomId,
        action: 'send',
        live: true,
        lock,
      });
      const [mine] = await lock.query<{ had: boolean; inserted: boolean }[]>(
        `WITH mine AS (SELECT count(*) AS n, coalesce(bool_or("${column}" = $3), false) AS had
            FROM "${table}" WHERE message_id = $1 AND user_id = $2),
          ins AS (INSERT INTO "${table}" (message_id, user_id, "${column}")
            SELECT $1, $2, $3 FROM mine WHERE NOT had AND n < $4 RETURNING 1)
        SELECT had, EXISTS (SELECT FROM ins) AS inserted FROM mine`,
        [message.id, caller.userId, value, perUser],
      );
      return { message, ...mine };
    });
    if (!had && !inserted) throw new ChatError('conflict', tooMany, `at most ${perUser} per message`);
    const event = this.event(message.roomId, message.id, value, caller);
    if (inserted) this.broadcast.toRoom(message.roomId, added, event as ServerEventMap[typeof added]);
    return { event, created: inserted };
  }

  /** 404 when the caller had not marked the message with `value`. */
  async remove(caller: ChatCaller, messageId: string, value: string, roomId?: string): Promise<void> {
    const { table, column, removed } = this.kind;
    const { message } = await this.access.load(caller, messageId, { roomId, action: 'send' });
    const [gone] = await this.db.query<[unknown[]]>(
      `DELETE FROM "${table}" WHERE message_id = $1 AND user_id = $2 AND "${column}" = $3 RETURNING 1`,
      [message.id, caller.userId, value],
    );
    if (gone.length === 0) throw new NotFoundError(`you have not marked it with this ${column}`);
    const event = this.event(message.roomId, message.id, value, caller);
    this.broadcast.toRoom(message.roomId, removed, event as ServerEventMap[typeof removed]);
  }

  /** Most used first, then by value (code point order). Readable by whoever may read the history. */
  async list(caller: ChatCaller, messageId: string, roomId: string): Promise<MarkSummary<C>[]> {
    const { table, column } = this.kind;
    const { message } = await this.access.load(caller, messageId, { roomId });
    return this.db.query<MarkSummary<C>[]>(
      `SELECT m."${column}", count(*)::int AS count, bool_or(m.user_id = $2) AS me,
          (array_agg(u.username ORDER BY m.created_at, u.username))[1:20] AS users
        FROM "${table}" m JOIN users u ON u.id = m.user_id WHERE m.message_id = $1
        GROUP BY m."${column}" ORDER BY count(*) DESC, m."${column}" COLLATE "C"`,
      [message.id, caller.userId],
    );
  }

  /** A tombstone keeps no marks. */
  @OnDomainEvent('chat.message.deleted')
  async purge({ message }: DomainEventMap['chat.message.deleted']): Promise<void> {
    await this.db.query(`DELETE FROM "${this.kind.table}" WHERE message_id = $1`, [message.id]);
  }

  private event(roomId: string, messageId: string, value: string, caller: ChatCaller): MarkEvent<C> {
    const mark = { [this.kind.column]: value } as { [K in C]: string };
    return { room_id: roomId, message_id: messageId, ...mark, username: caller.username };
  }
}
