// What a shared presence engine (Redis, PostgreSQL) provides to SharedPresenceTracker. Every call
// decides atomically in the engine, so instances racing on one user never both see a transition.

export interface GlobalPresenceChange {
  /** Online on any live instance before the change. */
  before: boolean;
  /** … and after it. */
  after: boolean;
  /**
   * Whether this instance's heartbeat was live before the write (only meaningful when the write renewed
   * it): false after a stall past the TTL or a peer's reap, and its other counts must be written again.
   */
  wasLive: boolean;
}

export interface PresenceStore {
  /**
   * Sets this instance's connection count for the user (0 removes it) and reports the global state
   * around it, counting this instance as live whatever its heartbeat's expiry. An instance that writes
   * is running: if it stalled past its TTL, its next heartbeat revives its counts, and a change made
   * meanwhile (a user who connected, or whose last socket closed) must be reported now — judged against
   * the engine without this instance, the revival would later turn it into a transition nobody reports.
   *
   * With `renewTtlMs` the write also renews the heartbeat, to `now + renewTtlMs` when less than half of
   * that is left: what it reports is then what readers on every instance see for at least half a TTL,
   * however late this instance's next heartbeat runs (a peer must not read "offline" for a user this
   * write just announced online).
   */
  setCount(userId: string, count: number, renewTtlMs?: number): Promise<GlobalPresenceChange>;
  /** Users of the list with a count on a live instance. */
  onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
  /**
   * Registers or renews this instance's heartbeat. Returns false when the instance was not live
   * before (first beat, or expired/reaped by a peer): its counts must then be written again.
   */
  heartbeat(ttlMs: number): Promise<boolean>;
  /** Removes instances whose heartbeat expired with their counts; returns the users now offline as a result. */
  reap(): Promise<string[]>;
  /** Marks this instance expired at once (graceful stop), so a peer reaps what it leaves behind. */
  retire(): Promise<void>;
}
