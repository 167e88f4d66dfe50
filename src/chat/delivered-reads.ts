// "A frame delivered on /chats counts as read" (API.md §2): moves a reader's marker to the seq of what a
// `/chats` connection was sent. Deliveries are coalesced per (user, room) to their highest seq, and
// every reader's pending mark goes out in ONE statement (ReadMarkerService.markReadMany): while it
// runs, later deliveries only gather the targets of the next one, so there is at most one UPDATE in
// flight for all readers, not one per reader and room.
import { Inject, Injectable } from '@nestjs/common';
import { JsonLogger } from '../common/logging/json-logger.js';
import type { ChatCaller } from './chat-caller.js';
import { ReadMarkerService, type ReadMark } from './read-marker.service.js';

@Injectable()
export class DeliveredReads {
  /** The highest seq delivered per `userId|roomId` since the last statement was taken. */
  private pending = new Map<string, ReadMark>();
  private draining = false;

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
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.size > 0) {
        const marks = [...this.pending.values()];
        this.pending = new Map();
        try {
          const errors = await this.readMarkers.markReadMany(marks);
          errors.forEach((error, index) => {
            if (error) this.notMoved(error, marks[index].roomId);
          });
        } catch (error) {
          // The frames went out; a marker left behind only means it comes again on the next connection.
          for (const mark of marks) this.notMoved(error, mark.roomId);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private notMoved(error: unknown, roomId: string): void {
    this.logger.errorEvent('flash read marker not moved', error, { room_id: roomId });
  }
}
