// Group commit: sends that arrive while a transaction is in flight wait and are stored together in the
// next one, so N concurrent senders cost one COMMIT, not N. Each caller's promise settles only after
// the COMMIT that stored (or found) its message; committed messages are then handed to `onCommitted`
// in commit order, so per-room seq order is kept.
import { isDatabaseUnavailable } from '../common/errors/database-errors.js';
import {
  isDuplicateClientId,
  type MessageWriter,
  type NewMessage,
  type SendOutcome,
} from './message-store.js';

interface Pending {
  item: NewMessage;
  resolve(outcome: SendOutcome): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  maxBatch: number;
  /** Called with the messages created by one commit, in seq order per room, after callers are settled. */
  onCommitted(created: SendOutcome[]): void;
}

/** A retried item can still meet a concurrent writer of the same client_id; give it a second chance. */
const SINGLE_ITEM_ATTEMPTS = 3;

export class GroupCommit {
  private queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly writer: MessageWriter,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: NewMessage): Promise<SendOutcome> {
    return new Promise<SendOutcome>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the sends of the current tick join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves once every submitted item is committed or failed (graceful shutdown), or after `limitMs`. */
  async settled(limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs;
    while ((this.running || this.queue.length > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Items waiting for the next commit (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        await this.commit(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    let results: (SendOutcome | Error)[];
    try {
      results = await this.writer.writeBatch(batch.map((p) => p.item));
    } catch (error) {
      if (isDatabaseUnavailable(error) || (batch.length === 1 && !isDuplicateClientId(error))) {
        results = batch.map(() => asError(error));
      } else {
        // One bad item (or a race with another instance's writer) must not fail its neighbours.
        results = [];
        for (const pending of batch) results.push(await this.writeAlone(pending.item));
      }
    }
    const created: SendOutcome[] = [];
    batch.forEach((pending, index) => {
      const result = results[index];
      if (result instanceof Error) {
        pending.reject(result);
      } else {
        pending.resolve(result);
        if (result.created) created.push(result);
      }
    });
    // After the callers' continuations (an ack goes out before the broadcast of the same message).
    if (created.length > 0) setImmediate(() => this.options.onCommitted(created));
  }

  private async writeAlone(item: NewMessage): Promise<SendOutcome | Error> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const [result] = await this.writer.writeBatch([item]);
        return result;
      } catch (error) {
        if (!isDuplicateClientId(error) || attempt >= SINGLE_ITEM_ATTEMPTS) return asError(error);
      }
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
