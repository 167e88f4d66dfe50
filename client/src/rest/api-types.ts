// Public REST types, derived from the generated OpenAPI types (src/generated/openapi.ts) by route, not by
// schema name, and unwrapped from their envelope whether the document describes the envelope or only the
// data inside it — so regenerating from a more exact document keeps these types (and every signature
// built on them) the same. Where an operation documents no body yet, the hand-written fallback (from
// API.md) stands in until it does.
import type { paths } from '../generated/openapi.js';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete' | 'put';
export type ApiPath = keyof paths;

type OperationOf<P extends ApiPath, M extends HttpMethod> = NonNullable<paths[P][M]>;

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

type BodyAt<O, S extends number> = O extends { responses: infer Rs }
  ? S extends keyof Rs
    ? JsonOf<Rs[S]>
    : never
  : never;

/** `{status, data}` → data; `{code, message, content}` → content; anything else as it is. */
export type Unwrap<B> = B extends readonly unknown[]
  ? B
  : B extends object
    ? 'status' extends keyof B
      ? 'data' extends keyof B
        ? Exclude<B['data'], undefined>
        : B
      : 'content' extends keyof B
        ? 'code' extends keyof B
          ? Exclude<B['content'], undefined>
          : B
        : B
    : B;

type OrFallback<T, F> = [T] extends [never] ? F : unknown extends T ? F : T;

/** The `data` (or flash `content`) of an operation's 200/201 answer. */
export type SuccessData<P extends ApiPath, M extends HttpMethod, Fallback = never> = OrFallback<
  Unwrap<BodyAt<OperationOf<P, M>, 200>> | Unwrap<BodyAt<OperationOf<P, M>, 201>>,
  Fallback
>;

/** The JSON request body of an operation. */
export type RequestBody<P extends ApiPath, M extends HttpMethod> =
  OperationOf<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The query parameters of an operation. */
export type QueryOf<P extends ApiPath, M extends HttpMethod> =
  OperationOf<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

// --- Session API (API.md §4) ---
export type TokenPair = SuccessData<'/session/authorize', 'post'>;
export type Registration = SuccessData<'/session/register', 'post'>;
export type SessionInfo = SuccessData<'/session', 'get'>[number];
export type RegisterInput = RequestBody<'/session/register', 'post'>;
export type AuthorizeInput = RequestBody<'/session/authorize', 'post'>;
export type ChangePasswordInput = RequestBody<'/session/password', 'post'>;
export type PasswordResetConfirmInput = RequestBody<'/session/passwordReset/confirm', 'post'>;

// --- Flash API (API.md §2) ---
export type FlashToken = SuccessData<'/login', 'post', { token: string }>;
export type FlashRegisterInput = RequestBody<'/register', 'post'>;
export type FlashLoginInput = RequestBody<'/login', 'post'>;
export type UserListQuery = QueryOf<'/users', 'get'>;
export type UserSummary = SuccessData<'/users', 'get', { name: string; username: string }[]>[number];
export type Me = SuccessData<
  '/users/me',
  'get',
  { name: string; username: string; email: string | null; email_verified: boolean; created_at: string }
>;
export type UserProfile = SuccessData<
  '/users/{username}',
  'get',
  { name: string; username: string; online: boolean; last_seen_at: string | null }
>;

// --- Rooms API (API.md §5) ---
export type Room = SuccessData<'/rooms', 'post'>;
export type Message = SuccessData<'/rooms/{id}/messages', 'post'>;
export type Member = SuccessData<'/rooms/{id}/members', 'get'>[number];
export type RoomKind = Room['kind'];
export type Visibility = Room['visibility'];
export type Role = Member['role'];
type CreateRoomBody = RequestBody<'/rooms', 'post'>;
/** `visibility` defaults to `private` (API.md §5). */
export type CreateRoomInput = Omit<CreateRoomBody, 'visibility'> & { visibility?: Visibility };
export type UpdateRoomInput = RequestBody<'/rooms/{id}', 'patch'>;
export type PublicRoomQuery = QueryOf<'/rooms/public', 'get'>;
/** History by seq (`before`/`after`/`limit`); `changed_since` is RoomsApi.changes. */
export type HistoryQuery = Omit<QueryOf<'/rooms/{id}/messages', 'get'>, 'changed_since'>;
/** One page of `changed_since`: the changed messages, the next cursor, and whether more follow at once. */
export type MessageChanges = Extract<SuccessData<'/rooms/{id}/messages', 'get'>, { cursor: string }>;
export type Ban = SuccessData<'/rooms/{id}/bans', 'post'>;
export type Block = SuccessData<'/blocks/{username}', 'post'>;

// --- Operations (API.md §7) ---
export interface HealthStatus {
  status: string;
  [detail: string]: unknown;
}
export type ReadMarker = SuccessData<'/rooms/{id}/read', 'post', { room_id: string; last_read_seq: number }>;

// --- Reactions (API.md §9) ---
export type Reaction = SuccessData<'/rooms/{id}/messages/{messageId}/reactions', 'post'>;
export type ReactionSummary = SuccessData<'/rooms/{id}/messages/{messageId}/reactions', 'get'>[number];
