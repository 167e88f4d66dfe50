// What the Redis and Postgres fan-outs share. Publishing delivers to this instance's own subscribers
// at once (so local sockets keep working while the engine is down) and hands the encoded event to
// the engine for the other instances; the engine's echo of our own events is skipped by instance id,
// so every local connection sees each event exactly once.
import { randomUUID } from 'node:crypto';
import type { JsonLogger } from '../common/logging/json-logger.js';
import { NO_FANOUT_METERS, type FanoutMeters } from '../metrics/index.js';
import type { Fanout, FanoutEvent, FanoutHandler } from './fanout.js';
import { decodeFanoutEvent, encodeFanoutEvent, isEncodedBy } from './fanout-wire.js';
import { RoomMessageSequencer } from './room-message-sequencer.js';

export interface EngineStatus {
  engine: string;
  healthy: boolean;
}

export abstract class EngineFanout implements Fanout {
  readonly instanceId = randomUUID();
  private readonly handlers: FanoutHandler[] = [];
  private readonly recoveryHandlers: (() => void)[] = [];
  /** Set once the engine was first up: the first connection is not a recovery. */
  private everHealthy = false;
  private readonly sequencer = new RoomMessageSequencer((event) => this.deliver(event));
  private healthy = false;
  private droppedSinceHealthy = 0;

  protected constructor(
    protected readonly engine: string,
    protected readonly logger: JsonLogger,
    private readonly meters: FanoutMeters = NO_FANOUT_METERS,
  ) {}

  /** Hands one encoded event to the engine; rejects when the engine cannot take it. */
  protected abstract send(payload: string): Promise<void>;

  publish(event: FanoutEvent): Promise<void> {
    const payload = encodeFanoutEvent(this.instanceId, event);
    this.sequencer.push(event);
    if (!this.healthy) {
      this.countDropped();
      return Promise.resolve();
    }
    return this.send(payload).then(
      () => this.meters.published.inc(),
      (error: unknown) => {
        this.countDropped();
        this.logger.event('warn', 'fanout publish failed', { engine: this.engine, error: String(error) });
      },
    );
  }

  subscribe(handler: FanoutHandler): void {
    this.handlers.push(handler);
  }

  isHealthy(): boolean {
    return this.healthy;
  }

  onRecovered(handler: () => void): void {
    this.recoveryHandlers.push(handler);
  }

  /** A payload from the engine; our own events were already delivered locally when published. */
  protected receive(payload: string): void {
    if (isEncodedBy(payload, this.instanceId)) return;
    const received = decodeFanoutEvent(payload);
    if (!received) {
      this.logger.event('warn', 'fanout payload ignored', { engine: this.engine });
      return;
    }
    if (received.origin === this.instanceId) return;
    this.meters.received.inc();
    if (received.publishedAt !== undefined)
      this.meters.deliveryLag.observe(Math.max(0, Date.now() - received.publishedAt) / 1000);
    this.sequencer.push(received.event);
  }

  protected setHealthy(healthy: boolean): void {
    if (healthy === this.healthy) return;
    this.healthy = healthy;
    if (healthy) {
      this.logger.event('info', 'fanout engine up', {
        engine: this.engine,
        dropped_while_down: this.droppedSinceHealthy,
      });
      this.droppedSinceHealthy = 0;
      if (this.everHealthy) this.recovered();
      this.everHealthy = true;
    } else {
      this.logger.event('warn', 'fanout engine down; serving local sockets only', { engine: this.engine });
    }
  }

  protected closeSequencer(): void {
    this.sequencer.close();
  }

  private recovered(): void {
    for (const handler of this.recoveryHandlers) {
      try {
        handler();
      } catch (error) {
        this.logger.errorEvent('fanout recovery handler failed', error, { engine: this.engine });
      }
    }
  }

  private countDropped(): void {
    this.droppedSinceHealthy += 1;
  }

  private deliver(event: FanoutEvent): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        this.logger.errorEvent('fanout handler failed', error, { engine: this.engine, event: event.event });
      }
    }
  }
}

/** Exponential backoff with jitter, capped: 100 ms, 200 ms, … 5 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt, 6), 5000) + Math.floor(Math.random() * 100);
}
