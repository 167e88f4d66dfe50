// Who belongs to which room: the access check every room route starts with, and an in-memory cache of
// member ids per room for the hot paths (sending, typing, live delivery), dropped on membership events
// from any instance, on recovery of the fan-out engine, and after MEMBERSHIP_CACHE_SECONDS in any case.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ClusterEvents } from '../fanout/cluster-events.js';
import { MEMBERSHIP_CHANGED } from './chat-events.js';
import { NotAMemberError, RoomNotFoundError } from './chat.errors.js';
import type { RoomRole } from './entities/room-member.entity.js';
import { Room } from './entities/room.entity.js';
import { authorize, type RoomAction } from './room-permissions.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is treated like an unknown one (API.md §0). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Bound on cached rooms; the oldest entry goes first. */
const MAX_CACHED_ROOMS = 10_000;

interface CachedMembers {
  userIds: Set<string>;
  /** When the query that produced it started (a change committed after that may be missing). */
  loadedAt: number;
}

export interface RoomAccess {
  room: Room;
  /** The caller's role; null for a non-member. */
  role: RoomRole | null;
}

@Injectable()
export class MembershipService implements OnModuleInit {
  private readonly members = new Map<string, CachedMembers>();
  /** Bumped on every invalidation, so a load that raced a change is not cached. */
  private readonly versions = new Map<string, number>();
  /** Bumped when the whole cache is dropped, for the same reason. */
  private epoch = 0;
  private readonly maxAgeMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ClusterEvents) private readonly cluster: ClusterEvents,
    @Inject(Configuration) config: Configuration,
  ) {
    this.maxAgeMs = config.of('realtime').membershipCacheMs;
  }

  onModuleInit(): void {
    this.cluster.on(MEMBERSHIP_CHANGED, ({ room_id }) => this.invalidate(room_id));
    // Membership events published while the engine was down never arrive: forget everything cached.
    this.cluster.onRecovered(() => this.invalidateAll());
  }

  invalidate(roomId: string): void {
    this.members.delete(roomId);
    this.versions.set(roomId, (this.versions.get(roomId) ?? 0) + 1);
  }

  invalidateAll(): void {
    this.members.clear();
    this.versions.clear();
    this.epoch += 1;
  }

  async memberUserIds(roomId: string): Promise<string[]> {
    return [...(await this.memberSet(roomId))];
  }

  async isMember(userId: string, roomId: string): Promise<boolean> {
    return (await this.memberSet(roomId)).has(userId);
  }

  async roomIdsOf(userId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ room_id: string }[]>(
      'SELECT room_id FROM room_members WHERE user_id = $1',
      [userId],
    );
    return rows.map((r) => r.room_id);
  }

  private async memberSet(roomId: string): Promise<Set<string>> {
    const cached = this.members.get(roomId);
    if (cached && Date.now() - cached.loadedAt < this.maxAgeMs) return cached.userIds;
    if (!isUuid(roomId)) return new Set();
    const version = this.versions.get(roomId) ?? 0;
    const epoch = this.epoch;
    const loadedAt = Date.now();
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      'SELECT user_id FROM room_members WHERE room_id = $1',
      [roomId],
    );
    const userIds = new Set(rows.map((r) => r.user_id));
    if ((this.versions.get(roomId) ?? 0) === version && this.epoch === epoch && this.maxAgeMs > 0) {
      this.members.delete(roomId); // re-inserted last: the map's order is load order
      if (this.members.size >= MAX_CACHED_ROOMS) {
        const oldest = this.members.keys().next().value;
        if (oldest !== undefined) this.members.delete(oldest);
      }
      this.members.set(roomId, { userIds, loadedAt });
    }
    return userIds;
  }

  /** The room and the caller's role in it; unknown or malformed ids → 404. */
  async access(userId: string, roomId: string, db?: EntityManager): Promise<RoomAccess> {
    if (!isUuid(roomId)) throw new RoomNotFoundError();
    const manager = db ?? this.dataSource.manager;
    const room = await manager.findOneBy(Room, { id: roomId });
    if (!room) throw new RoomNotFoundError();
    const rows = await manager.query<{ role: RoomRole }[]>(
      'SELECT role FROM room_members WHERE room_id = $1 AND user_id = $2',
      [roomId, userId],
    );
    return { room, role: rows[0]?.role ?? null };
  }

  /** `access` plus the §5 permission rule for the action. */
  async require(action: RoomAction, userId: string, roomId: string, db?: EntityManager): Promise<RoomAccess> {
    const access = await this.access(userId, roomId, db);
    authorize(action, { kind: access.room.kind, visibility: access.room.visibility, role: access.role });
    return access;
  }

  /**
   * Fast path for sends and typing: the cached member list answers members at once; anyone else gets
   * the 404/403 of §5 from the database.
   */
  async requireMember(action: RoomAction, userId: string, roomId: string): Promise<void> {
    if (await this.isMember(userId, roomId)) return;
    const access = await this.access(userId, roomId);
    authorize(action, { kind: access.room.kind, visibility: access.room.visibility, role: access.role });
    if (access.role === null) throw new NotAMemberError();
  }
}
