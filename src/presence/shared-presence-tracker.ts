// Presence shared by several instances (FANOUT=redis/postgres). Each instance keeps its own connection
// counts in memory and writes them to the engine, one write at a time per user (so writes never
// overtake each other); the engine decides atomically whether the user's global state changed. A
// heartbeat keeps the instance live, and so does each write (a peer reading right after a reported
// transition sees the same state, however late this instance's next beat); every beat also reaps
// instances whose heartbeat expired and reports their users who are offline as a result. Only the engine decides transitions: while it is
// unreachable none are reported (reads fall back to this instance's own counts), and the writes that
// failed are made again by the first heartbeat that gets through, which reports what changed meanwhile.
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { JsonLogger } from '../common/logging/json-logger.js';
import type { PresenceStore } from './presence-store.js';
import type { PresenceTracker, PresenceTransition, PresenceTransitionListener } from './presence-tracker.js';

export interface SharedPresenceTiming {
  heartbeatMs: number;
  ttlMs: number;
}

export class SharedPresenceTracker implements PresenceTracker, OnModuleInit, OnApplicationShutdown {
  private readonly connections = new Map<string, number>();
  /** The tail of each user's write chain; removed when the chain drains. */
  private readonly writes = new Map<string, Promise<void>>();
  /** Users whose last write failed: written again by the next heartbeat. */
  private readonly unsynced = new Set<string>();
  private readonly listeners: PresenceTransitionListener[] = [];
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private engineFailing = false;
  private stopped = false;

  constructor(
    private readonly store: PresenceStore,
    private readonly timing: SharedPresenceTiming,
    private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    // Live before the first connection is counted, so peers see our counts from the start.
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.timing.heartbeatMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopHeartbeat();
    await Promise.allSettled([...this.writes.values()]);
    await this.store.retire().catch(() => undefined);
  }

  /** Stops renewing the heartbeat: after the TTL peers stop counting this instance's connections. */
  stopHeartbeat(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  connected(userId: string): Promise<void> {
    return this.change(userId, 1);
  }

  disconnected(userId: string): Promise<void> {
    return this.change(userId, -1);
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    try {
      return await this.store.onlineAmong(userIds);
    } catch (error) {
      this.engineDown(error);
      return new Set(userIds.filter((id) => this.connections.has(id)));
    }
  }

  onTransition(listener: PresenceTransitionListener): void {
    this.listeners.push(listener);
  }

  /** One heartbeat: renew (writing all counts again if we were not live), then reap dead instances. */
  beat(): Promise<void> {
    this.beating ??= this.renewAndReap().finally(() => (this.beating = undefined));
    return this.beating;
  }

  private change(userId: string, delta: 1 | -1): Promise<void> {
    const previous = this.connections.get(userId) ?? 0;
    const count = Math.max(0, previous + delta);
    if (count === previous) return Promise.resolve();
    if (count === 0) this.connections.delete(userId);
    else this.connections.set(userId, count);
    return this.write(userId, count);
  }

  /** Queues a write of the user's count behind the earlier ones. */
  private write(userId: string, count: number): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        // Stopped (shutting down, or retired by a test): the write must not make the instance live again.
        const renew = this.stopped ? undefined : this.timing.ttlMs;
        const change = await this.store.setCount(userId, count, renew);
        this.unsynced.delete(userId);
        this.engineUp();
        if (change.before !== change.after) this.report([{ userId, online: change.after }]);
        // The write revived an instance that had lapsed (or been reaped): as after such a heartbeat, its
        // other counts go in again. Not awaited: this user's own resync queues behind this write.
        if (renew !== undefined && !change.wasLive) void this.resyncAll();
      } catch (error) {
        this.unsynced.add(userId);
        this.engineDown(error);
      }
    };
    const tail = (this.writes.get(userId) ?? Promise.resolve()).then(run);
    this.writes.set(userId, tail);
    void tail.then(() => {
      if (this.writes.get(userId) === tail) this.writes.delete(userId);
    });
    return tail;
  }

  private async renewAndReap(): Promise<void> {
    try {
      const wasLive = await this.store.heartbeat(this.timing.ttlMs);
      if (this.stopped) return;
      this.engineUp();
      await (wasLive ? this.resyncUsers([...this.unsynced]) : this.resyncAll());
      const offline = await this.store.reap();
      if (offline.length > 0) this.report(offline.map((userId) => ({ userId, online: false })));
    } catch (error) {
      this.engineDown(error);
    }
  }

  /** Writes the users' current counts again; the engine reports whether that changed their state. */
  private async resyncUsers(userIds: readonly string[]): Promise<void> {
    await Promise.all(userIds.map((userId) => this.write(userId, this.connections.get(userId) ?? 0)));
  }

  /** Every count this instance holds, and those whose write failed. */
  private resyncAll(): Promise<void> {
    return this.resyncUsers([...new Set([...this.connections.keys(), ...this.unsynced])]);
  }

  private report(transitions: PresenceTransition[]): void {
    for (const listener of this.listeners) listener(transitions);
  }

  private engineUp(): void {
    if (!this.engineFailing) return;
    this.engineFailing = false;
    this.logger.event('info', 'presence engine back; counts written again');
  }

  private engineDown(error: unknown): void {
    if (this.engineFailing) return;
    this.engineFailing = true;
    this.logger.event('warn', 'presence engine unreachable; presence counted on this instance only', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
