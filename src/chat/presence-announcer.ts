import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Presence } from '../users/presence.service.js';
import { RoomBroadcast } from './room-broadcast.js';

/**
 * Tells everyone who shares a room with a user (the user included) that the user came online or went
 * offline: one `presence` event per user topic, so a peer in several shared rooms gets it once. A peer
 * who blocks the user hears nothing of it (API.md §5).
 */
@Injectable()
export class PresenceAnnouncer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RoomBroadcast) private readonly broadcast: RoomBroadcast,
  ) {}

  async announce(userId: string, presence: Presence): Promise<void> {
    const rows = await this.dataSource.query<{ username: string | null; peers: string[] }[]>(
      `SELECT (SELECT username FROM users WHERE id = $1) AS username,
              array(SELECT DISTINCT peer.user_id FROM room_members own
                    JOIN room_members peer ON peer.room_id = own.room_id
                    WHERE own.user_id = $1 AND NOT EXISTS (
                      SELECT 1 FROM user_blocks b WHERE b.blocker_id = peer.user_id AND b.blocked_id = $1
                    )) AS peers`,
      [userId],
    );
    const { username, peers } = rows[0] ?? { username: null, peers: [] };
    if (username === null) return;
    const data = {
      username,
      online: presence.online,
      last_seen_at: presence.lastSeenAt?.toISOString() ?? null,
    };
    for (const peerId of peers) this.broadcast.toUser(peerId, 'presence', data, { sheddable: true });
  }
}
