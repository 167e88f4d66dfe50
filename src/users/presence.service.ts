import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { User } from './user.entity.js';

export interface Presence {
  online: boolean;
  lastSeenAt: Date | null;
}

/**
 * Who is online on this instance, counted per open connection. The chat transport reports
 * connections; a user goes offline (and `last_seen_at` is stored) when the last one closes.
 */
@Injectable()
export class PresenceService {
  private readonly connections = new Map<string, number>();

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** Returns true when this connection brought the user online. */
  connected(userId: string): boolean {
    const count = (this.connections.get(userId) ?? 0) + 1;
    this.connections.set(userId, count);
    return count === 1;
  }

  /** Returns the moment the user went offline, or null while other connections remain. */
  async disconnected(userId: string): Promise<Date | null> {
    const count = (this.connections.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.connections.set(userId, count);
      return null;
    }
    this.connections.delete(userId);
    const at = new Date();
    await this.users.update({ id: userId }, { lastSeenAt: at });
    return at;
  }

  isOnline(userId: string): boolean {
    return this.connections.has(userId);
  }

  presenceOf(user: Pick<User, 'id' | 'lastSeenAt'>): Presence {
    const online = this.isOnline(user.id);
    return { online, lastSeenAt: online ? null : user.lastSeenAt };
  }
}
