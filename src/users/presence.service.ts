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

/** Users per `last_seen_at` update (a bound on the statement's parameter list). */
const MAX_BATCH = 1000;

/**
 * A user is online while any connection is open on any instance (counted by the PRESENCE_TRACKER of
 * the FANOUT mode). When they go offline everywhere `last_seen_at` is stored, then PRESENCE_CHANGED
 * is emitted. Transitions are handled in batches, one at a time and in the order reported: the
 * transitions reported while a batch is stored form the next one, stored with ONE update (a restart
 * closing 5 000 sockets made 5 000 single-row updates), and a user's online event never overtakes
 * the offline one before it (it did while that one's update was in flight).
 */
@Injectable()
export class PresenceService implements OnModuleInit {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(PRESENCE_TRACKER) private readonly tracker: PresenceTracker,
    @Inject(DomainEvents) private readonly events: DomainEvents,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** Reported, not yet handled: the next batch. */
  private pending: PresenceTransition[] = [];
  private handling: Promise<void> | undefined;

  onModuleInit(): void {
    this.tracker.onTransition((transitions) => this.queue(transitions));
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

  /** Resolves once every transition reported so far has been handled. */
  async settled(): Promise<void> {
    while (this.handling) await this.handling;
  }

  private queue(transitions: PresenceTransition[]): void {
    this.pending.push(...transitions);
    this.handling ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      // A microtask first, so the transitions of one turn (a burst of closes) make one batch.
      await Promise.resolve();
      while (this.pending.length > 0) await this.handle(this.pending.splice(0, MAX_BATCH));
    } finally {
      // In the same step as the last empty check: a transition queued later starts a new drain
      // (reset in a `.finally` callback, one queued in between would wait for the next report).
      this.handling = undefined;
    }
  }

  private async handle(batch: PresenceTransition[]): Promise<void> {
    const wentOffline = [...new Set(batch.filter((t) => !t.online).map((t) => t.userId))];
    const at = new Date();
    let stored = true;
    if (wentOffline.length > 0) {
      try {
        await this.users.update({ id: In(wentOffline) }, { lastSeenAt: at });
      } catch (error) {
        stored = false;
        // At shutdown the database may close before the last sockets do.
        if (isDatabaseUnavailable(error))
          this.logger.event('warn', 'presence update skipped: database unavailable');
        else this.logger.errorEvent('presence update failed', error);
      }
    }
    for (const { userId, online } of batch) {
      if (online) this.emit({ userId, online: true, lastSeenAt: null });
      else if (stored) this.emit({ userId, online: false, lastSeenAt: at });
    }
  }

  private emit(event: PresenceChangedEvent): void {
    this.events.emit(PRESENCE_CHANGED, event);
  }
}
