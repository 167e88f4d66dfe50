// One `/ws` connection that survives the network: it reconnects with jittered backoff, resumes with the
// last seq per room (and the server's cursor when it sends one), delivers each room's messages once and
// in seq order (holes filled from REST history), renews its token in-band before expiry, and re-sends
// unacknowledged messages after a reconnect. State changes are events: connecting → resuming → open →
// closed (with the close code, and whether it will reconnect).
import { accessClaims } from '../auth/token-lifetime.js';
import type { StoredTokens } from '../auth/token-store.js';
import { PChatError } from '../errors.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { GapFiller, type HistoryPage } from './gap-filler.js';
import { DEFAULT_HEARTBEAT, Heartbeat, type HeartbeatSettings } from './heartbeat.js';
import { InBandRenewal } from './in-band-renewal.js';
import { newClientId, Outbox } from './outbox.js';
import { RoomSequencer } from './room-sequencer.js';
import { platformWebSocket, OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';
import { TypedEmitter } from './typed-emitter.js';
import {
  clientFrame,
  CloseCode,
  parseServerFrame,
  type ChatMessage,
  type ClientEvent,
  type ClientFrameMap,
  type MessageAck,
  type ResumeDone,
  type ServerEventMap,
  type ServerFrame,
} from './ws-protocol.js';

export type ConnectionState = 'idle' | 'connecting' | 'resuming' | 'open' | 'closed';

export interface ConnectionEvents {
  connecting: { attempt: number };
  /** The socket is open and `resume` was sent; live events already flow. */
  resuming: { rooms: Record<string, number> };
  /** Caught up: every resume answered. */
  open: ResumeDone;
  closed: { code: number; reason: string; willReconnect: boolean; retryInMs: number | null };
  /** A hole that REST history could not fill after several tries (the next resume tries again). */
  'gap.unfilled': { room_id: string; error: unknown };
}

/** Server events (`message` in seq order per room, once) and the connection's own. */
export type RealtimeEvents = ServerEventMap & ConnectionEvents;

/** What the connection needs from the SDK's TokenManager. */
export interface ConnectionTokens {
  accessToken(): Promise<string>;
  renewedAccessToken(rejected: string): Promise<string | null>;
  current(): Promise<StoredTokens | null>;
  onChange(listener: (tokens: StoredTokens | null) => void): () => void;
}

export interface RealtimeOptions {
  /** The server's http(s) URL; the socket goes to its `/ws`. */
  baseUrl: string;
  tokens: ConnectionTokens;
  history: HistoryPage;
  /**
   * `changed_since`-paged changes (the SDK passes `client.rooms.changes`): a room resume truncated gets
   * the edits and deletions beyond the first 500 from here, as `message.updated`.
   */
  changes?: ChangesPage;
  /** Defaults to globalThis.WebSocket; on Node 20 pass `WebSocket` from `ws`. */
  WebSocket?: WebSocketConstructor;
  /** Last seq the app has per room: resume starts there. Other rooms start at their first message. */
  rooms?: Record<string, number>;
  /** A `resume.done` cursor kept from an earlier run. */
  cursor?: string;
  backoff?: BackoffOptions;
  outbox?: { maxSize?: number; maxInFlight?: number; ackTimeoutMs?: number };
  /** Messages held per room while a hole below them is filled (default 1000). */
  maxHeldPerRoom?: number;
  /** App-level ping to find a dead socket the browser does not report (default every 25 s, 10 s to answer). */
  heartbeat?: HeartbeatSettings | false;
}

/** The server accepts at most 1000 rooms per `resume` (ws-frames.dto.ts): larger maps go in chunks. */
const RESUME_MAX_ROOMS = 1000;
/** Bound on one room's change paging after a truncated resume; the next resume goes on from its cursor. */
const MAX_CHANGE_PAGES = 50;

/** One page of a room's changes after a cursor (REST `changed_since`). */
export type ChangesPage = (
  roomId: string,
  cursor: string,
) => Promise<{ messages: ChatMessage[]; cursor: string; has_more: boolean }>;

const emptyResume = (): ResumeDone => ({ truncated_rooms: [], cursor: '', new_rooms: [], gone_rooms: [] });

export class RealtimeConnection extends TypedEmitter<RealtimeEvents> {
  private readonly sequencer: RoomSequencer;
  private readonly outbox: Outbox;
  private readonly gaps: GapFiller;
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly url: string;
  private socket: WebSocketLike | null = null;
  /** Bumped per socket: events of a socket given up on are ignored. */
  private generation = 0;
  private stateValue: ConnectionState = 'idle';
  private attempt = 0;
  private stopped = false;
  /** A 4001 is being handled (its refresh attempt is in flight). */
  private expiring = false;
  private token: string | null = null;
  private me: string | null = null;
  private cursor: string | undefined;
  private resumesPending = 0;
  /** Chunks of the current resume not sent yet (they go one after another), and every chunk's rooms. */
  private resumeQueue: Record<string, number>[] = [];
  private resumeRooms = new Set<string>();
  /** The `since` the current resume sent, and the cursor of its first answer. */
  private resumeSince: string | undefined;
  private firstResumeCursor: string | undefined;
  private resumed: ResumeDone = emptyResume();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly heartbeat: Heartbeat;
  private readonly renewal: InBandRenewal;
  private readonly unsubscribe: () => void;
  private readonly onOnline = (): void => this.reconnectNow();
  /** Browsers keep sockets open across `offline` (Chromium just stalls them): probe instead of waiting. */
  private readonly onOffline = (): void => {
    if (this.socket !== null) this.heartbeat.probe();
  };

  constructor(private readonly options: RealtimeOptions) {
    super();
    const WebSocketImpl = options.WebSocket ?? platformWebSocket();
    if (WebSocketImpl === undefined)
      throw new TypeError('no WebSocket implementation: pass options.WebSocket (e.g. `ws` on Node 20)');
    this.WebSocketImpl = WebSocketImpl;
    this.url = `${options.baseUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/ws`;
    this.sequencer = new RoomSequencer(options.maxHeldPerRoom);
    for (const [roomId, seq] of Object.entries(options.rooms ?? {})) this.sequencer.track(roomId, seq);
    this.cursor = options.cursor;
    this.outbox = new Outbox({ ...options.outbox, transmit: (data) => this.write('message.send', data) });
    this.gaps = new GapFiller(
      this.sequencer,
      options.history,
      (messages) => this.hand(messages),
      (roomId, error) => this.emit('gap.unfilled', { room_id: roomId, error }),
    );
    this.heartbeat = new Heartbeat(
      options.heartbeat ?? DEFAULT_HEARTBEAT,
      () => this.write('ping', {}),
      () => this.dropDeadSocket(),
    );
    this.renewal = new InBandRenewal(
      options.tokens,
      () => this.token,
      (token) => this.sendAuth(token),
    );
    this.unsubscribe = options.tokens.onChange((tokens) => this.tokensChanged(tokens));
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** Unacknowledged sends, oldest first. */
  get pendingSends(): { clientId: string; roomId: string; body: string }[] {
    return this.outbox.pending();
  }

  /** The last seq delivered to the app for a room (null before its first message). */
  lastSeq(roomId: string): number | null {
    return this.sequencer.lastSeq(roomId);
  }

  /**
   * Follows a room from `lastSeq` (the newest seq the app holds): a room joined, created or loaded after
   * connecting is then resumed from there after a reconnect, and a later live message above it that
   * leaves a hole is filled from history. Never moves a room's baseline back.
   */
  track(roomId: string, lastSeq: number): void {
    this.sequencer.track(roomId, lastSeq);
  }

  /** The last `resume.done` cursor (keep it with the seqs to resume a later run). */
  get resumeCursor(): string | undefined {
    return this.cursor;
  }

  connect(): this {
    if (this.stopped)
      throw new PChatError({ status: 0, code: 'CONNECTION_CLOSED', message: 'this connection was closed' });
    if (this.stateValue === 'idle') {
      addNetworkListener('online', this.onOnline);
      addNetworkListener('offline', this.onOffline);
      // After the caller's synchronous `on(...)` calls, so they see `connecting` too.
      this.stateValue = 'connecting';
      queueMicrotask(() => void this.dial());
    }
    return this;
  }

  /** Closes for good: no reconnect; unacknowledged sends reject with CONNECTION_CLOSED. */
  close(code: number = CloseCode.normal, reason = 'client closed'): void {
    if (this.stopped) return;
    const socket = this.socket;
    this.finish(code, reason, 'CONNECTION_CLOSED');
    try {
      socket?.close(code, reason);
    } catch {
      // already closing
    }
  }

  /**
   * Sends a message; resolves with its ack once the server has stored it (exactly once, even across
   * reconnects). Queued while offline; rejects with OUTBOX_FULL past the outbox bound, or with the
   * server's code (NOT_A_MEMBER, MESSAGE_TOO_LONG, …) when it refuses for good.
   */
  send(roomId: string, body: string, options: { clientId?: string } = {}): Promise<MessageAck> {
    if (this.stopped)
      return Promise.reject(
        new PChatError({ status: 0, code: 'CONNECTION_CLOSED', message: 'this connection was closed' }),
      );
    return this.outbox.enqueue(roomId, body, options.clientId ?? newClientId());
  }

  /** Best effort (not stored): false when not connected. */
  typing(roomId: string): boolean {
    return this.write('typing', { room_id: roomId });
  }

  markRead(roomId: string, seq: number): boolean {
    return this.write('read', { room_id: roomId, seq });
  }

  /** Over the socket when connected (false otherwise: use `client.rooms.editMessage`). */
  edit(messageId: string, body: string): boolean {
    return this.write('message.edit', { message_id: messageId, body });
  }

  delete(messageId: string): boolean {
    return this.write('message.delete', { message_id: messageId });
  }

  private setState(state: ConnectionState): void {
    this.stateValue = state;
  }

  private async dial(): Promise<void> {
    this.reconnectTimer = null;
    const generation = ++this.generation;
    this.setState('connecting');
    this.emit('connecting', { attempt: this.attempt });
    let token: string;
    try {
      const stored = await this.options.tokens.current();
      if (stored === null || (stored.refreshToken === null && stored.accessExpiresAt <= Date.now()))
        return this.finish(CloseCode.sessionExpired, 'not signed in', 'NOT_SIGNED_IN');
      token = await this.options.tokens.accessToken();
    } catch (error) {
      if (error instanceof PChatError && error.status === 401)
        return this.finish(CloseCode.sessionExpired, error.message, 'NOT_SIGNED_IN');
      if (generation === this.generation) this.scheduleReconnect(CloseCode.abnormal, 'token refresh failed');
      return;
    }
    if (generation !== this.generation || this.stopped) return;
    this.useToken(token);
    const socket = new this.WebSocketImpl(this.url, ['p-chat', `bearer.${token}`]);
    this.socket = socket;
    socket.onopen = () => {
      if (generation === this.generation) this.opened();
    };
    socket.onmessage = (event) => {
      if (generation === this.generation && typeof event.data === 'string') this.received(event.data);
    };
    socket.onclose = (event) => {
      if (generation === this.generation) void this.socketClosed(event.code, event.reason);
    };
    socket.onerror = () => undefined;
    // A handshake that never ends (a black-holed network) counts as a dead socket too.
    this.heartbeat.seen();
  }

  private opened(): void {
    this.setState('resuming');
    const rooms = this.sequencer.lastSeqs();
    const entries = Object.entries(rooms);
    const chunks: Record<string, number>[] = [];
    for (let i = 0; i < entries.length; i += RESUME_MAX_ROOMS)
      chunks.push(Object.fromEntries(entries.slice(i, i + RESUME_MAX_ROOMS)));
    if (chunks.length === 0) chunks.push({});
    this.resumesPending = chunks.length;
    this.resumeQueue = chunks;
    this.resumeRooms = new Set(Object.keys(rooms));
    this.resumeSince = this.cursor;
    this.firstResumeCursor = undefined;
    this.resumed = emptyResume();
    this.emit('resuming', { rooms });
    this.sendNextResume();
    this.outbox.opened();
    this.heartbeat.seen();
    void this.renewal.schedule();
  }

  /**
   * Chunks go one after another, all with the same `since`: the server's cursors only grow over time, so
   * the first answer's cursor is the lowest, the one that is safe for every chunk's rooms.
   */
  private sendNextResume(): void {
    const chunk = this.resumeQueue.shift();
    if (chunk === undefined) return;
    const since = this.resumeSince;
    this.write('resume', since === undefined ? { rooms: chunk } : { rooms: chunk, since });
  }

  private received(text: string): void {
    this.heartbeat.seen();
    const frame = parseServerFrame(text);
    if (frame === null) return;
    switch (frame.event) {
      case 'message':
        this.hand(this.sequencer.accept(frame.data).deliver);
        if (this.resumesPending === 0 && this.sequencer.hasGap(frame.data.room_id))
          this.gaps.fill(frame.data.room_id);
        return;
      case 'message.ack':
        this.outbox.acked(frame.data);
        return this.emitFrame(frame);
      case 'message.updated':
        this.sequencer.update(frame.data.message);
        return this.emitFrame(frame);
      case 'resume.done':
        return this.resumeDone(frame.data);
      case 'error':
        if (this.outbox.refused(frame.data)) return;
        if (frame.data.ref === 'auth') this.renewal.refused();
        return this.emitFrame(frame);
      case 'room.member_left':
        if (frame.data.username === this.me) this.forgetRoom(frame.data.room_id);
        return this.emitFrame(frame);
      case 'room.deleted':
        this.forgetRoom(frame.data.room_id);
        return this.emitFrame(frame);
      case 'auth.ok':
        void this.renewal.schedule();
        return this.emitFrame(frame);
      case 'pong':
        return;
      case 'typing':
      case 'read':
      case 'presence':
      case 'room.updated':
      case 'room.member_joined':
      case 'room.member_updated':
      case 'session.expired':
      case 'reaction.added':
      case 'reaction.removed':
        return this.emitFrame(frame);
    }
  }

  private emitFrame(frame: ServerFrame): void {
    // The union pairs each event with its data; TypeScript cannot correlate the two through one call.
    this.emit(frame.event, frame.data);
  }

  private hand(messages: ChatMessage[]): void {
    for (const message of messages) this.emit('message', message);
  }

  private forgetRoom(roomId: string): void {
    this.sequencer.forget(roomId);
    this.gaps.forget(roomId);
  }

  private resumeDone(done: ResumeDone): void {
    if (this.resumesPending === 0) return;
    this.resumesPending -= 1;
    this.firstResumeCursor ??= done.cursor;
    const merged = this.resumed;
    merged.truncated_rooms.push(...done.truncated_rooms);
    merged.gone_rooms.push(...done.gone_rooms);
    // A chunk's new_rooms names the rooms of the other chunks too: only rooms in no chunk are new.
    for (const roomId of done.new_rooms)
      if (!this.resumeRooms.has(roomId) && !merged.new_rooms.includes(roomId)) merged.new_rooms.push(roomId);
    if (this.resumesPending > 0) return this.sendNextResume();
    if (this.firstResumeCursor) this.cursor = this.firstResumeCursor;
    merged.cursor = this.cursor ?? '';
    for (const roomId of merged.gone_rooms) this.forgetRoom(roomId);
    this.attempt = 0;
    this.setState('open');
    this.emit('resume.done', merged);
    this.emit('open', merged);
    const since = this.resumeSince;
    for (const roomId of merged.truncated_rooms) {
      this.gaps.fillToEnd(roomId);
      if (since !== undefined) void this.fillChanges(roomId, since);
    }
    for (const roomId of this.sequencer.roomsWithGaps()) this.gaps.fill(roomId);
  }

  /** The edits and deletions a truncated resume left out, from REST, as `message.updated`. */
  private async fillChanges(roomId: string, since: string): Promise<void> {
    const changes = this.options.changes;
    if (changes === undefined) return;
    let cursor = since;
    try {
      for (let page = 0; page < MAX_CHANGE_PAGES && !this.stopped; page += 1) {
        const result = await changes(roomId, cursor);
        for (const message of result.messages) {
          const last = this.sequencer.lastSeq(roomId);
          // Newer messages arrive in order through the gap filler; here only what the app already has.
          if (last === null || message.seq > last) continue;
          this.sequencer.update(message);
          this.emit('message.updated', { message });
        }
        cursor = result.cursor;
        if (!result.has_more) return;
      }
    } catch (error) {
      this.emit('gap.unfilled', { room_id: roomId, error });
    }
  }

  private async socketClosed(code: number, reason: string): Promise<void> {
    this.detach();
    if (this.stopped) return;
    if (code === CloseCode.sessionExpired) {
      // Expired (renewal missed) or revoked: one refresh decides which. A refused one signs out, and
      // that sign-out must not end the connection as a plain 1000 before this reports the 4001.
      this.expiring = true;
      const renewed = await this.options.tokens
        .renewedAccessToken(this.token ?? '')
        .catch(() => null)
        .finally(() => (this.expiring = false));
      if (renewed === null) return this.finish(code, reason || 'session expired', 'SESSION_EXPIRED');
      if (this.stopped) return;
    }
    this.scheduleReconnect(code, reason);
  }

  private scheduleReconnect(code: number, reason: string): void {
    const delay = backoffDelay(this.attempt, this.options.backoff);
    this.attempt += 1;
    this.setState('closed');
    this.emit('closed', { code, reason, willReconnect: true, retryInMs: delay });
    this.reconnectTimer = setTimeout(() => void this.dial(), delay);
  }

  /** The browser says the network is back: skip the rest of the backoff wait. */
  private reconnectNow(): void {
    if (this.reconnectTimer === null || this.stopped) return;
    clearTimeout(this.reconnectTimer);
    void this.dial();
  }

  /** Stops timers and forgets the socket (its later events are ignored). */
  private detach(): void {
    this.generation += 1;
    this.socket = null;
    this.resumesPending = 0;
    this.outbox.lost();
    this.heartbeat.stop();
    this.renewal.stop();
  }

  private finish(code: number, reason: string, errorCode: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.detach();
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    removeNetworkListener('online', this.onOnline);
    removeNetworkListener('offline', this.onOffline);
    this.unsubscribe();
    this.gaps.stop();
    this.outbox.failAll(new PChatError({ status: 0, code: errorCode, message: reason }));
    this.setState('closed');
    this.emit('closed', { code, reason, willReconnect: false, retryInMs: null });
  }

  private write<E extends ClientEvent>(event: E, data: ClientFrameMap[E]): boolean {
    const socket = this.socket;
    if (socket === null || socket.readyState !== OPEN) return false;
    socket.send(clientFrame(event, data));
    return true;
  }

  private useToken(token: string): void {
    this.token = token;
    this.me = accessClaims(token).username ?? this.me;
  }

  private dropDeadSocket(): void {
    const socket = this.socket;
    this.detach();
    try {
      socket?.close(CloseCode.normal, 'no answer to ping');
    } catch {
      // already closing
    }
    if (!this.stopped) this.scheduleReconnect(CloseCode.abnormal, 'no answer to ping');
  }

  /** Someone (this connection, a REST call, another tab) rotated the tokens: move the socket onto them. */
  private tokensChanged(tokens: StoredTokens | null): void {
    if (tokens === null) return this.expiring ? undefined : this.close(CloseCode.normal, 'signed out');
    if (tokens.accessToken !== this.token && this.socket !== null) this.sendAuth(tokens.accessToken);
  }

  private sendAuth(token: string): boolean {
    const sent = this.write('auth', { token });
    if (sent) this.useToken(token);
    return sent;
  }
}

type OnlineTarget = {
  addEventListener?: (type: string, listener: () => void) => void;
  removeEventListener?: (type: string, listener: () => void) => void;
};

function addNetworkListener(type: 'online' | 'offline', listener: () => void): void {
  (globalThis as OnlineTarget).addEventListener?.(type, listener);
}

function removeNetworkListener(type: 'online' | 'offline', listener: () => void): void {
  (globalThis as OnlineTarget).removeEventListener?.(type, listener);
}
