import { Inject, Injectable } from '@nestjs/common';
import type { AuthSession } from '../auth/auth-session.entity.js';
import { SessionStore } from '../auth/session-store.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { isUuid } from '../common/uuid.js';
import { SessionNotFoundError } from './session.errors.js';

/** A signed-in user's view of their own sessions (API.md §4.4). */
@Injectable()
export class UserSessionsService {
  constructor(@Inject(SessionStore) private readonly sessions: SessionStore) {}

  list(caller: AuthUser): Promise<AuthSession[]> {
    return this.sessions.listLive(caller.userId);
  }

  async logout(caller: AuthUser): Promise<void> {
    await this.sessions.revoke(caller.sessionId);
  }

  /** Every other live session of the caller; the current one stays. Returns how many were revoked. */
  async logoutOthers(caller: AuthUser): Promise<number> {
    return (await this.sessions.revokeOthers(caller.userId, caller.sessionId)).length;
  }

  /** Another user's session, a revoked one and a malformed id all answer 404 alike. */
  async revoke(caller: AuthUser, sessionId: string): Promise<void> {
    const session = isUuid(sessionId) ? await this.sessions.findLive(sessionId) : null;
    if (!session || session.userId !== caller.userId) throw new SessionNotFoundError();
    await this.sessions.revoke(session.id);
  }
}
