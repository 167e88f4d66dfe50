// FANOUT=redis: every instance publishes on one Redis pub/sub channel (through the shared command
// connection; events published while a pipeline is in flight go together in the next one) and listens on it with a dedicated
// subscriber connection. ioredis reconnects both with backoff and resubscribes; while either is down
// the instance serves its own sockets only.
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { JsonLogger } from '../common/logging/json-logger.js';
import type { FanoutMeters } from '../metrics/index.js';
import type { RedisConnections } from '../redis/redis-connections.js';
import { EngineFanout } from './engine-fanout.js';
import { PublishBatcher } from './publish-batcher.js';

export const REDIS_FANOUT_CHANNEL = 'p-chat:fanout';

export class RedisFanout extends EngineFanout implements OnModuleInit, OnApplicationShutdown {
  private publisher: Redis | undefined;
  private subscriber: Redis | undefined;
  private subscribed = false;
  private readonly outbound = new PublishBatcher((payloads) => this.publishAll(payloads));

  constructor(
    private readonly connections: RedisConnections,
    logger: JsonLogger,
    meters?: FanoutMeters,
  ) {
    super('redis', logger, meters);
  }

  onModuleInit(): void {
    const publisher = this.connections.commands();
    const subscriber = this.connections.subscriber();
    this.publisher = publisher;
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, payload: string) => this.receive(payload));
    const refresh = (): void => this.refreshHealth();
    for (const connection of [publisher, subscriber]) {
      for (const state of ['ready', 'close', 'end', 'reconnecting']) connection.on(state, refresh);
    }
    subscriber.on('ready', () => {
      // After a reconnect ioredis resubscribes by itself; the first SUBSCRIBE is ours.
      this.subscribed = true;
      this.refreshHealth();
    });
    subscriber.subscribe(REDIS_FANOUT_CHANNEL).then(
      () => {
        this.subscribed = true;
        this.refreshHealth();
      },
      (error: unknown) => this.logger.event('warn', 'redis subscribe failed', { error: String(error) }),
    );
  }

  protected send(payload: string): Promise<void> {
    return this.outbound.push(payload);
  }

  private async publishAll(payloads: string[]): Promise<void> {
    if (!this.publisher) return;
    const pipeline = this.publisher.pipeline();
    for (const payload of payloads) pipeline.publish(REDIS_FANOUT_CHANNEL, payload);
    const results = (await pipeline.exec()) ?? [];
    const error = results.find(([failed]) => failed)?.[0];
    if (error) throw error instanceof Error ? error : new Error(String(error));
  }

  onApplicationShutdown(): void {
    this.closeSequencer();
    this.setHealthy(false);
  }

  private refreshHealth(): void {
    this.setHealthy(
      this.subscribed && this.publisher?.status === 'ready' && this.subscriber?.status === 'ready',
    );
  }
}
