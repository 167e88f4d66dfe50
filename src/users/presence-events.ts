// Emitted by the users module (PresenceService) when a user's global presence changes, once across
// all instances; the chat module announces it to the users who share a room.

export const PRESENCE_CHANGED = 'presence.changed';

export class PresenceChangedEvent {
  constructor(
    readonly userId: string,
    readonly online: boolean,
    /** When the user went offline; null when they came online. */
    readonly lastSeenAt: Date | null,
  ) {}
}
