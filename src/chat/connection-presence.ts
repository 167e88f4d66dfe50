import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { isDatabaseUnavailable } from '../common/errors/database-errors.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import type { RealtimeConnection } from '../realtime/connection.js';
import { PRESENCE_CHANGED, type PresenceChangedEvent } from '../users/presence-events.js';
import { OnDomainEvent } from '../common/events/domain-events.js';
import { PresenceService } from '../users/presence.service.js';
import { PresenceAnnouncer } from './presence-announcer.js';

/**
 * Presence from open connections (any protocol): every connection is counted, and each change of a
 * user's global state (decided once across instances by PresenceService) is announced to the users
 * who share a room with them.
 */
@Injectable()
export class ConnectionPresence implements BeforeApplicationShutdown {
  /** Sockets close after this (with 1001) while the database pool is ending: best effort then. */
  private stopping = false;

  constructor(
    @Inject(PresenceService) private readonly presence: PresenceService,
    @Inject(PresenceAnnouncer) private readonly announcer: PresenceAnnouncer,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  @OnDomainEvent('realtime.connection.opened')
  opened(connection: RealtimeConnection): void {
    this.presence
      .connected(connection.userId)
      .catch((error: unknown) => this.failed('presence count', error));
  }

  @OnDomainEvent('realtime.connection.closed')
  closed(connection: RealtimeConnection): void {
    this.presence
      .disconnected(connection.userId)
      .catch((error: unknown) => this.failed('presence count', error));
  }

  @OnDomainEvent(PRESENCE_CHANGED)
  onPresenceChanged(event: PresenceChangedEvent): void {
    this.announcer
      .announce(event.userId, { online: event.online, lastSeenAt: event.lastSeenAt })
      .catch((error: unknown) => this.failed('presence announcement', error));
  }

  private failed(what: string, error: unknown): void {
    // At shutdown the database may close before the last sockets do: not an application error.
    if (this.stopping || isDatabaseUnavailable(error))
      this.logger.event('warn', `${what} skipped: database unavailable`);
    else this.logger.errorEvent(`${what} failed`, error);
  }
}
