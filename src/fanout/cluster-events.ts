// The typed face of FANOUT: events that cross instances, by name → payload. Each module declares the
// events it publishes by augmenting `ClusterEventMap`, and listens with `on(name, handler)` — no
// consumer sniffs event names, and a typo does not compile:
//
//   declare module '../fanout/cluster-events.js' {
//     interface ClusterEventMap { 'session.revoked': Record<string, never> }
//   }
//
// Payloads cross the wire as JSON: declare them with JSON types (ISO strings, not Dates).
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JsonLogger } from '../common/logging/json-logger.js';
import { FANOUT, type Fanout, type FanoutTopic } from './fanout.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface ClusterEventMap {}

export type ClusterEventName = Extract<keyof ClusterEventMap, string>;

export type ClusterEventHandler<K extends ClusterEventName> = (
  data: ClusterEventMap[K],
  topic: FanoutTopic,
) => void;

export interface PublishOptions {
  /** The event's position in its room's ordered stream (a message's seq): receivers keep that order. */
  seq?: number;
}

@Injectable()
export class ClusterEvents implements OnModuleInit {
  private readonly handlers = new Map<string, ((data: unknown, topic: FanoutTopic) => void)[]>();

  constructor(
    @Inject(FANOUT) private readonly fanout: Fanout,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.fanout.subscribe((event) => {
      for (const handler of this.handlers.get(event.event) ?? []) handler(event.data, event.topic);
    });
  }

  on<K extends ClusterEventName>(event: K, handler: ClusterEventHandler<K>): void {
    const list = this.handlers.get(event) ?? [];
    list.push(handler as (data: unknown, topic: FanoutTopic) => void);
    this.handlers.set(event, list);
  }

  /**
   * After the engine comes back from an outage: events published meanwhile were lost, so whatever
   * was derived from them (caches, revocations) must be re-checked.
   */
  onRecovered(handler: () => void): void {
    this.fanout.onRecovered(handler);
  }

  /** Delivers on every instance, this one at once. Resolves once handed to the engine. */
  publish<K extends ClusterEventName>(
    topic: FanoutTopic,
    event: K,
    data: ClusterEventMap[K],
    options: PublishOptions = {},
  ): Promise<void> {
    return this.fanout.publish(
      options.seq === undefined ? { topic, event, data } : { topic, event, data, seq: options.seq },
    );
  }

  /**
   * `publish` for live notices: best effort (clients recover what they miss with `resume`), so a
   * fan-out failure is logged and never fails the write that caused it.
   */
  announce<K extends ClusterEventName>(
    topic: FanoutTopic,
    event: K,
    data: ClusterEventMap[K],
    options?: PublishOptions,
  ): void {
    this.publish(topic, event, data, options).catch((error: unknown) => {
      this.logger.errorEvent('fanout publish failed', error, { event });
    });
  }
}
