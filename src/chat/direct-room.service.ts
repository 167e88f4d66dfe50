import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { UsersService } from '../users/users.service.js';
import { isBlockedBy } from './block-queries.js';
import { BlockedError, CannotDmSelfError, ChatUserNotFoundError } from './chat.errors.js';
import type { ChatCaller } from './chat-caller.js';
import type { RoomResponse } from './dto/room.response.js';
import { RoomMember } from './entities/room-member.entity.js';
import { Room } from './entities/room.entity.js';
import { MembershipService } from './membership.service.js';
import { RoomEvents } from './room-events.js';
import { RoomService } from './room.service.js';

/** The pair's key: both ids sorted, so (a, b) and (b, a) meet on the same unique row. */
export function directKey(userA: string, userB: string): string {
  return [userA, userB].sort().join(':');
}

/** One direct room per pair of users, made on first use (POST /dm/:username, /chats/:username), not for a blocked user. */
@Injectable()
export class DirectRoomService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(RoomService) private readonly rooms: RoomService,
    @Inject(RoomEvents) private readonly events: RoomEvents,
  ) {}

  async getOrCreate(
    caller: ChatCaller,
    peerUsername: string,
  ): Promise<{ room: RoomResponse; created: boolean }> {
    const peer = await this.users.findByUsername(peerUsername);
    if (!peer) throw new ChatUserNotFoundError();
    if (peer.id === caller.userId) throw new CannotDmSelfError();
    // A blocked user can neither make nor open the room (POST /dm, the /chats upgrade); the blocker can.
    if (await isBlockedBy(this.dataSource.manager, peer.id, caller.userId)) throw new BlockedError();
    const key = directKey(caller.userId, peer.id);
    const existing = await this.dataSource.manager.findOneBy(Room, { directKey: key });
    if (existing) return { room: await this.rooms.view(caller.userId, existing.id), created: false };

    // Two first messages at once race here; the unique key lets one insert win and the other read it.
    const roomId = await this.dataSource.transaction(async (em) => {
      const rows = await em.query<{ id: string }[]>(
        `INSERT INTO rooms (kind, visibility, direct_key) VALUES ('direct', 'private', $1)
         ON CONFLICT (direct_key) DO NOTHING RETURNING id`,
        [key],
      );
      if (!rows[0]) return null;
      await em.insert(RoomMember, [
        { roomId: rows[0].id, userId: caller.userId, role: 'member' },
        { roomId: rows[0].id, userId: peer.id, role: 'member' },
      ]);
      return rows[0].id;
    });
    if (roomId === null) {
      const winner = await this.dataSource.manager.findOneByOrFail(Room, { directKey: key });
      return { room: await this.rooms.view(caller.userId, winner.id), created: false };
    }
    this.events.memberJoined({ roomId, userId: caller.userId, username: caller.username }, 'member');
    this.events.memberJoined({ roomId, userId: peer.id, username: peer.username }, 'member');
    return { room: await this.rooms.view(caller.userId, roomId), created: true };
  }
}
