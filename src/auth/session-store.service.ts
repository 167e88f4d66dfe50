import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, MoreThan, type EntityManager, type Repository } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events.js';
import { isUuid } from '../common/uuid.js';
import { AuthSession, type SessionKind } from './auth-session.entity.js';
import { SESSION_REVOKED } from './session-events.js';

export interface OpenSession {
  userId: string;
  kind: SessionKind;
  scope: string;
  expiresAt: Date;
  userAgent?: string | null;
  ip?: string | null;
}

/** Writes `last_used_at` at most this often per session, so authenticated reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;
/** Most session ids one shared read asks for. */
const LOOKUP_BATCH = 500;

interface LookupWaiter {
  resolve(session: AuthSession | null): void;
  reject(error: unknown): void;
}

/**
 * `findLive`'s statement, written out: it runs for every authenticated request and every WebSocket
 * upgrade (twice there), and TypeORM's findOneBy built a query builder and hydrated the entity through
 * its metadata each time. The rows are the entity's columns under their property names. `$1` is an
 * array: concurrent lookups share one read (see findLive).
 */
const FIND_LIVE_SQL = `
SELECT id, user_id AS "userId", kind, scope, created_at AS "createdAt", last_used_at AS "lastUsedAt",
       expires_at AS "expiresAt", revoked_at AS "revokedAt", user_agent AS "userAgent", ip
FROM sessions WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL AND expires_at > $2`;

@Injectable()
export class SessionStore {
  /** Live-session reads waiting for the next shared read, by lower-case id. */
  private readonly lookups = new Map<string, LookupWaiter[]>();
  private lookingUp = false;

  constructor(
    @InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>,
    @Inject(DomainEvents) private readonly events: DomainEvents,
  ) {}

  private repo(manager?: EntityManager): Repository<AuthSession> {
    return manager ? manager.getRepository(AuthSession) : this.sessions;
  }

  open(input: OpenSession, manager?: EntityManager): Promise<AuthSession> {
    const repo = this.repo(manager);
    const now = new Date();
    return repo.save(
      repo.create({
        userId: input.userId,
        kind: input.kind,
        scope: input.scope,
        lastUsedAt: now,
        expiresAt: input.expiresAt,
        revokedAt: null,
        userAgent: input.userAgent?.slice(0, 512) ?? null,
        ip: input.ip?.slice(0, 64) ?? null,
      }),
    );
  }

  /** Which of the ids are live sessions. */
  async liveIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.repo().find({
      select: { id: true },
      where: { id: In(ids), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    });
    return new Set(rows.map((row) => row.id));
  }

  /**
   * The session if it is neither revoked nor past its absolute end. Outside a transaction, the reads of
   * concurrent callers are shared: ids asked while a read runs go into the next one — never into one
   * already sent, so every caller's read starts after it asked (the upgrade's second look at a session
   * relies on that). 5 000 clients reconnecting at once made 10 000 single-row reads of this table.
   */
  async findLive(id: string, manager?: EntityManager): Promise<AuthSession | null> {
    if (manager) {
      const repo = this.repo(manager);
      const [row] = await repo.query<AuthSession[]>(FIND_LIVE_SQL, [[id], new Date()]);
      return row ? repo.create(row) : null;
    }
    if (!isUuid(id)) return null;
    const key = id.toLowerCase();
    return new Promise((resolve, reject) => {
      const waiters = this.lookups.get(key) ?? [];
      waiters.push({ resolve, reject });
      this.lookups.set(key, waiters);
      if (!this.lookingUp) void this.readQueuedLookups();
    });
  }

  private async readQueuedLookups(): Promise<void> {
    this.lookingUp = true;
    while (this.lookups.size > 0) {
      const batch = new Map([...this.lookups].slice(0, LOOKUP_BATCH));
      for (const id of batch.keys()) this.lookups.delete(id);
      try {
        const rows = await this.sessions.query<AuthSession[]>(FIND_LIVE_SQL, [[...batch.keys()], new Date()]);
        const byId = new Map(rows.map((row) => [row.id, row]));
        for (const [id, waiters] of batch)
          for (const waiter of waiters) {
            const row = byId.get(id);
            waiter.resolve(row ? this.sessions.create(row) : null);
          }
      } catch (error) {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.lookingUp = false;
  }

  listLive(userId: string): Promise<AuthSession[]> {
    return this.sessions.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { lastUsedAt: 'DESC' },
    });
  }

  async touch(session: AuthSession): Promise<void> {
    const now = Date.now();
    if (now - session.lastUsedAt.getTime() < TOUCH_INTERVAL_MS) return;
    await this.sessions.update({ id: session.id }, { lastUsedAt: new Date(now) });
  }

  /**
   * Revokes one session; returns false when it was not live (already revoked or unknown).
   * Inside a caller's transaction, call `announceRevoked` after it commits.
   */
  async revoke(id: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: new Date() })
      .where('id = :id AND revoked_at IS NULL', { id })
      .returning('user_id')
      .execute();
    const revoked = (rows.raw as { user_id: string }[])[0];
    if (revoked && !manager) this.announceRevoked([{ userId: revoked.user_id, sessionId: id }]);
    return revoked !== undefined;
  }

  /** Emits `session.revoked` for each session, so live sockets of those sessions are closed. */
  announceRevoked(sessions: { userId: string; sessionId: string }[]): void {
    for (const { userId, sessionId } of sessions) {
      this.events.emit(SESSION_REVOKED, { userId, sessionId });
    }
  }

  /**
   * "Log out my other devices": revokes the user's other live sessions in one statement and announces
   * each; returns their ids.
   */
  async revokeOthers(userId: string, keep: string): Promise<string[]> {
    const [rows] = await this.sessions.query<[{ id: string }[], number]>(
      `UPDATE sessions SET revoked_at = now()
       WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [userId, keep],
    );
    const ids = rows.map((row) => row.id);
    this.announceRevoked(ids.map((sessionId) => ({ userId, sessionId })));
    return ids;
  }

  /**
   * Revokes every live session of a user except `keep`; returns the revoked ids.
   * Inside a caller's transaction, call `announceRevoked` after it commits.
   */
  async revokeAllOf(userId: string, keep?: string, manager?: EntityManager): Promise<string[]> {
    const live = await this.repo(manager).find({
      select: { id: true },
      where: { userId, revokedAt: IsNull() },
    });
    const ids = live.map((s) => s.id).filter((id) => id !== keep);
    if (ids.length > 0) {
      await this.repo(manager)
        .createQueryBuilder()
        .update()
        .set({ revokedAt: new Date() })
        .whereInIds(ids)
        .andWhere('revoked_at IS NULL')
        .execute();
    }
    if (!manager) this.announceRevoked(ids.map((sessionId) => ({ userId, sessionId })));
    return ids;
  }
}
