// Room bans (API.md §5): owner and admin ban a user, which removes them if they are a member
// (announced as room.member_left, their own connections included) and keeps them out — joining answers
// 403 BANNED, adding them 409 BANNED — until the ban is lifted. Direct rooms have no bans.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { UsersService } from '../users/users.service.js';
import {
  BanNotFoundError,
  CannotBanSelfError,
  ChatForbiddenError,
  ChatUserNotFoundError,
} from './chat.errors.js';
import type { ChatCaller } from './chat-caller.js';
import { toBanResponse, type BanResponse } from './dto/ban.response.js';
import { RoomMember } from './entities/room-member.entity.js';
import { MembershipService } from './membership.service.js';
import { RoomEvents } from './room-events.js';
import { lockRoom, roleOf } from './room-locks.js';
import { authorize, canRemove } from './room-permissions.js';

const BAN_SQL = `SELECT u.username, u.name, b.banned_at, banner.username AS banned_by
  FROM room_bans b JOIN users u ON u.id = b.user_id LEFT JOIN users banner ON banner.id = b.banned_by`;

interface BanRow {
  username: string;
  name: string;
  banned_at: Date;
  banned_by: string | null;
}

const toBan = (row: BanRow): BanResponse =>
  toBanResponse({ username: row.username, name: row.name, bannedBy: row.banned_by, bannedAt: row.banned_at });

@Injectable()
export class RoomBansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(RoomEvents) private readonly events: RoomEvents,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  /** `created` is false when the user was already banned (the ban is kept as it was). */
  async ban(
    caller: ChatCaller,
    roomId: string,
    username: string,
  ): Promise<{ ban: BanResponse; created: boolean }> {
    const { room } = await this.membership.require('ban', caller.userId, roomId);
    const user = await this.users.findByUsername(username);
    if (!user) throw new ChatUserNotFoundError();
    if (user.id === caller.userId) throw new CannotBanSelfError();
    const outcome = await this.dataSource.transaction(async (em) => {
      await lockRoom(em, roomId);
      // Roles again under the lock: the caller may have been demoted or removed meanwhile.
      const actorRole = await roleOf(em, roomId, caller.userId);
      authorize('ban', { kind: room.kind, visibility: room.visibility, role: actorRole });
      const targetRole = await roleOf(em, roomId, user.id);
      if (actorRole === null || (targetRole !== null && !canRemove(actorRole, targetRole))) {
        throw new ChatForbiddenError('you cannot ban a member above your own role');
      }
      const inserted = await em.query<unknown[]>(
        `INSERT INTO room_bans (room_id, user_id, banned_by) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [roomId, user.id, caller.userId],
      );
      if (targetRole !== null) await em.delete(RoomMember, { roomId, userId: user.id });
      return { created: inserted.length > 0, removed: targetRole !== null };
    });
    // After COMMIT; memberLeft drops every instance's member cache before the frame goes out.
    if (outcome.removed) this.events.memberLeft({ roomId, userId: user.id, username: user.username });
    return { ban: await this.banOf(roomId, user.id), created: outcome.created };
  }

  async unban(caller: ChatCaller, roomId: string, username: string): Promise<void> {
    await this.membership.require('unban', caller.userId, roomId);
    const user = await this.users.findByUsername(username);
    if (!user) throw new BanNotFoundError();
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      'DELETE FROM room_bans WHERE room_id = $1 AND user_id = $2 RETURNING user_id',
      [roomId, user.id],
    );
    if (rows.length === 0) throw new BanNotFoundError();
  }

  /** Oldest ban first. */
  async list(caller: ChatCaller, roomId: string): Promise<BanResponse[]> {
    await this.membership.require('listBans', caller.userId, roomId);
    const rows = await this.dataSource.query<BanRow[]>(
      `${BAN_SQL} WHERE b.room_id = $1 ORDER BY b.banned_at, u.username`,
      [roomId],
    );
    return rows.map(toBan);
  }

  private async banOf(roomId: string, userId: string): Promise<BanResponse> {
    const rows = await this.dataSource.query<BanRow[]>(`${BAN_SQL} WHERE b.room_id = $1 AND b.user_id = $2`, [
      roomId,
      userId,
    ]);
    // Lifted again between the write and this read: report it as not there.
    if (!rows[0]) throw new BanNotFoundError();
    return toBan(rows[0]);
  }
}
