// The seam presence is counted through: which users have a live connection on some instance. One
// interface, three implementations chosen by FANOUT like the fan-out itself: in memory (one instance),
// Redis, or tables in the shared PostgreSQL. Storing `last_seen_at` and announcing are not its job.

/** A change of a user's global state: online anywhere ↔ offline everywhere. */
export interface PresenceTransition {
  userId: string;
  online: boolean;
}

export type PresenceTransitionListener = (transitions: PresenceTransition[]) => void;

export interface PresenceTracker {
  /** A connection of the user opened on this instance. Resolves once any transition was reported. */
  connected(userId: string): Promise<void>;
  /** A connection of the user on this instance closed. Resolves once any transition was reported. */
  disconnected(userId: string): Promise<void>;
  /** Which of these users are online on any live instance: one round trip whatever their number. */
  onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
  /**
   * Every global transition, exactly once across all instances: those caused by this instance's
   * connections, and those it finds itself (a dead instance's users going offline).
   */
  onTransition(listener: PresenceTransitionListener): void;
}

export const PRESENCE_TRACKER = Symbol('PRESENCE_TRACKER');
