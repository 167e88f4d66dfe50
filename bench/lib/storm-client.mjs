// A /ws client of the storm scenarios that survives a server restart the way API.md §8 describes the
// SDK's realtime connection: it reconnects with capped exponential backoff and full jitter (the SDK's own
// `backoffDelay`), resumes with the last contiguous seq per room and the last cursor, and a sender
// re-sends its unacknowledged `message.send` frames with their client_id once resumed. Every `message`
// frame is counted as it arrives (before any deduplication), so the scenario can tell lost from doubled.
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { backoffDelay } from '@p-chat/client';

/** Reconnect ceilings: the SDK's formula, capped at 4 s so a storm of a few seconds' outage fits 15 s. */
export const STORM_BACKOFF = { initialMs: 250, maxMs: 4000, minMs: 50 };

export class ResumingClient {
  /**
   * `rooms`: the room ids the user belongs to (resumed from seq 0 on the first connection).
   * `onAck(ack, client)`: a `message.ack` arrived.
   */
  constructor(url, user, rooms, { backoff = STORM_BACKOFF, onAck = () => {} } = {}) {
    this.url = url;
    this.user = user;
    this.backoff = backoff;
    this.onAck = onAck;
    /** room id → highest seq below which every seq was seen. */
    this.contiguous = new Map(rooms.map((room) => [room, 0]));
    /** room id → seqs seen above the contiguous one. */
    this.ahead = new Map(rooms.map((room) => [room, new Set()]));
    /** `${room}:${seq}` → how many `message` frames carried it, over every connection. */
    this.copies = new Map();
    /** `${room}:${client_id}` → the seqs it was delivered under (more than one: stored twice). */
    this.seqsOfClientId = new Map();
    this.cursor = undefined;
    this.attempt = 0;
    this.stopped = false;
    this.socket = undefined;
    this.state = 'idle';
    this.outbox = new Map(); // client_id → frame, until acked
    this.errors = [];
    this.closes = [];
    // Figures of the last (re)connection.
    this.dialedAt = 0;
    this.connectMs = NaN;
    this.resumeSentAt = 0;
    this.resumeMs = NaN;
    this.resumedAt = 0;
    this.refusals = 0;
    this.refusalStatuses = [];
  }

  start() {
    this.dial();
    return this;
  }

  /** Resolves once the client is resumed (`resume.done` after its latest connection). */
  resumed() {
    if (this.state === 'open') return Promise.resolve();
    return new Promise((resolve) => (this.waiter = resolve));
  }

  dial() {
    if (this.stopped) return;
    this.state = 'connecting';
    this.dialedAt = performance.now();
    const socket = new WebSocket(this.url);
    this.socket = socket;
    let opened = false;
    socket.on('open', () => {
      opened = true;
      this.connectMs = performance.now() - this.dialedAt;
      this.state = 'resuming';
      this.resumeSentAt = performance.now();
      socket.send(this.resumeFrame());
    });
    socket.on('message', (raw) => this.frame(JSON.parse(raw.toString())));
    socket.on('unexpected-response', (_request, response) => {
      this.refusals += 1;
      this.refusalStatuses.push(response.statusCode);
      response.resume();
      socket.terminate();
    });
    socket.on('error', () => {});
    socket.on('close', (code) => {
      if (this.socket !== socket) return;
      if (opened) this.closes.push(code);
      this.state = 'closed';
      if (this.stopped) return;
      const delay = backoffDelay(this.attempt, this.backoff);
      this.attempt += 1;
      this.timer = setTimeout(() => this.dial(), delay);
    });
  }

  resumeFrame() {
    const rooms = Object.fromEntries(this.contiguous);
    return JSON.stringify({ event: 'resume', data: this.cursor ? { rooms, since: this.cursor } : { rooms } });
  }

  frame(frame) {
    const data = frame.data;
    switch (frame.event) {
      case 'message':
        this.received(data);
        break;
      case 'message.ack':
        this.outbox.delete(data.client_id);
        this.onAck(data, this);
        break;
      case 'resume.done':
        this.cursor = data.cursor;
        this.resumeMs = performance.now() - this.resumeSentAt;
        this.resumedAt = performance.now();
        this.attempt = 0;
        this.state = 'open';
        for (const pending of this.outbox.values()) this.socket.send(pending);
        this.waiter?.();
        this.waiter = undefined;
        break;
      case 'error':
        this.errors.push(data);
        // A resume refused (rate limit, database not reachable yet) is asked again, as the SDK does.
        if (data.ref === 'resume' && this.state === 'resuming') {
          const socket = this.socket;
          const wait = data.details?.retry_after_ms ?? backoffDelay(this.attempt++, this.backoff);
          this.timer = setTimeout(() => {
            if (this.socket !== socket || socket.readyState !== WebSocket.OPEN) return;
            this.resumeSentAt = performance.now();
            socket.send(this.resumeFrame());
          }, wait);
        }
        break;
      default:
    }
  }

  received(message) {
    const key = `${message.room_id}:${message.seq}`;
    this.copies.set(key, (this.copies.get(key) ?? 0) + 1);
    if (message.client_id) {
      const byId = `${message.room_id}:${message.client_id}`;
      const seqs = this.seqsOfClientId.get(byId) ?? new Set();
      seqs.add(message.seq);
      this.seqsOfClientId.set(byId, seqs);
    }
    const ahead = this.ahead.get(message.room_id);
    if (!ahead) return;
    let last = this.contiguous.get(message.room_id);
    if (message.seq <= last) return;
    ahead.add(message.seq);
    while (ahead.delete(last + 1)) last += 1;
    this.contiguous.set(message.room_id, last);
  }

  /** Sends a message now if resumed; it stays in the outbox (re-sent after a reconnect) until acked. */
  send(roomId, body, clientId) {
    if (this.state !== 'open') return false;
    const frame = JSON.stringify({
      event: 'message.send',
      data: { room_id: roomId, body, client_id: clientId },
    });
    this.outbox.set(clientId, frame);
    this.socket.send(frame);
    return true;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', resolve);
      socket.terminate();
    });
  }
}
