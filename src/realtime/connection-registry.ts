import type { Socket } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { DomainEvents } from '../common/events/domain-events.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import { Metrics, type Count, type DisconnectReason } from '../metrics/index.js';
import { PendingAdmissions } from './admissions.js';
import type { RealtimeConnection } from './connection.js';
import type { WebSocket } from 'ws';
import { CloseCode } from './frames.js';
import { ShutdownParticipant, type ShutdownParticipantHooks } from '../lifecycle/shutdown-participant.js';

/**
 * Corked bytes past which a socket is flushed at once rather than at the end of the tick: frames held
 * back count in bufferedAmount, and the send bounds (softLimit for sheddable frames, hardLimit for
 * slow consumers) must keep meaning what the peer has not read, not what this tick produced.
 */
const CORK_FLUSH_BYTES = 8 * 1024;

/** How long a graceful shutdown waits for clients to answer the 1001 close. */
const GOING_AWAY_GRACE_MS = 1000;

export type SendPriority = 'normal' | 'sheddable';

declare module '../common/events/domain-events.js' {
  interface DomainEventMap {
    /** Every connection of either protocol, once it is registered (presence counts these). */
    'realtime.connection.opened': RealtimeConnection;
    'realtime.connection.closed': RealtimeConnection;
  }
}

/**
 * The open connections of this instance, by user and by session, and the one way to write to them.
 * Every write checks the socket's unsent buffer: best-effort frames (typing, presence) are dropped
 * first, and a consumer that stops reading is closed (4008) before it can grow memory without bound.
 * What it missed is in history and comes back with `resume`.
 */
@ShutdownParticipant()
@Injectable()
export class ConnectionRegistry implements ShutdownParticipantHooks {
  private readonly all = new Set<RealtimeConnection>();
  private readonly byUser = new Map<string, Set<RealtimeConnection>>();
  private readonly bySession = new Map<string, Set<RealtimeConnection>>();
  /** Upgrades authenticated but not yet registered (see admissions.ts). */
  readonly pending = new PendingAdmissions();
  private readonly hardLimit: number;
  private readonly softLimit: number;
  private readonly framesSent: Record<RealtimeConnection['framing'], Count>;
  /** TCP sockets corked by a `send` of the current tick, uncorked together when it ends. */
  private readonly corked = new Set<Socket>();
  /** Set by a graceful shutdown's `closeConnections`: a connection registered later goes away at once. */
  private goingAway = false;

  constructor(
    @Inject(Configuration) config: Configuration,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(DomainEvents) private readonly events: DomainEvents,
    @Inject(Metrics) metrics: Metrics,
  ) {
    this.hardLimit = config.of('realtime').sendBufferLimitBytes;
    this.softLimit = Math.floor(this.hardLimit / 4);
    this.framesSent = { events: metrics.framesSent('ws'), 'raw-text': metrics.framesSent('chats') };
  }

  add(connection: RealtimeConnection): void {
    if (this.all.has(connection)) return;
    this.all.add(connection);
    index(this.byUser, connection.userId, connection);
    index(this.bySession, connection.sessionId, connection);
    this.events.emit('realtime.connection.opened', connection);
    // An upgrade already past its checks when the drain began completes afterwards: left open, it
    // would hold the HTTP server's close (and the drain) to its deadline.
    if (this.goingAway) void this.sendAway([connection]);
  }

  remove(connection: RealtimeConnection): void {
    if (!this.all.delete(connection)) return;
    unindex(this.byUser, connection.userId, connection);
    unindex(this.bySession, connection.sessionId, connection);
    this.events.emit('realtime.connection.closed', connection);
  }

  /** Re-indexes a connection whose token was renewed into another session. */
  moveSession(connection: RealtimeConnection, previousSessionId: string): void {
    unindex(this.bySession, previousSessionId, connection);
    index(this.bySession, connection.sessionId, connection);
  }

  ofUser(userId: string): ReadonlySet<RealtimeConnection> {
    return this.byUser.get(userId) ?? EMPTY;
  }

  /** Open sockets of the user on this instance, and upgrades of theirs under way. */
  countOfUser(userId: string): number {
    return this.ofUser(userId).size + this.pending.countOfUser(userId);
  }

  ofSession(sessionId: string): ReadonlySet<RealtimeConnection> {
    return this.bySession.get(sessionId) ?? EMPTY;
  }

  connections(): ReadonlySet<RealtimeConnection> {
    return this.all;
  }

  get size(): number {
    return this.all.size;
  }

  /** Returns false when the frame was not written (socket not open, shed, or consumer closed). */
  send(connection: RealtimeConnection, frame: string, priority: SendPriority = 'normal'): boolean {
    if (!connection.isOpen) return false;
    const socket = connection.socket;
    if (priority === 'sheddable' && socket.bufferedAmount > this.softLimit) return false;
    const tcp = this.corkUntilTickEnd(socket);
    socket.send(frame);
    if (tcp && tcp.writableLength >= CORK_FLUSH_BYTES) this.uncork(tcp);
    this.framesSent[connection.framing].inc();
    if (socket.bufferedAmount > this.hardLimit) {
      this.logger.event('warn', 'ws slow consumer closed', {
        connection: connection.id,
        user_id: connection.userId,
        buffered: socket.bufferedAmount,
      });
      // Nothing more is queued once CLOSING; ws's own close timeout destroys a peer that never answers.
      connection.closingBecause('slow_consumer');
      socket.close(CloseCode.slowConsumer, 'slow consumer');
      return false;
    }
    return true;
  }

  /**
   * Frames sent to one socket within a tick (a commit's deliveries, a backlog) leave in ONE write
   * syscall instead of one per frame: the TCP socket under the WebSocket is corked on the tick's first
   * send and uncorked once the tick's microtasks have run (process.nextTick), so nothing waits for a
   * later turn of the event loop. A socket holding CORK_FLUSH_BYTES is flushed at once. ws keeps the
   * TCP socket as `_socket` (ws is pinned; the ws-* e2e suites run on it).
   */
  private corkUntilTickEnd(socket: WebSocket): Socket | undefined {
    const tcp = (socket as unknown as { _socket?: Socket })._socket;
    if (!tcp || this.corked.has(tcp)) return tcp;
    if (this.corked.size === 0) process.nextTick(this.uncorkAll);
    tcp.cork();
    this.corked.add(tcp);
    return tcp;
  }

  private uncork(tcp: Socket): void {
    if (this.corked.delete(tcp)) tcp.uncork();
  }

  /** A send that a flush sets off (a write callback) corks anew into the emptied set. */
  private readonly uncorkAll = (): void => {
    const corked = [...this.corked];
    this.corked.clear();
    for (const tcp of corked) tcp.uncork();
  };

  /** Graceful shutdown: every socket gets 1001 "going away"; the ones that do not answer are cut. */
  async closeConnections(): Promise<void> {
    this.goingAway = true;
    await this.sendAway([...this.all]);
  }

  private async sendAway(connections: RealtimeConnection[]): Promise<void> {
    const sockets = connections.map((connection) => connection.socket);
    const closed = sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === socket.CLOSED) resolve();
          else socket.once('close', () => resolve());
        }),
    );
    for (const connection of connections)
      this.close(connection, CloseCode.goingAway, 'server shutting down', 'shutdown');
    await Promise.race([
      Promise.all(closed),
      new Promise((resolve) => setTimeout(resolve, GOING_AWAY_GRACE_MS)),
    ]);
    for (const socket of sockets) if (socket.readyState !== socket.CLOSED) socket.terminate();
  }

  /** `cause`: the `ws_disconnects_total` reason. */
  close(connection: RealtimeConnection, code: number, reason: string, cause: DisconnectReason): void {
    connection.closingBecause(cause);
    const socket = connection.socket;
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING)
      socket.close(code, reason);
  }
}

const EMPTY: ReadonlySet<RealtimeConnection> = new Set();

function index<K>(map: Map<K, Set<RealtimeConnection>>, key: K, connection: RealtimeConnection): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(connection);
}

function unindex<K>(map: Map<K, Set<RealtimeConnection>>, key: K, connection: RealtimeConnection): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(connection);
  if (set.size === 0) map.delete(key);
}
