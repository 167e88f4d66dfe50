// One open WebSocket as the rest of the app sees it: who is on it, which protocol it speaks, and the
// per-connection state the transport keeps (liveness, token expiry timer, sends awaiting their ack).
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { AuthUser } from '../common/auth-user.js';
import type { DisconnectReason, WsProtocol } from '../metrics/index.js';

/**
 * `events`: `{event, data}` JSON frames both ways (/ws, API.md §6).
 * `raw-text`: the flash DM protocol (/chats/:username, §2): a text frame is a message body.
 */
export type Framing = 'events' | 'raw-text';

export class RealtimeConnection {
  readonly id = randomUUID();
  /** False between a ping and its pong; a socket still false at the next ping is dead. */
  alive = true;
  expiryTimer: NodeJS.Timeout | undefined;
  /** Why the server ended it, once it did; a connection that ends without one was ended by the client. */
  private endedBy: DisconnectReason | undefined;

  constructor(
    readonly socket: WebSocket,
    /** Replaced on `auth` renewal (same user, maybe another session). */
    public user: AuthUser,
    readonly framing: Framing,
    /** The route pattern the upgrade matched, e.g. `/chats/:username`. */
    readonly route: string,
    readonly params: Readonly<Record<string, string>>,
    /** What the route's upgrade check resolved (e.g. the direct room of `/chats/:username`). */
    readonly routeState: unknown,
  ) {}

  get userId(): string {
    return this.user.userId;
  }

  get sessionId(): string {
    return this.user.sessionId;
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** The metrics label of the protocol: `ws` for `{event, data}` framing, `chats` for the flash one. */
  get protocol(): WsProtocol {
    return this.framing === 'events' ? 'ws' : 'chats';
  }

  /** Records why the server is closing it; the first reason given wins (a cut after a 4008 stays 4008). */
  closingBecause(reason: DisconnectReason): void {
    this.endedBy ??= reason;
  }

  get disconnectReason(): DisconnectReason {
    return this.endedBy ?? 'client';
  }
}
