import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { isDatabaseUnavailable } from '../common/errors/database-errors.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import type { RealtimeConnection } from '../realtime/connection.js';
import { PresenceService } from '../users/presence.service.js';
import { PresenceAnnouncer } from './presence-announcer.js';

/**
 * Presence from open connections (any protocol): the first connection of a user announces them online,
 * the last one to close stores `last_seen_at` and announces them offline.
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

  opened(connection: RealtimeConnection): void {
    if (!this.presence.connected(connection.userId)) return;
    this.announce(connection.userId, true, null);
  }

  closed(connection: RealtimeConnection): void {
    this.presence
      .disconnected(connection.userId)
      .then((at) => {
        if (at) this.announce(connection.userId, false, at);
      })
      .catch((error: unknown) => {
        // At shutdown the database may close before the last sockets do.
        if (isDatabaseUnavailable(error))
          this.logger.event('warn', 'presence update skipped: database unavailable');
        else this.logger.errorEvent('presence update failed', error);
      });
  }

  private announce(userId: string, online: boolean, lastSeenAt: Date | null): void {
    this.announcer
      .announce(userId, { online, lastSeenAt })
      .catch((error: unknown) => this.failed('presence announcement', error));
  }

  private failed(what: string, error: unknown): void {
    // At shutdown the database may close before the last sockets do: not an application error.
    if (this.stopping || isDatabaseUnavailable(error))
      this.logger.event('warn', `${what} skipped: database unavailable`);
    else this.logger.errorEvent(`${what} failed`, error);
  }
}
