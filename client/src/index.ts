// @p-chat/client: a typed client for p-chat's REST APIs and its `/ws` realtime protocol.
export { PChatClient, type PChatClientOptions, type ConnectOptions } from './client.js';
export { PChatError, isPChatError, type ClientErrorCode, type PChatErrorInit } from './errors.js';
export { Auth, sha256Hex } from './auth/auth.js';
export { TokenManager, type RefreshLock, type TokenManagerOptions } from './auth/token-manager.js';
export {
  MemoryTokenStore,
  WebStorageTokenStore,
  type KeyValueStorage,
  type StoredTokens,
  type TokenStore,
} from './auth/token-store.js';
export type * from './rest/api-types.js';
export { HttpTransport, type FetchLike } from './rest/http-transport.js';
export { SessionApi } from './rest/session-api.js';
export { FlashApi, UsersApi } from './rest/flash-api.js';
export { RoomsApi } from './rest/rooms-api.js';
export { BlocksApi } from './rest/blocks-api.js';
export { ReactionsApi } from './rest/reactions-api.js';
export { HealthApi } from './rest/health-api.js';
export {
  RealtimeConnection,
  type ConnectionEvents,
  type ConnectionState,
  type RealtimeEvents,
  type RealtimeOptions,
} from './realtime/realtime-connection.js';
export { FlashChat, type FlashChatEvents, type FlashFrame } from './realtime/flash-chat.js';
export { backoffDelay, type BackoffOptions } from './realtime/backoff.js';
export { newClientId } from './realtime/outbox.js';
export {
  CloseCode,
  type ChatMessage,
  type ChatRoom,
  type ClientFrameMap,
  type MessageAck,
  type ResumeDone,
  type ServerEventMap,
  type WsError,
} from './realtime/ws-protocol.js';
export type { WebSocketConstructor, WebSocketLike } from './realtime/websocket-like.js';
export type { paths as OpenApiPaths, components as OpenApiComponents } from './generated/openapi.js';
