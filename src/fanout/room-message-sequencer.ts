// Several instances publish the messages of one room (events published with a `seq`), so they can reach a subscriber out of seq order
// (instance A commits seq 5, instance B commits seq 6 and B's event arrives first). This puts `message`
// events of each room back in seq order before they reach the local sockets: an event ahead of the
// next expected seq waits up to `gapWaitMs` for the missing ones; after that it is delivered anyway and
// the client, seeing the gap, recovers it with `resume` (a missing seq means an instance died between
// COMMIT and publish, or the engine dropped the event during an outage). An event older than what was
// already delivered is dropped: delivering it would break the order the client relies on.
//
// Where a room's stream starts on this instance is not known from one event: the first `message` seen
// may be seq 16 while another instance's seq 1–15 are still on their way. So a room first seen at a seq
// above 1 waits `startWindowMs` collecting events, then starts at the lowest it has (seq 1 starts at once).
import type { FanoutEvent } from './fanout.js';

interface RoomStream {
  /** Undefined while the stream's start is being collected. */
  nextSeq: number | undefined;
  waiting: Map<number, FanoutEvent>;
  timer: NodeJS.Timeout | undefined;
  lastSeenAt: number;
}

const IDLE_ROOM_MS = 10 * 60_000;

export class RoomMessageSequencer {
  private readonly rooms = new Map<string, RoomStream>();
  private lastSweepAt = Date.now();

  constructor(
    private readonly emit: (event: FanoutEvent) => void,
    private readonly gapWaitMs = 1000,
    private readonly startWindowMs = 200,
  ) {}

  push(event: FanoutEvent): void {
    const position = messagePosition(event);
    if (!position) {
      this.emit(event);
      return;
    }
    this.sweepIdleRooms();
    const room = this.rooms.get(position.roomId);
    if (!room) {
      this.startRoom(position.roomId, position.seq, event);
      return;
    }
    room.lastSeenAt = Date.now();
    if (room.nextSeq === undefined) {
      room.waiting.set(position.seq, event);
      if (position.seq === 1) this.skipGap(position.roomId, room);
      return;
    }
    if (position.seq < room.nextSeq || room.waiting.has(position.seq)) return;
    room.waiting.set(position.seq, event);
    this.release(position.roomId, room);
  }

  private startRoom(roomId: string, seq: number, event: FanoutEvent): void {
    const room: RoomStream = {
      nextSeq: seq === 1 ? 2 : undefined,
      waiting: new Map(),
      timer: undefined,
      lastSeenAt: Date.now(),
    };
    this.rooms.set(roomId, room);
    if (seq === 1) {
      this.emit(event);
      return;
    }
    room.waiting.set(seq, event);
    room.timer = setTimeout(() => this.skipGap(roomId, room), this.startWindowMs);
    room.timer.unref();
  }

  /** Clears the gap timers (shutdown); events still waiting are delivered in order. */
  close(): void {
    for (const [roomId, room] of this.rooms) this.skipGap(roomId, room);
    this.rooms.clear();
  }

  private release(roomId: string, room: RoomStream): void {
    for (let seq = room.nextSeq ?? 0, next = room.waiting.get(seq); next; next = room.waiting.get(seq)) {
      room.waiting.delete(seq);
      seq += 1;
      room.nextSeq = seq;
      this.emit(next);
    }
    if (room.waiting.size === 0) {
      clearTimeout(room.timer);
      room.timer = undefined;
    } else if (!room.timer) {
      room.timer = setTimeout(() => this.skipGap(roomId, room), this.gapWaitMs);
      room.timer.unref();
    }
  }

  private skipGap(roomId: string, room: RoomStream): void {
    clearTimeout(room.timer);
    room.timer = undefined;
    if (room.waiting.size === 0) return;
    room.nextSeq = Math.min(...room.waiting.keys());
    this.release(roomId, room);
  }

  private sweepIdleRooms(): void {
    const now = Date.now();
    if (now - this.lastSweepAt < IDLE_ROOM_MS) return;
    this.lastSweepAt = now;
    for (const [roomId, room] of this.rooms) {
      if (room.waiting.size === 0 && now - room.lastSeenAt > IDLE_ROOM_MS) this.rooms.delete(roomId);
    }
  }
}

/** Only events whose publisher declared a room-stream position are ordered; the rest pass through. */
function messagePosition(event: FanoutEvent): { roomId: string; seq: number } | undefined {
  if (event.seq === undefined || event.topic.kind !== 'room') return undefined;
  return { roomId: event.topic.roomId, seq: event.seq };
}
