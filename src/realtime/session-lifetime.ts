import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessTokenService } from '../auth/access-token.service.js';
import { SESSION_REVOKED, type SessionRevokedEvent } from '../auth/session-events.js';
import type { AuthUser } from '../common/auth-user.js';
import { OnDomainEvent } from '../common/events/domain-events.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ClusterEvents } from '../fanout/cluster-events.js';
import { ConnectionRegistry } from './connection-registry.js';
import type { RealtimeConnection } from './connection.js';
import { CloseCode, sessionExpiredFrame } from './frames.js';
import { AuthFailedError } from './realtime.errors.js';
import { OPEN_SCOPE } from './upgrade-authenticator.js';

declare module '../fanout/cluster-events.js' {
  interface ClusterEventMap {
    /** Topic: the revoked session. Every instance closes its sockets of that session. */
    [SESSION_REVOKED]: Record<string, never>;
  }
}

/** Sessions read per query when re-checking every open socket. */
const RECHECK_CHUNK = 500;

/** setTimeout's longest delay; a later expiry re-arms the timer when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends connections whose token expires (unless renewed with `auth`) or whose session is revoked,
 * with `session.expired` and close code 4001 (API.md §4.4, §6). Revocations travel through FANOUT so
 * every instance closes its own sockets of the session.
 */
@Injectable()
export class SessionLifetime implements OnModuleInit {
  constructor(
    @Inject(ConnectionRegistry) private readonly registry: ConnectionRegistry,
    @Inject(ClusterEvents) private readonly cluster: ClusterEvents,
    @Inject(AccessTokenService) private readonly tokens: AccessTokenService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.cluster.on(SESSION_REVOKED, (_data, topic) => {
      if (topic.kind === 'session') this.expireSession(topic.sessionId);
    });
    this.cluster.onRecovered(() => {
      this.recheckOpenSessions().catch((error: unknown) =>
        this.logger.errorEvent('re-checking open sessions failed', error),
      );
    });
  }

  @OnDomainEvent(SESSION_REVOKED)
  onSessionRevoked(event: SessionRevokedEvent): void {
    // Local sockets close at once, even if the fan-out engine is down; other instances hear it from FANOUT.
    this.expireSession(event.sessionId);
    this.cluster.announce({ kind: 'session', sessionId: event.sessionId }, SESSION_REVOKED, {});
  }

  watch(connection: RealtimeConnection): void {
    this.unwatch(connection);
    const delay = connection.user.expiresAt * 1000 - Date.now();
    if (delay <= 0) {
      this.expire(connection, 'expired');
      return;
    }
    connection.expiryTimer = setTimeout(() => this.watch(connection), Math.min(delay, MAX_TIMER_MS));
    connection.expiryTimer.unref();
  }

  unwatch(connection: RealtimeConnection): void {
    if (connection.expiryTimer) clearTimeout(connection.expiryTimer);
    connection.expiryTimer = undefined;
  }

  /**
   * `auth`: replaces the connection's token with another of the same user; returns the new expiry
   * (unix seconds). A bad token or another user's leaves the old one in place.
   */
  async renew(connection: RealtimeConnection, token: string): Promise<number> {
    let user;
    try {
      user = await this.tokens.authenticate(token);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthorized')
        throw new AuthFailedError(error.message);
      throw error;
    }
    if (user.userId !== connection.userId) throw new AuthFailedError('token belongs to another user');
    if (!user.scopes.includes(OPEN_SCOPE)) throw new AuthFailedError('token lacks chat:read');
    if (!connection.isOpen) return user.expiresAt;
    const previousSession = connection.sessionId;
    connection.user = user;
    this.registry.moveSession(connection, previousSession);
    this.watch(connection);
    return user.expiresAt;
  }

  expireSession(sessionId: string): void {
    this.registry.pending.revokeSession(sessionId);
    for (const connection of [...this.registry.ofSession(sessionId)]) this.expire(connection, 'revoked');
  }

  /** For an upgrade under way: whether its session is still live, read after it was reserved. */
  stillLive(user: AuthUser): Promise<boolean> {
    return this.tokens.isSessionLive(user);
  }

  /**
   * Reads the sessions of every open socket again and closes (4001) those revoked or expired: after the
   * fan-out engine was down, revocations published by other instances meanwhile never arrived.
   */
  async recheckOpenSessions(): Promise<void> {
    const sessionIds = [...new Set([...this.registry.connections()].map((c) => c.sessionId))];
    let revoked = 0;
    for (let start = 0; start < sessionIds.length; start += RECHECK_CHUNK) {
      const chunk = sessionIds.slice(start, start + RECHECK_CHUNK);
      const live = await this.tokens.liveSessionIds(chunk);
      for (const sessionId of chunk) {
        if (live.has(sessionId)) continue;
        revoked += 1;
        this.expireSession(sessionId);
      }
    }
    this.logger.event('info', 'open sockets re-checked after fan-out recovery', {
      sessions: sessionIds.length,
      closed_sessions: revoked,
    });
  }

  /** `session.expired` and 4001: the token ran out (`expired`) or the session was revoked (`revoked`). */
  expire(connection: RealtimeConnection, cause: 'expired' | 'revoked'): void {
    this.unwatch(connection);
    if (!connection.isOpen) return;
    this.registry.send(connection, sessionExpiredFrame(connection.framing));
    this.registry.close(connection, CloseCode.sessionExpired, 'session expired', cause);
  }
}
