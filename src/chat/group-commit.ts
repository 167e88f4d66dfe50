// Group commit: sends that arrive while a batch is being written wait and are stored together in the
// next one, so N concurrent senders cost one COMMIT, not N. Up to `maxInFlight` batches are written at
// once so their WAL flushes overlap, but batches in flight never share a room: a room's next batch is
// taken only after its previous one committed. That keeps per-room seq order equal to commit order
// (and to the order `onCommitted` sees), and concurrent batches never wait on each other's room locks.
// Each caller's promise settles only after the COMMIT that stored (or found) its message.
import { isDatabaseUnavailable } from '../common/errors/database-errors.js';
import {
  isDuplicateClientId,
  type CommittedMessage,
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
  /** Batches written concurrently; 1 writes one after another. */
  maxInFlight?: number;
  /** Called with the messages created by one commit, in seq order per room, after callers are settled. */
  onCommitted(created: CommittedMessage[]): void;
}

/** A retried item can still meet a concurrent writer of the same client_id; give it a second chance. */
const SINGLE_ITEM_ATTEMPTS = 3;

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  /** Rooms with a batch being written. */
  private readonly busyRooms = new Set<string>();

  constructor(
    private readonly writer: MessageWriter,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: NewMessage): Promise<SendOutcome> {
    return new Promise<SendOutcome>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Let the sends of the current tick join the next batch.
        setImmediate(() => {
          this.scheduled = false;
          this.takeBatches();
        });
      }
    });
  }

  /** Resolves once every submitted item is committed or failed (graceful shutdown), or after `limitMs`. */
  async settled(limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs;
    while ((this.inFlight > 0 || this.queue.length > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Items waiting for the next commit (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  private takeBatches(): void {
    const maxInFlight = this.options.maxInFlight ?? 1;
    while (this.queue.length > 0 && this.inFlight < maxInFlight) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      const rooms = new Set(batch.map((pending) => pending.item.roomId));
      rooms.forEach((room) => this.busyRooms.add(room));
      this.inFlight += 1;
      void this.commit(batch).finally(() => {
        rooms.forEach((room) => this.busyRooms.delete(room));
        this.inFlight -= 1;
        this.takeBatches();
      });
    }
  }

  /** The oldest items of rooms not being written, up to maxBatch, keeping each room's order. */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const left: Pending[] = [];
    const blocked = new Set(this.busyRooms);
    for (const pending of this.queue) {
      const room = pending.item.roomId;
      if (batch.length < this.options.maxBatch && !blocked.has(room)) batch.push(pending);
      else {
        left.push(pending);
        blocked.add(room); // later items of this room must not overtake this one
      }
    }
    this.queue = left;
    return batch;
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
    const created: CommittedMessage[] = [];
    batch.forEach((pending, index) => {
      const result = results[index];
      if (result instanceof Error) {
        pending.reject(result);
      } else {
        pending.resolve(result);
        const { origin } = pending.item;
        if (result.created) created.push(origin === undefined ? result : { ...result, origin });
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

/** This realm's Error (results are told apart with `instanceof`), keeping a foreign one as `cause`. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error), { cause: error });
}
