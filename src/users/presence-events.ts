// Emitted by the users module (PresenceService) when a user's global presence changes, once across
// all instances; the chat module announces it to the users who share a room.

export const PRESENCE_CHANGED = 'presence.changed';

export interface PresenceChangedEvent {
  readonly userId: string;
  readonly online: boolean;
  /** When the user went offline (stored before the event); null when they came online. */
  readonly lastSeenAt: Date | null;
}

declare module '../common/events/domain-events.js' {
  interface DomainEventMap {
    [PRESENCE_CHANGED]: PresenceChangedEvent;
  }
}
