// Joining, leaving, adding, removing and promoting members, and the member list (API.md §5).
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PresenceService } from '../users/presence.service.js';
import { UsersService } from '../users/users.service.js';
import {
  BannedError,
  BannedMemberError,
  ChatForbiddenError,
  ChatUserNotFoundError,
  type ChatError,
  MemberNotFoundError,
  OwnerMustTransferError,
} from './chat.errors.js';
import type { ChatCaller } from './chat-caller.js';
import { toMemberResponse, type MemberResponse, type MemberView } from './dto/member.response.js';
import type { RoomResponse } from './dto/room.response.js';
import { RoomMember, type RoomRole } from './entities/room-member.entity.js';
import { MembershipService } from './membership.service.js';
import { RoomEvents } from './room-events.js';
import { isBanned, lockRoom, lockRoomShared, roleOf } from './room-locks.js';
import { canRemove } from './room-permissions.js';
import { RoomService } from './room.service.js';

const MEMBER_SQL = `SELECT m.user_id, m.role, m.joined_at, u.username, u.name, u.last_seen_at
  FROM room_members m JOIN users u ON u.id = m.user_id`;

interface MemberRow {
  user_id: string;
  role: RoomRole;
  joined_at: Date;
  username: string;
  name: string;
  last_seen_at: Date | null;
}

function toMemberView(row: MemberRow): MemberView {
  return {
    userId: row.user_id,
    username: row.username,
    name: row.name,
    role: row.role,
    joinedAt: row.joined_at,
    lastSeenAt: row.last_seen_at,
  };
}

@Injectable()
export class RoomMembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(RoomService) private readonly rooms: RoomService,
    @Inject(RoomEvents) private readonly events: RoomEvents,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PresenceService) private readonly presence: PresenceService,
  ) {}

  /** Public rooms only; joining a room one already belongs to is a no-op; banned users get 403 BANNED. */
  async join(caller: ChatCaller, roomId: string): Promise<RoomResponse> {
    const { role } = await this.membership.require('join', caller.userId, roomId);
    if (role === null && (await this.insertMember(roomId, caller.userId, () => new BannedError()))) {
      this.events.memberJoined({ roomId, userId: caller.userId, username: caller.username }, 'member');
    }
    return this.rooms.view(caller.userId, roomId);
  }

  /**
   * The owner must hand ownership over first unless they are the last member; the last member leaving
   * deletes the room (nobody could reach it again).
   */
  async leave(caller: ChatCaller, roomId: string): Promise<void> {
    await this.membership.require('leave', caller.userId, roomId);
    const outcome = await this.dataSource.transaction(async (em) => {
      await lockRoom(em, roomId);
      const role = await roleOf(em, roomId, caller.userId);
      if (role === null) return 'gone' as const;
      const others = (await em.countBy(RoomMember, { roomId })) - 1;
      if (others === 0) return 'last' as const;
      if (role === 'owner') throw new OwnerMustTransferError();
      await em.delete(RoomMember, { roomId, userId: caller.userId });
      return 'left' as const;
    });
    if (outcome === 'last') {
      this.events.roomDeleted(roomId, await this.rooms.deleteRoom(roomId));
    } else if (outcome === 'left') {
      this.events.memberLeft({ roomId, userId: caller.userId, username: caller.username });
    }
  }

  /** Owner or admin; any member of a public room. Adding a member again is a no-op; a banned user → 409. */
  async add(caller: ChatCaller, roomId: string, username: string): Promise<MemberResponse> {
    await this.membership.require('addMember', caller.userId, roomId);
    const user = await this.users.findByUsername(username);
    if (!user) throw new ChatUserNotFoundError();
    if (await this.insertMember(roomId, user.id, () => new BannedMemberError())) {
      this.events.memberJoined({ roomId, userId: user.id, username: user.username }, 'member');
    }
    return this.member(roomId, user.id);
  }

  /** Owner or admin, never someone above their own role. Removing oneself is leaving. */
  async remove(caller: ChatCaller, roomId: string, username: string): Promise<void> {
    if (username.toLowerCase() === caller.username) return this.leave(caller, roomId);
    await this.membership.require('removeMember', caller.userId, roomId);
    const user = await this.users.findByUsername(username);
    if (!user) throw new MemberNotFoundError();
    await this.dataSource.transaction(async (em) => {
      await lockRoom(em, roomId);
      const actorRole = await roleOf(em, roomId, caller.userId);
      const targetRole = await roleOf(em, roomId, user.id);
      if (targetRole === null) throw new MemberNotFoundError();
      if (actorRole === null || !canRemove(actorRole, targetRole)) {
        throw new ChatForbiddenError('you cannot remove a member above your own role');
      }
      await em.delete(RoomMember, { roomId, userId: user.id });
    });
    this.events.memberLeft({ roomId, userId: user.id, username: user.username });
  }

  /** Owner only. Making someone owner hands ownership over; the old owner becomes admin. */
  async changeRole(
    caller: ChatCaller,
    roomId: string,
    username: string,
    role: RoomRole,
  ): Promise<MemberResponse> {
    await this.membership.require('changeRole', caller.userId, roomId);
    const user = await this.users.findByUsername(username);
    if (!user) throw new MemberNotFoundError();
    const changes = await this.dataSource.transaction(async (em) => {
      await lockRoom(em, roomId);
      const current = await roleOf(em, roomId, user.id);
      if (current === null) throw new MemberNotFoundError();
      if ((await roleOf(em, roomId, caller.userId)) !== 'owner')
        throw new ChatForbiddenError('only the owner can do this');
      if (user.id === caller.userId) {
        if (role !== 'owner') throw new OwnerMustTransferError();
        return [];
      }
      if (current === role) return [];
      await em.update(RoomMember, { roomId, userId: user.id }, { role });
      if (role !== 'owner') return [{ userId: user.id, username: user.username, role }];
      await em.update(RoomMember, { roomId, userId: caller.userId }, { role: 'admin' });
      return [
        { userId: user.id, username: user.username, role },
        { userId: caller.userId, username: caller.username, role: 'admin' as const },
      ];
    });
    for (const { role: newRole, ...who } of changes) this.events.memberUpdated({ roomId, ...who }, newRole);
    return this.member(roomId, user.id);
  }

  /** Members with roles and presence, in joining order. */
  async list(caller: ChatCaller, roomId: string): Promise<MemberResponse[]> {
    await this.membership.require('listMembers', caller.userId, roomId);
    const rows = await this.dataSource.query<MemberRow[]>(
      `${MEMBER_SQL} WHERE m.room_id = $1 ORDER BY m.joined_at, u.username`,
      [roomId],
    );
    const views = rows.map(toMemberView);
    const presences = await this.presence.presenceOfAll(
      views.map((view) => ({ id: view.userId, lastSeenAt: view.lastSeenAt })),
    );
    return views.map((view, index) => toMemberResponse(view, presences[index]));
  }

  private async member(roomId: string, userId: string): Promise<MemberResponse> {
    const rows = await this.dataSource.query<MemberRow[]>(
      `${MEMBER_SQL} WHERE m.room_id = $1 AND m.user_id = $2`,
      [roomId, userId],
    );
    if (!rows[0]) throw new MemberNotFoundError();
    const view = toMemberView(rows[0]);
    return toMemberResponse(
      view,
      await this.presence.presenceOf({ id: view.userId, lastSeenAt: view.lastSeenAt }),
    );
  }

  /** Adds a plain member unless banned (`banned()` is thrown); returns false when already a member. */
  private async insertMember(roomId: string, userId: string, banned: () => ChatError): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      await lockRoomShared(em, roomId);
      if (await isBanned(em, roomId, userId)) throw banned();
      const rows = await em.query<unknown[]>(
        `INSERT INTO room_members (room_id, user_id, role) SELECT $1, $2, 'member'
         WHERE EXISTS (SELECT 1 FROM rooms WHERE id = $1)
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [roomId, userId],
      );
      return rows.length > 0;
    });
  }
}
