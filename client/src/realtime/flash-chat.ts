// A thin helper for the legacy flash DM protocol (`/chats/:username`, API.md §2): text frames out,
// `{from, body, sent_at}` frames in. No reconnect or resume (the protocol has none: on reopen the server
// replays what arrived after the read marker); new apps use RealtimeConnection.
import { TypedEmitter } from './typed-emitter.js';
import { OPEN, platformWebSocket, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

export interface FlashFrame {
  from: string;
  body: string;
  /** Unix seconds. */
  sent_at: number;
}

export interface FlashChatEvents {
  open: Record<string, never>;
  message: FlashFrame;
  error: { code: string; message: string };
  closed: { code: number; reason: string };
}

export interface FlashChatOptions {
  baseUrl: string;
  peer: string;
  tokens: { accessToken(): Promise<string> };
  WebSocket?: WebSocketConstructor;
}

export class FlashChat extends TypedEmitter<FlashChatEvents> {
  private socket: WebSocketLike | null = null;

  constructor(private readonly options: FlashChatOptions) {
    super();
  }

  /** Resolves once the socket is open; rejects when the upgrade fails (browsers do not say why). */
  async open(): Promise<void> {
    const WebSocketImpl = this.options.WebSocket ?? platformWebSocket();
    if (WebSocketImpl === undefined)
      throw new TypeError('no WebSocket implementation: pass options.WebSocket');
    const token = await this.options.tokens.accessToken();
    const base = this.options.baseUrl.replace(/\/+$/, '').replace(/^http/, 'ws');
    const socket = new WebSocketImpl(`${base}/chats/${encodeURIComponent(this.options.peer)}`, [
      'p-chat',
      `bearer.${token}`,
    ]);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => {
        this.emit('open', {});
        resolve();
      };
      socket.onerror = () => reject(new Error(`could not open /chats/${this.options.peer}`));
      socket.onclose = (event) => {
        reject(new Error(`closed with ${event.code} before opening`));
        this.emit('closed', { code: event.code, reason: event.reason });
      };
      socket.onmessage = (event) => {
        if (typeof event.data === 'string') this.received(event.data);
      };
    });
  }

  /** Sends one message body (false when not open). */
  send(body: string): boolean {
    if (this.socket === null || this.socket.readyState !== OPEN) return false;
    this.socket.send(body);
    return true;
  }

  close(): void {
    this.socket?.close(1000, 'client closed');
  }

  private received(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const { error } = frame as { error?: { code: string; message: string } };
    if (error !== undefined) return this.emit('error', error);
    this.emit('message', frame as FlashFrame);
  }
}
