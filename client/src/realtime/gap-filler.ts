// Fills a room's hole over REST history (`GET /rooms/:id/messages?after=N`), page by page, feeding each
// message through the sequencer like a live one. One fill per room at a time; a failed page is retried
// with backoff while the room still needs it.
import { backoffDelay } from './backoff.js';
import type { RoomSequencer } from './room-sequencer.js';
import type { ChatMessage } from './ws-protocol.js';

/** `after`-paged history, oldest first (the SDK passes `client.rooms.history`). */
export type HistoryPage = (roomId: string, after: number, limit: number) => Promise<ChatMessage[]>;

export const HISTORY_PAGE_SIZE = 200;
/** Bound on one fill (200 000 messages); the next resume goes on from wherever it stopped. */
const MAX_PAGES = 1000;
const MAX_RETRIES = 8;

export class GapFiller {
  private readonly filling = new Set<string>();
  /** Rooms resume reported as truncated: page until history ends, not just until the hole closes. */
  private readonly toEnd = new Set<string>();
  private readonly retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(
    private readonly sequencer: RoomSequencer,
    private readonly page: HistoryPage,
    /** Messages the sequencer released, in order, for the app. */
    private readonly delivered: (messages: ChatMessage[]) => void,
    private readonly failed: (roomId: string, error: unknown) => void,
  ) {}

  fillToEnd(roomId: string): void {
    this.toEnd.add(roomId);
    this.fill(roomId);
  }

  fill(roomId: string, retry = 0): void {
    if (this.stopped || this.filling.has(roomId)) return;
    this.filling.add(roomId);
    void this.run(roomId)
      .then(() => this.retryTimers.delete(roomId))
      .catch((error: unknown) => {
        if (retry >= MAX_RETRIES) return this.failed(roomId, error);
        const timer = setTimeout(
          () => this.fill(roomId, retry + 1),
          backoffDelay(retry, { initialMs: 500, maxMs: 10_000 }),
        );
        this.retryTimers.set(roomId, timer);
      })
      .finally(() => this.filling.delete(roomId));
  }

  forget(roomId: string): void {
    this.toEnd.delete(roomId);
    const timer = this.retryTimers.get(roomId);
    if (timer !== undefined) clearTimeout(timer);
    this.retryTimers.delete(roomId);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
  }

  private needed(roomId: string): boolean {
    return this.sequencer.has(roomId) && (this.toEnd.has(roomId) || this.sequencer.hasGap(roomId));
  }

  private async run(roomId: string): Promise<void> {
    for (let pages = 0; pages < MAX_PAGES && !this.stopped && this.needed(roomId); pages += 1) {
      const after = this.sequencer.lastSeq(roomId);
      if (after === null) return;
      const messages = await this.page(roomId, after, HISTORY_PAGE_SIZE);
      for (const message of messages) this.delivered(this.sequencer.accept(message).deliver);
      const moved = (this.sequencer.lastSeq(roomId) ?? after) > after;
      if (messages.length < HISTORY_PAGE_SIZE) this.toEnd.delete(roomId);
      // History has nothing after `after` although later seqs were seen: never hold them forever.
      if (!moved && this.sequencer.hasGap(roomId)) {
        this.delivered(this.sequencer.skipGap(roomId));
      }
      if (!moved) return;
    }
  }
}
