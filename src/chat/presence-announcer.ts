import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Presence } from '../users/presence.service.js';
import { RoomBroadcast } from './room-broadcast.js';

/** Most users one shared read of peers covers. */
const ANNOUNCE_BATCH = 200;

interface Pending {
  userId: string;
  presence: Presence;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Tells everyone who shares a room with a user (the user included) that the user came online or went
 * offline: one `presence` event per user topic, so a peer in several shared rooms gets it once. A peer
 * who blocks the user hears nothing of it (API.md §5).
 *
 * Announcements asked while a read of peers runs are read together in the next one, and sent in the
 * order they were asked (a user's online, then offline). A restart's 5 000 reconnecting clients made
 * 5 000 of these reads, one per user, in the same few seconds.
 */
@Injectable()
export class PresenceAnnouncer {
  private queue: Pending[] = [];
  private reading = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RoomBroadcast) private readonly broadcast: RoomBroadcast,
  ) {}

  announce(userId: string, presence: Presence): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ userId, presence, resolve, reject });
      if (!this.reading) void this.announceQueued();
    });
  }

  private async announceQueued(): Promise<void> {
    this.reading = true;
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, ANNOUNCE_BATCH);
      this.queue = this.queue.slice(ANNOUNCE_BATCH);
      try {
        const audiences = await this.audiencesOf([...new Set(batch.map((item) => item.userId))]);
        for (const { userId, presence } of batch) this.send(audiences.get(userId), presence);
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.reading = false;
  }

  /** Per user: their username and the users sharing a room with them who do not block them. */
  private async audiencesOf(userIds: string[]): Promise<Map<string, { username: string; peers: string[] }>> {
    const rows = await this.dataSource.query<{ id: string; username: string; peers: string[] }[]>(
      `SELECT u.id, u.username,
              array(SELECT DISTINCT peer.user_id FROM room_members own
                    JOIN room_members peer ON peer.room_id = own.room_id
                    WHERE own.user_id = u.id AND NOT EXISTS (
                      SELECT 1 FROM user_blocks b WHERE b.blocker_id = peer.user_id AND b.blocked_id = u.id
                    )) AS peers
       FROM users u WHERE u.id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.id, { username: row.username, peers: row.peers }]));
  }

  private send(audience: { username: string; peers: string[] } | undefined, presence: Presence): void {
    if (!audience) return;
    const data = {
      username: audience.username,
      online: presence.online,
      last_seen_at: presence.lastSeenAt?.toISOString() ?? null,
    };
    for (const peerId of audience.peers) this.broadcast.toUser(peerId, 'presence', data, { sheddable: true });
  }
}
