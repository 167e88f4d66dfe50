// What `/chats/*` connections are sent (API.md §2): `{from, body, sent_at}` frames of direct messages,
// and on opening the connection's backlog first — what the peer sent after the user's read marker —
// then live ones, none lost or doubled. How the switch is made exactly-once: a connection is registered
// (so live delivery finds it) BEFORE its backlog is read, and live frames for it are held until the
// backlog is out. A message committed before the backlog read is in the backlog; one committed after is
// held (its delivery resolves the room's connections after its commit). Held ones already in the backlog
// are dropped by id, as are later live deliveries of backlog messages (a slow fan-out may bring one
// after the switch). Every frame of the peer sent counts as read: the marker moves to its seq.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JsonLogger } from '../common/logging/json-logger.js';
import { ConnectionRegistry } from '../realtime/connection-registry.js';
import type { RealtimeConnection } from '../realtime/connection.js';
import { CloseCode } from '../realtime/frames.js';
import { DeliveredReads } from './delivered-reads.js';
import { toMessageResponse, type MessageResponse } from './dto/message.response.js';
import { flashBacklog } from './message-queries.js';
import { ReadMarkerService } from './read-marker.service.js';

/** API.md §2: at most the newest 500 of the backlog. */
export const FLASH_BACKLOG_LIMIT = 500;
/** Live frames held for one connection while its backlog is read; past it the connection is closed. */
const MAX_HELD = 2000;

/** The flash frame of a direct message on `/chats/*` (API.md §2): exactly these keys. */
export function flashFrame(message: MessageResponse): string {
  return JSON.stringify({
    from: message.from.username,
    body: message.body,
    sent_at: Math.floor(Date.parse(message.sent_at) / 1000),
  });
}

interface HeldFrame {
  message: MessageResponse;
  frame: string;
}

/** Backlog not yet sent: live frames wait. */
interface Opening {
  phase: 'opening';
  held: HeldFrame[];
}

/** Backlog sent: live frames go out, except late live copies of backlog messages. */
interface Live {
  phase: 'live';
  backlogRoom: string;
  /** Ids of the backlog's messages, until a live message of that room past them shows none can follow. */
  backlogIds: Set<string> | undefined;
  backlogMaxSeq: number;
}

@Injectable()
export class FlashDelivery {
  private readonly states = new WeakMap<RealtimeConnection, Opening | Live>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ConnectionRegistry) private readonly registry: ConnectionRegistry,
    @Inject(ReadMarkerService) private readonly readMarkers: ReadMarkerService,
    @Inject(DeliveredReads) private readonly reads: DeliveredReads,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** A live direct message for a `/chats/*` connection (`frame` is `flashFrame(message)`). */
  deliver(connection: RealtimeConnection, message: MessageResponse, frame: string): void {
    const state = this.stateOf(connection);
    if (state.phase === 'opening') {
      state.held.push({ message, frame });
      if (state.held.length > MAX_HELD)
        this.registry.close(connection, CloseCode.slowConsumer, 'slow consumer');
      return;
    }
    if (state.backlogIds && message.room_id === state.backlogRoom) {
      if (state.backlogIds.has(message.id)) return;
      // Deliveries of a room arrive in seq order: nothing older than this one can come any more.
      if (message.seq > state.backlogMaxSeq) state.backlogIds = undefined;
    }
    this.send(connection, message, frame);
  }

  /**
   * Called once a `/chats/:peer` connection is registered: sends the backlog of `roomId` (the pair's
   * direct room) oldest first, having moved the read marker past it, then the frames held meanwhile.
   * If the backlog cannot be read the connection is closed (1011): going live without it would move the
   * marker past messages never sent.
   */
  async open(connection: RealtimeConnection, roomId: string): Promise<void> {
    this.stateOf(connection);
    let backlog: MessageResponse[];
    try {
      const views = await flashBacklog(
        this.dataSource.manager,
        roomId,
        connection.userId,
        FLASH_BACKLOG_LIMIT,
      );
      backlog = views.map(toMessageResponse);
      const last = backlog.at(-1);
      // Before the frames go out, so a connection opened after this one drained finds nothing old.
      if (last && connection.isOpen) await this.readMarkers.markRead(connection.user, roomId, last.seq);
    } catch (error) {
      this.logger.errorEvent('flash backlog failed', error, { room_id: roomId, connection: connection.id });
      this.registry.close(connection, CloseCode.internalError, 'backlog unavailable');
      return;
    }
    const state = this.stateOf(connection);
    if (state.phase === 'live') return;
    const backlogIds = new Set(backlog.map((message) => message.id));
    const held = state.held.filter(({ message }) => !backlogIds.has(message.id));
    this.states.set(connection, {
      phase: 'live',
      backlogRoom: roomId,
      backlogIds: backlogIds.size > 0 ? backlogIds : undefined,
      backlogMaxSeq: backlog.at(-1)?.seq ?? 0,
    });
    const backlogFrames = backlog.map((message) => ({ message, frame: flashFrame(message) }));
    for (const { message, frame } of inRoomOrder([...backlogFrames, ...held], roomId)) {
      // The backlog's marker already moved; held frames move it as live ones do.
      if (backlogIds.has(message.id)) this.registry.send(connection, frame);
      else this.send(connection, message, frame);
    }
  }

  private send(connection: RealtimeConnection, message: MessageResponse, frame: string): void {
    if (!this.registry.send(connection, frame)) return;
    if (message.from.username !== connection.user.username)
      this.reads.delivered(connection.user, message.room_id, message.seq);
  }

  private stateOf(connection: RealtimeConnection): Opening | Live {
    let state = this.states.get(connection);
    if (!state) this.states.set(connection, (state = { phase: 'opening', held: [] }));
    return state;
  }
}

/**
 * Frames in seq order per room, the backlog's room first. Held frames of that room (the user's own from
 * another device, the peer's newer ones) interleave with the backlog by seq; other rooms' (a `/chats/x`
 * connection gets every direct message of the user) keep their arrival order, which is their seq order.
 */
function inRoomOrder(frames: HeldFrame[], firstRoom: string): HeldFrame[] {
  const byRoom = new Map<string, HeldFrame[]>([[firstRoom, []]]);
  for (const item of frames) {
    const list = byRoom.get(item.message.room_id);
    if (list) list.push(item);
    else byRoom.set(item.message.room_id, [item]);
  }
  return [...byRoom.values()].flatMap((list) => list.sort((a, b) => a.message.seq - b.message.seq));
}
