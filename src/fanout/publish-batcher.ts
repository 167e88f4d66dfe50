// Engine publishing in batches. Postgres: one NOTIFY statement per event is one server round trip and
// one transaction each, taken one at a time on the publishing connection, so a burst (a user coming
// online announces presence to every peer: hundreds of events) queued for seconds behind itself.
// Redis: ioredis writes every command to the socket as it is issued, one system call per event.
// This sends the first event at once (no added latency when idle) and, while that is in flight,
// gathers the next events into one batch sent when it returns: same order, far fewer round trips.
//
// A batch never holds two identical payloads (PostgreSQL delivers a repeated payload of one
// transaction only once; for Redis the rule only splits a batch), and a payload marked `alone`
// (Postgres: too large for NOTIFY, sent by reference) goes in a batch of its own.

/** Hands a batch of encoded events to the engine; rejects when the engine did not take them. */
export type SendBatch = (payloads: string[]) => Promise<void>;

/** One published event waiting for its batch, with the caller's promise to settle. */
export interface PendingPublish {
  payload: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class PublishBatcher {
  private readonly queue: PendingPublish[] = [];
  private sending = false;

  constructor(
    private readonly sendBatch: SendBatch,
    /** True for a payload that must be sent in a statement of its own. */
    private readonly alone: (payload: string) => boolean = () => false,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once the statement carrying this payload succeeded; rejects with its error. */
  push(payload: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ payload, resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      for (let batch = this.takeBatch(); batch.length > 0; batch = this.takeBatch()) {
        try {
          await this.sendBatch(batch.map((pending) => pending.payload));
          for (const pending of batch) pending.resolve();
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /** Takes the longest allowed prefix of the queue (spliced once: a burst can queue thousands). */
  private takeBatch(): PendingPublish[] {
    const payloads = new Set<string>();
    let count = 0;
    while (count < this.queue.length && count < this.maxBatch) {
      const payload = this.queue[count].payload;
      const solo = this.alone(payload);
      if (count > 0 && (solo || payloads.has(payload))) break;
      payloads.add(payload);
      count += 1;
      if (solo) break;
    }
    return this.queue.splice(0, count);
  }
}
