import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { JwtService } from '@nestjs/jwt';
import type { AuthUser } from '../common/auth-user.js';
import { UnauthorizedError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { isAccessTokenClaims, parseScopes, type AccessTokenClaims } from './access-token.claims.js';
import type { AuthSession } from './auth-session.entity.js';
import { asDeclaredSecret, hs256Key } from './jwt-key.js';
import { SessionStore } from './session-store.service.js';

export const JWT_ALGORITHM = 'HS256';

export interface IssuedAccessToken {
  token: string;
  /** Unix seconds. */
  expiresAt: number;
}

/**
 * Issues access JWTs and turns one back into an AuthUser. `authenticate()` is the single check used by
 * the HTTP guard and the WebSocket upgrade alike: signature (HS256 only), `typ`, and a live session.
 */
@Injectable()
export class AccessTokenService {
  private readonly key: Buffer;

  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(Configuration) config: Configuration,
  ) {
    this.key = asDeclaredSecret(hs256Key(config.of('auth').jwtSecret));
  }

  async issue(session: AuthSession, username: string, lifetimeMinutes: number): Promise<IssuedAccessToken> {
    const iat = Math.floor(Date.now() / 1000);
    const wanted = Math.floor(Date.now() / 1000 + lifetimeMinutes * 60);
    const exp = Math.min(wanted, Math.floor(session.expiresAt.getTime() / 1000));
    const claims: AccessTokenClaims = {
      sub: session.userId,
      sid: session.id,
      username,
      scope: session.scope,
      typ: 'access',
      iat,
      exp,
      jti: randomUUID(),
    };
    const token = await this.jwt.signAsync(claims, { secret: this.key, algorithm: JWT_ALGORITHM });
    return { token, expiresAt: exp };
  }

  async authenticate(token: string): Promise<AuthUser> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync(token, { secret: this.key, algorithms: [JWT_ALGORITHM] });
    } catch (error) {
      const expired = (error as { name?: string }).name === 'TokenExpiredError';
      throw new UnauthorizedError(expired ? 'token expired' : 'invalid token');
    }
    return this.authorizeClaims(payload);
  }

  /** Whether the session behind an authenticated caller is still live (not revoked, not past its end). */
  async isSessionLive(user: AuthUser): Promise<boolean> {
    const session = await this.sessions.findLive(user.sessionId);
    return session !== null && session.userId === user.userId;
  }

  /** The ids among `sessionIds` whose sessions are still live (one query, for re-checking many sockets). */
  liveSessionIds(sessionIds: string[]): Promise<Set<string>> {
    return this.sessions.liveIds(sessionIds);
  }

  /** Checks verified claims against the session table: a revoked session fails at once. */
  private async authorizeClaims(payload: unknown): Promise<AuthUser> {
    if (!isAccessTokenClaims(payload) || !isUuid(payload.sid)) throw new UnauthorizedError('invalid token');
    const scopes = parseScopes(payload.scope);
    if (scopes === null) throw new UnauthorizedError('invalid token');
    const session = await this.sessions.findLive(payload.sid);
    if (!session || session.userId !== payload.sub) throw new UnauthorizedError('session revoked or expired');
    await this.sessions.touch(session);
    return {
      userId: payload.sub,
      username: payload.username,
      sessionId: payload.sid,
      scopes,
      expiresAt: payload.exp,
    };
  }
}
