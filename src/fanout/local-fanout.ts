import { Injectable } from '@nestjs/common';
import type { Fanout, FanoutEvent, FanoutHandler } from './fanout.js';

/** One instance: publishing calls the subscribers in process, in publish order. */
@Injectable()
export class LocalFanout implements Fanout {
  private readonly handlers: FanoutHandler[] = [];

  publish(event: FanoutEvent): Promise<void> {
    for (const handler of this.handlers) handler(event);
    return Promise.resolve();
  }

  subscribe(handler: FanoutHandler): void {
    this.handlers.push(handler);
  }

  isHealthy(): boolean {
    return true;
  }

  /** One process never misses its own events. */
  onRecovered(): void {}
}
