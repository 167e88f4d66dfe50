import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import type { ChatCaller } from './chat-caller.js';
import { senderBlockedInRoom } from './block-queries.js';
import { MAX_SEQ } from './history-cursor.js';
import { MembershipService } from './membership.service.js';
import { RoomEvents } from './room-events.js';

/** One marker to move: `markRead`'s arguments. */
export interface ReadMark {
  caller: ChatCaller;
  roomId: string;
  seq: number;
}

/** Marks per statement of `markReadMany`. */
const MAX_MARKS_PER_STATEMENT = 1000;

/**
 * Moves every mark's marker (those that can move) with ONE statement; rows come back with the mark's
 * `ord` and whether the reader is silenced in that room (see `markRead`).
 */
const MARK_MANY_SQL = `
UPDATE room_members m SET last_read_seq = LEAST(i.seq, r.last_seq)
FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[]) AS i(room_id, user_id, seq, ord), rooms r
WHERE r.id = m.room_id AND m.room_id = i.room_id AND m.user_id = i.user_id
  AND m.last_read_seq < LEAST(i.seq, r.last_seq)
RETURNING i.ord, m.last_read_seq, ${senderBlockedInRoom('m.room_id', 'm.user_id')} AS silenced`;

/** Read markers: they only move forward, and never past the room's newest message. */
@Injectable()
export class ReadMarkerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(RoomEvents) private readonly events: RoomEvents,
  ) {}

  /**
   * Moves the caller's marker to `seq` (capped at the room's last seq); a lower seq is accepted and
   * ignored. Publishes `read` when the marker moved — to the caller's own connections only in a direct
   * room whose other member blocks them. Returns the marker after the call.
   */
  async markRead(caller: ChatCaller, roomId: string, seq: unknown): Promise<number> {
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0 || seq > MAX_SEQ) {
      throw new ValidationFailedError(`seq must be an integer from 0 to ${MAX_SEQ}`);
    }
    await this.membership.requireMember('markRead', caller.userId, roomId);
    const [moved] = await this.dataSource.query<[{ last_read_seq: number; silenced: boolean }[], number]>(
      `UPDATE room_members m SET last_read_seq = LEAST($3::int, r.last_seq)
       FROM rooms r
       WHERE r.id = m.room_id AND m.room_id = $1 AND m.user_id = $2 AND m.last_read_seq < LEAST($3::int, r.last_seq)
       RETURNING m.last_read_seq, ${senderBlockedInRoom('m.room_id', 'm.user_id')} AS silenced`,
      [roomId, caller.userId, seq],
    );
    if (moved.length > 0) {
      const [{ last_read_seq: marker, silenced }] = moved;
      if (silenced) this.events.readToSelf(caller.userId, roomId, caller.username, marker);
      else this.events.read(roomId, caller.username, marker);
      return marker;
    }
    const rows = await this.dataSource.query<{ last_read_seq: number }[]>(
      'SELECT last_read_seq FROM room_members WHERE room_id = $1 AND user_id = $2',
      [roomId, caller.userId],
    );
    return rows[0]?.last_read_seq ?? 0;
  }

  /**
   * `markRead` for many marks at once (the `/chats` deliveries of a burst): each mark is checked as
   * `markRead` checks it, then one statement per 1000 marks moves the markers, and each marker that
   * moved is published as `markRead` publishes it, in the marks' order. Marks of the same (caller,
   * room) count once, at their highest seq. Resolves with each mark's error (undefined: done, moved
   * or not); rejects only when the statement fails.
   */
  async markReadMany(marks: readonly ReadMark[]): Promise<(Error | undefined)[]> {
    const errors: (Error | undefined)[] = await Promise.all(
      marks.map(async (mark) => {
        try {
          if (!Number.isInteger(mark.seq) || mark.seq < 0 || mark.seq > MAX_SEQ) {
            throw new ValidationFailedError(`seq must be an integer from 0 to ${MAX_SEQ}`);
          }
          await this.membership.requireMember('markRead', mark.caller.userId, mark.roomId);
          return undefined;
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
    const highest = new Map<string, number>();
    marks.forEach((mark, index) => {
      if (errors[index]) return;
      const key = `${mark.caller.userId}|${mark.roomId}`;
      const kept = highest.get(key);
      if (kept === undefined || mark.seq > marks[kept].seq) highest.set(key, index);
    });
    const chosen = [...highest.values()].sort((a, b) => a - b);
    for (let start = 0; start < chosen.length; start += MAX_MARKS_PER_STATEMENT) {
      const part = chosen.slice(start, start + MAX_MARKS_PER_STATEMENT);
      const [moved] = await this.dataSource.query<
        [{ ord: number; last_read_seq: number; silenced: boolean }[], number]
      >(MARK_MANY_SQL, [
        part.map((index) => marks[index].roomId),
        part.map((index) => marks[index].caller.userId),
        part.map((index) => marks[index].seq),
        part.map((_, ord) => ord),
      ]);
      for (const row of moved.sort((a, b) => a.ord - b.ord)) {
        const { caller, roomId } = marks[part[row.ord]];
        if (row.silenced) this.events.readToSelf(caller.userId, roomId, caller.username, row.last_read_seq);
        else this.events.read(roomId, caller.username, row.last_read_seq);
      }
    }
    return errors;
  }
}
