// FANOUT=local: one instance, so its own connection counts are the whole truth.
import type { PresenceTracker, PresenceTransition, PresenceTransitionListener } from './presence-tracker.js';

export class LocalPresenceTracker implements PresenceTracker {
  private readonly connections = new Map<string, number>();
  private readonly listeners: PresenceTransitionListener[] = [];

  connected(userId: string): Promise<void> {
    const count = (this.connections.get(userId) ?? 0) + 1;
    this.connections.set(userId, count);
    if (count === 1) this.report({ userId, online: true });
    return Promise.resolve();
  }

  disconnected(userId: string): Promise<void> {
    const count = (this.connections.get(userId) ?? 0) - 1;
    if (count > 0) {
      this.connections.set(userId, count);
    } else if (this.connections.delete(userId)) {
      this.report({ userId, online: false });
    }
    return Promise.resolve();
  }

  onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(userIds.filter((id) => this.connections.has(id))));
  }

  onTransition(listener: PresenceTransitionListener): void {
    this.listeners.push(listener);
  }

  private report(transition: PresenceTransition): void {
    for (const listener of this.listeners) listener([transition]);
  }
}
