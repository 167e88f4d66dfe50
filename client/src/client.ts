// The SDK's entry point: one object with the REST APIs, sign-in, and realtime connections.
import { Auth } from './auth/auth.js';
import { TokenManager, type RefreshLock } from './auth/token-manager.js';
import type { TokenStore } from './auth/token-store.js';
import { BlocksApi } from './rest/blocks-api.js';
import { FlashApi, UsersApi } from './rest/flash-api.js';
import { HealthApi } from './rest/health-api.js';
import { HttpTransport, type FetchLike } from './rest/http-transport.js';
import { ReactionsApi } from './rest/reactions-api.js';
import { RoomsApi } from './rest/rooms-api.js';
import { SessionApi } from './rest/session-api.js';
import { FlashChat, type FlashChatOptions } from './realtime/flash-chat.js';
import { RealtimeConnection, type RealtimeOptions } from './realtime/realtime-connection.js';
import type { WebSocketConstructor } from './realtime/websocket-like.js';

export interface PChatClientOptions {
  /** The server, e.g. `https://chat.example.com` (in a page served by p-chat: `location.origin`). */
  baseUrl: string;
  /** Where tokens live (default: memory). `WebStorageTokenStore(localStorage)` shares them across tabs. */
  tokenStore?: TokenStore;
  /** Defaults to globalThis.fetch. */
  fetch?: FetchLike;
  /** Defaults to globalThis.WebSocket; on Node 20 pass `WebSocket` from the `ws` package. */
  WebSocket?: WebSocketConstructor;
  /** Serializes refreshes across tabs; defaults to the Web Locks API where present. */
  refreshLock?: RefreshLock;
}

export type ConnectOptions = Omit<
  RealtimeOptions,
  'baseUrl' | 'tokens' | 'history' | 'changes' | 'WebSocket'
>;

export class PChatClient {
  readonly auth: Auth;
  readonly tokens: TokenManager;
  readonly session: SessionApi;
  readonly flash: FlashApi;
  readonly users: UsersApi;
  readonly rooms: RoomsApi;
  readonly blocks: BlocksApi;
  readonly reactions: ReactionsApi;
  readonly health: HealthApi;
  private readonly http: HttpTransport;

  constructor(private readonly options: PChatClientOptions) {
    this.http = new HttpTransport(options.baseUrl, options.fetch);
    this.session = new SessionApi(this.http);
    this.flash = new FlashApi(this.http);
    this.tokens = new TokenManager({
      store: options.tokenStore,
      lock: options.refreshLock,
      rotate: (refreshToken) => this.session.refresh(refreshToken),
    });
    this.http.useTokens(this.tokens);
    this.auth = new Auth(this.session, this.flash, this.tokens);
    this.users = new UsersApi(this.http);
    this.rooms = new RoomsApi(this.http);
    this.blocks = new BlocksApi(this.http);
    this.reactions = new ReactionsApi(this.http);
    this.health = new HealthApi(this.http);
  }

  /** Opens (and keeps open) the `/ws` connection of the signed-in user. */
  connect(options: ConnectOptions = {}): RealtimeConnection {
    return new RealtimeConnection({
      ...options,
      baseUrl: this.http.baseUrl,
      tokens: this.tokens,
      WebSocket: this.options.WebSocket,
      history: (roomId, after, limit) => this.rooms.history(roomId, { after, limit }),
      changes: (roomId, cursor) => this.rooms.changes(roomId, cursor, 200),
    }).connect();
  }

  /** The legacy flash DM protocol (`/chats/:username`): raw text out, `{from, body, sent_at}` in. */
  flashChat(
    peer: string,
    options: Omit<FlashChatOptions, 'baseUrl' | 'peer' | 'tokens' | 'WebSocket'> = {},
  ): FlashChat {
    return new FlashChat({
      ...options,
      baseUrl: this.http.baseUrl,
      peer,
      tokens: this.tokens,
      WebSocket: this.options.WebSocket,
    });
  }
}
