import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { isDatabaseUnavailable } from '../common/errors/database-errors.js';
import { DomainEvents } from '../common/events/domain-events.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import {
  PRESENCE_TRACKER,
  type PresenceTracker,
  type PresenceTransition,
} from '../presence/presence-tracker.js';
import { User } from './user.entity.js';
import { PRESENCE_CHANGED, type PresenceChangedEvent } from './presence-events.js';

export interface Presence {
  online: boolean;
  lastSeenAt: Date | null;
}

/**
 * A user is online while any connection is open on any instance (counted by the PRESENCE_TRACKER of
 * the FANOUT mode). When they go offline everywhere `last_seen_at` is stored, then PRESENCE_CHANGED
 * is emitted; coming online emits it at once.
 */
@Injectable()
export class PresenceService implements OnModuleInit {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(PRESENCE_TRACKER) private readonly tracker: PresenceTracker,
    @Inject(DomainEvents) private readonly events: DomainEvents,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.tracker.onTransition((transitions) => void this.changed(transitions));
  }

  connected(userId: string): Promise<void> {
    return this.tracker.connected(userId);
  }

  disconnected(userId: string): Promise<void> {
    return this.tracker.disconnected(userId);
  }

  async presenceOf(user: Pick<User, 'id' | 'lastSeenAt'>): Promise<Presence> {
    const [presence] = await this.presenceOfAll([user]);
    return presence;
  }

  /** In input order; one round trip to the presence engine whatever the number of users. */
  async presenceOfAll(users: readonly Pick<User, 'id' | 'lastSeenAt'>[]): Promise<Presence[]> {
    const online = await this.tracker.onlineAmong(users.map((user) => user.id));
    return users.map((user) =>
      online.has(user.id)
        ? { online: true, lastSeenAt: null }
        : { online: false, lastSeenAt: user.lastSeenAt },
    );
  }

  private async changed(transitions: PresenceTransition[]): Promise<void> {
    const cameOnline = transitions.filter((transition) => transition.online);
    for (const { userId } of cameOnline) this.emit({ userId, online: true, lastSeenAt: null });
    const wentOffline = transitions.filter((transition) => !transition.online).map((t) => t.userId);
    if (wentOffline.length === 0) return;
    const at = new Date();
    try {
      await this.users.update({ id: In(wentOffline) }, { lastSeenAt: at });
    } catch (error) {
      // At shutdown the database may close before the last sockets do.
      if (isDatabaseUnavailable(error))
        this.logger.event('warn', 'presence update skipped: database unavailable');
      else this.logger.errorEvent('presence update failed', error);
      return;
    }
    for (const userId of wentOffline) this.emit({ userId, online: false, lastSeenAt: at });
  }

  private emit(event: PresenceChangedEvent): void {
    this.events.emit(PRESENCE_CHANGED, event);
  }
}
