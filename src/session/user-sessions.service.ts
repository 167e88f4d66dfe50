import { Inject, Injectable } from '@nestjs/common';
import type { AuthSession } from '../auth/auth-session.entity.js';
import { SessionStore } from '../auth/session-store.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { SessionNotFoundError } from './session.errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

  /** Another user's session, a revoked one and a malformed id all answer 404 alike. */
  async revoke(caller: AuthUser, sessionId: string): Promise<void> {
    const session = UUID.test(sessionId) ? await this.sessions.findLive(sessionId) : null;
    if (!session || session.userId !== caller.userId) throw new SessionNotFoundError();
    await this.sessions.revoke(session.id);
  }
}
