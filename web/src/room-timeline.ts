// One room's messages as the page knows them: stored ones by seq (history pages and live ones merged,
// each seq once) and the caller's sends still waiting for their ack.
import type { ChatMessage, Message, PChatClient } from '../../client/src/index.js';

export const PAGE_SIZE = 50;

export interface PendingSend {
  clientId: string;
  body: string;
  failed: string | null;
}

export class RoomTimeline {
  private readonly bySeq = new Map<number, ChatMessage>();
  readonly pending: PendingSend[] = [];
  /** False once history reached seq 1 (or the room is empty). */
  hasOlder = true;
  loaded = false;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly roomId: string,
    private readonly client: PChatClient,
  ) {}

  get messages(): ChatMessage[] {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  get newestSeq(): number {
    let newest = 0;
    for (const seq of this.bySeq.keys()) newest = Math.max(newest, seq);
    return newest;
  }

  private get oldestSeq(): number | null {
    let oldest: number | null = null;
    for (const seq of this.bySeq.keys()) oldest = oldest === null ? seq : Math.min(oldest, seq);
    return oldest;
  }

  /** A stored message (history, live, resumed or edited): replaces the copy with the same seq. */
  put(message: ChatMessage | Message): void {
    this.bySeq.set(message.seq, message);
    const index = this.pending.findIndex((send) => send.clientId === message.client_id);
    if (index !== -1) this.pending.splice(index, 1);
  }

  get(messageId: string): ChatMessage | undefined {
    for (const message of this.bySeq.values()) if (message.id === messageId) return message;
    return undefined;
  }

  /** The newest page, merged with whatever arrived live before the room was opened. */
  loadNewest(): Promise<void> {
    return this.once(async () => {
      const page = await this.client.rooms.history(this.roomId, { limit: PAGE_SIZE });
      page.forEach((message) => this.put(message));
      this.hasOlder = page.length === PAGE_SIZE && (this.oldestSeq ?? 1) > 1;
      this.loaded = true;
    });
  }

  /** The page before the oldest loaded message (keyset by seq: `before=`). */
  loadOlder(): Promise<void> {
    return this.once(async () => {
      const oldest = this.oldestSeq;
      if (!this.hasOlder || oldest === null) return;
      const page = await this.client.rooms.history(this.roomId, { before: oldest, limit: PAGE_SIZE });
      page.forEach((message) => this.put(message));
      this.hasOlder = page.length === PAGE_SIZE && (this.oldestSeq ?? 1) > 1;
    });
  }

  private once(load: () => Promise<void>): Promise<void> {
    this.loading ??= load().finally(() => (this.loading = null));
    return this.loading;
  }

  /** Others' messages after `seq` that still count as unread (API.md §5: not deleted). */
  unreadAfter(seq: number, me: string): number {
    let count = 0;
    for (const message of this.bySeq.values())
      if (message.seq > seq && !message.deleted && message.from.username !== me) count += 1;
    return count;
  }
}
