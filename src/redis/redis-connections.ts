// The Redis connections of this instance, when REDIS_URL is set: one for commands (publishing fan-out
// events, rate-limit counters) and, for FANOUT=redis, one subscriber the fan-out asks for. Commands
// fail fast while Redis is away (no offline queue, short timeouts): nothing waits on a dead Redis.
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { Redis, type RedisOptions } from 'ioredis';
import { JsonLogger } from '../common/logging/json-logger.js';

export const REDIS_COMMAND_TIMEOUT_MS = 2000;

@Injectable()
export class RedisConnections implements OnModuleInit, OnApplicationShutdown {
  readonly url: string | undefined;
  private commandConnection: Redis | undefined;
  private readonly opened: Redis[] = [];

  constructor(
    @Inject(Configuration) config: Configuration,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    this.url = config.of('fanout').redisUrl;
  }

  get configured(): boolean {
    return this.url !== undefined;
  }

  onModuleInit(): void {
    // Connect at boot so readiness reflects Redis from the first probe.
    if (this.configured) this.commands();
  }

  /** The shared command connection (opened on first use). */
  commands(): Redis {
    this.commandConnection ??= this.open('commands', { enableOfflineQueue: false });
    return this.commandConnection;
  }

  /** A new connection for SUBSCRIBE; it queues its subscriptions until connected and resubscribes after. */
  subscriber(): Redis {
    return this.open('subscriber', { enableOfflineQueue: true, commandTimeout: undefined });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.opened.splice(0).map(async (connection) => {
        try {
          await connection.quit();
        } catch {
          connection.disconnect();
        }
      }),
    );
  }

  private open(role: string, overrides: RedisOptions): Redis {
    if (!this.url) throw new Error('REDIS_URL is not set');
    const connection = new Redis(this.url, {
      connectionName: `p-chat-${role}`,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), 5000),
      maxRetriesPerRequest: 1,
      connectTimeout: 5000,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      ...overrides,
    });
    let reported = false;
    connection.on('error', (error: Error) => {
      if (reported) return;
      reported = true;
      this.logger.event('warn', 'redis connection error', { role, error: error.message });
    });
    connection.on('ready', () => {
      if (reported) this.logger.event('info', 'redis connection back', { role });
      reported = false;
    });
    this.opened.push(connection);
    return connection;
  }
}
