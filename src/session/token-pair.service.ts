import { Inject, Injectable } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessTokenService } from '../auth/access-token.service.js';
import { AuthSession } from '../auth/auth-session.entity.js';
import type { ClientInfo } from '../auth/client-info.js';
import { SessionStore } from '../auth/session-store.service.js';
import type { Scope } from '../common/decorators/scopes.decorator.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import type { AuthConfig } from '../config/auth.config.js';
import { UsersService } from '../users/users.service.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from './session.errors.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';

/** What /session/authorize, /session/emailVerify and /session/refresh hand out (API.md §4.3). */
export interface TokenPair {
  accessToken: string;
  accessTokenValidTo: Date;
  refreshToken: string;
  refreshTokenValidTo: Date;
  scope: string;
}

export interface SessionOwner {
  id: string;
  username: string;
}

type RefreshOutcome =
  | { kind: 'rotated'; session: AuthSession; username: string; refresh: IssuedRefreshToken }
  | { kind: 'reused'; userId: string; sessionId: string; revoked: boolean }
  | { kind: 'invalid' };

interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

const HOUR_MS = 3_600_000;

/**
 * Opens session API sessions and rotates their refresh tokens. Refresh lifetime slides
 * (REFRESH_TOKEN_SESSION_HOURS from each rotation); the session's `expires_at` (SESSION_MAX_HOURS
 * from sign-in) bounds everything.
 */
@Injectable()
export class TokenPairService {
  private readonly auth: AuthConfig;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(AccessTokenService) private readonly accessTokens: AccessTokenService,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(Configuration) config: Configuration,
  ) {
    this.auth = config.of('auth');
  }

  async open(
    owner: SessionOwner,
    scopes: readonly Scope[],
    client: ClientInfo,
    manager?: EntityManager,
  ): Promise<TokenPair> {
    if (!manager) return this.dataSource.transaction((own) => this.open(owner, scopes, client, own));
    const session = await this.sessions.open(
      {
        userId: owner.id,
        kind: 'session',
        scope: scopes.join(' '),
        expiresAt: new Date(Date.now() + this.auth.sessionMaxHours * HOUR_MS),
        userAgent: client.userAgent,
        ip: client.ip,
      },
      manager,
    );
    const refresh = await this.issueRefreshToken(session, manager);
    return this.pairFor(session, owner.username, refresh);
  }

  /**
   * Exchanges a refresh token for a new pair. The old token is spent by a conditional UPDATE in the
   * same transaction that issues its successor, so of two racing exchanges exactly one wins; the
   * loser finds it rotated, which is indistinguishable from theft and revokes the session.
   */
  async refresh(token: unknown): Promise<TokenPair> {
    if (typeof token !== 'string' || token === '') throw new InvalidRefreshTokenError();
    const hash = hashOpaqueToken(token);
    const outcome = await this.dataSource.transaction((manager) => this.rotate(hash, manager));
    switch (outcome.kind) {
      case 'invalid':
        throw new InvalidRefreshTokenError();
      case 'reused':
        this.logger.event('warn', 'refresh token reused; session revoked', {
          user_id: outcome.userId,
          session_id: outcome.sessionId,
        });
        if (outcome.revoked) this.sessions.announceRevoked([outcome]);
        throw new RefreshTokenReusedError();
      case 'rotated':
        return this.pairFor(outcome.session, outcome.username, outcome.refresh);
    }
  }

  private async rotate(hash: string, manager: EntityManager): Promise<RefreshOutcome> {
    const now = new Date();
    const spent = await manager
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ rotatedAt: now })
      .where('token_hash = :hash AND rotated_at IS NULL AND expires_at > :now', { hash, now })
      .returning('session_id')
      .execute();
    const sessionId = (spent.raw as { session_id: string }[])[0]?.session_id;
    if (sessionId === undefined) return this.unusable(hash, manager);

    const session = await this.sessions.findLive(sessionId, manager);
    const user = session ? await this.users.findById(session.userId, manager) : null;
    if (!session || !user) return { kind: 'invalid' };
    session.lastUsedAt = now;
    await manager.update(AuthSession, { id: session.id }, { lastUsedAt: now });
    const refresh = await this.issueRefreshToken(session, manager);
    return { kind: 'rotated', session, username: user.username, refresh };
  }

  /** The token was not exchangeable: a rotated one is reuse (revoke its session), anything else is invalid. */
  private async unusable(hash: string, manager: EntityManager): Promise<RefreshOutcome> {
    const known = await manager.findOne(RefreshToken, {
      where: { tokenHash: hash },
      relations: { session: true },
    });
    if (!known?.rotatedAt || !known.session) return { kind: 'invalid' };
    const revoked = await this.sessions.revoke(known.sessionId, manager);
    return { kind: 'reused', userId: known.session.userId, sessionId: known.sessionId, revoked };
  }

  private async issueRefreshToken(session: AuthSession, manager: EntityManager): Promise<IssuedRefreshToken> {
    const { token, hash } = newOpaqueToken();
    const sliding = Date.now() + this.auth.refreshTokenHours * HOUR_MS;
    const expiresAt = new Date(Math.min(sliding, session.expiresAt.getTime()));
    await manager.insert(RefreshToken, {
      sessionId: session.id,
      tokenHash: hash,
      expiresAt,
      rotatedAt: null,
    });
    return { token, expiresAt };
  }

  private async pairFor(
    session: AuthSession,
    username: string,
    refresh: IssuedRefreshToken,
  ): Promise<TokenPair> {
    const access = await this.accessTokens.issue(session, username, this.auth.accessTokenMinutes);
    return {
      accessToken: access.token,
      accessTokenValidTo: new Date(access.expiresAt * 1000),
      refreshToken: refresh.token,
      refreshTokenValidTo: refresh.expiresAt,
      scope: session.scope,
    };
  }
}
