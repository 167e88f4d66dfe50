// Domain events about sessions, emitted by the auth module (lower) and handled by higher modules
// (realtime closes the session's live sockets) without a dependency pointing up.

export const SESSION_REVOKED = 'session.revoked';

export interface SessionRevokedEvent {
  readonly userId: string;
  readonly sessionId: string;
}

declare module '../common/events/domain-events.js' {
  interface DomainEventMap {
    [SESSION_REVOKED]: SessionRevokedEvent;
  }
}
