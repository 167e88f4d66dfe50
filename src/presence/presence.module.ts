import { randomUUID } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../common/logging/json-logger.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { LocalPresenceTracker } from './local-presence-tracker.js';
import { PostgresPresenceStore } from './postgres-presence-store.js';
import { PRESENCE_TRACKER, type PresenceTracker } from './presence-tracker.js';
import { RedisPresenceStore } from './redis-presence-store.js';
import { SharedPresenceTracker } from './shared-presence-tracker.js';

/**
 * Provides PRESENCE_TRACKER on the engine FANOUT names (the same one that carries live events):
 * infrastructure below the users module, which reads presence through the token.
 */
@Global()
@Module({
  providers: [
    {
      provide: PRESENCE_TRACKER,
      inject: [Configuration, JsonLogger, RedisConnections, DataSource],
      useFactory: (
        config: Configuration,
        logger: JsonLogger,
        redis: RedisConnections,
        dataSource: DataSource,
      ): PresenceTracker => {
        const mode = config.of('fanout').mode;
        const timing = config.of('presence');
        // A fresh id per process: a restarted instance never inherits the counts of its previous life.
        const instanceId = randomUUID();
        switch (mode) {
          case 'local':
            return new LocalPresenceTracker();
          case 'redis':
            return new SharedPresenceTracker(
              new RedisPresenceStore(redis.commands(), instanceId),
              timing,
              logger,
            );
          case 'postgres':
            return new SharedPresenceTracker(
              new PostgresPresenceStore(dataSource, instanceId),
              timing,
              logger,
            );
        }
      },
    },
  ],
  exports: [PRESENCE_TRACKER],
})
export class PresenceModule {}
