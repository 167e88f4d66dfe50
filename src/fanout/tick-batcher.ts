// Redis fan-out publishing: ioredis writes every command to the socket as it is issued, so a burst
// of events (a commit of many messages, a presence announcement to every peer) cost one write system
// call each. This gathers the events published during one turn of the event loop and hands them over
// together (one pipeline, one write), in publish order. The wait is until the end of the current
// turn (setImmediate), not a timer.

import type { PendingPublish, SendBatch } from './notify-batcher.js';

export class TickBatcher {
  private pending: PendingPublish[] = [];

  constructor(private readonly sendBatch: SendBatch) {}

  /** Resolves once the batch carrying this payload was taken by the engine; rejects with its error. */
  push(payload: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ payload, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    let sent: Promise<void>;
    try {
      sent = this.sendBatch(batch.map((pending) => pending.payload));
    } catch (error) {
      sent = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    sent.then(
      () => batch.forEach((pending) => pending.resolve()),
      (error: unknown) => batch.forEach((pending) => pending.reject(error)),
    );
  }
}
