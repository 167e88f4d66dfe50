// "A frame delivered on /chats counts as read" (API.md §2): moves a reader's marker to the seq of what a
// `/chats` connection was sent. A burst of frames costs one UPDATE in flight per (user, room) at a time:
// while one runs, later seqs only raise the target of the next.
import { Inject, Injectable } from '@nestjs/common';
import { JsonLogger } from '../common/logging/json-logger.js';
import type { ChatCaller } from './chat-caller.js';
import { ReadMarkerService } from './read-marker.service.js';

interface PendingMark {
  caller: ChatCaller;
  roomId: string;
  /** The highest seq delivered so far. */
  seq: number;
}

@Injectable()
export class DeliveredReads {
  private readonly pending = new Map<string, PendingMark>();

  constructor(
    @Inject(ReadMarkerService) private readonly readMarkers: ReadMarkerService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** Moves the marker soon, coalesced with other deliveries to the same reader and room. */
  delivered(caller: ChatCaller, roomId: string, seq: number): void {
    const key = `${caller.userId}|${roomId}`;
    const entry = this.pending.get(key);
    if (entry) {
      entry.seq = Math.max(entry.seq, seq);
      return;
    }
    this.pending.set(key, { caller, roomId, seq });
    void this.drain(key);
  }

  private async drain(key: string): Promise<void> {
    let marked = 0;
    for (;;) {
      const entry = this.pending.get(key);
      if (!entry || entry.seq <= marked) {
        this.pending.delete(key);
        return;
      }
      const target = entry.seq;
      try {
        await this.readMarkers.markRead(entry.caller, entry.roomId, target);
      } catch (error) {
        // The frame went out; a marker left behind only means it comes again on the next connection.
        this.logger.errorEvent('flash read marker not moved', error, { room_id: entry.roomId });
      }
      marked = target;
    }
  }
}
