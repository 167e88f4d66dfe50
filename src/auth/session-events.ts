// Domain events about sessions, emitted by the auth module (lower) and handled by higher modules
// (chat closes the session's live sockets) without a dependency pointing up.

export const SESSION_REVOKED = 'session.revoked';

export class SessionRevokedEvent {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
  ) {}
}
