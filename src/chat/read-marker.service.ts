import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import type { ChatCaller } from './chat-caller.js';
import { senderBlockedInRoom } from './block-queries.js';
import { MAX_SEQ } from './history-cursor.js';
import { MembershipService } from './membership.service.js';
import { RoomEvents } from './room-events.js';

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
}
