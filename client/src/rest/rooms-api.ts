// Rooms, members, direct rooms, history and read markers (API.md §5), in the session envelope.
import type {
  Ban,
  CreateRoomInput,
  HistoryQuery,
  Member,
  Message,
  MessageChanges,
  PublicRoomQuery,
  ReadMarker,
  Role,
  Room,
  UpdateRoomInput,
} from './api-types.js';
import type { HttpTransport } from './http-transport.js';

const family = 'session';

export class RoomsApi {
  constructor(private readonly http: HttpTransport) {}

  create(input: CreateRoomInput): Promise<Room> {
    return this.http.call('post', '/rooms', { family, body: input }) as Promise<Room>;
  }

  /** The caller's rooms, most recent activity first. */
  list(): Promise<Room[]> {
    return this.http.call('get', '/rooms', { family }) as Promise<Room[]>;
  }

  discover(query: PublicRoomQuery = {}): Promise<Room[]> {
    return this.http.call('get', '/rooms/public', { family, query }) as Promise<Room[]>;
  }

  get(roomId: string): Promise<Room> {
    return this.http.call('get', '/rooms/{id}', { family, params: { id: roomId } }) as Promise<Room>;
  }

  update(roomId: string, input: UpdateRoomInput): Promise<Room> {
    return this.http.call('patch', '/rooms/{id}', {
      family,
      params: { id: roomId },
      body: input,
    }) as Promise<Room>;
  }

  delete(roomId: string): Promise<void> {
    return this.http.call('delete', '/rooms/{id}', { family, params: { id: roomId } }).then(() => undefined);
  }

  join(roomId: string): Promise<Room> {
    return this.http.call('post', '/rooms/{id}/join', { family, params: { id: roomId } }) as Promise<Room>;
  }

  leave(roomId: string): Promise<void> {
    return this.http
      .call('post', '/rooms/{id}/leave', { family, params: { id: roomId } })
      .then(() => undefined);
  }

  /** Gets or creates the direct room with `username`. */
  direct(username: string): Promise<Room> {
    return this.http.call('post', '/dm/{username}', { family, params: { username } }) as Promise<Room>;
  }

  members(roomId: string): Promise<Member[]> {
    return this.http.call('get', '/rooms/{id}/members', { family, params: { id: roomId } }) as Promise<
      Member[]
    >;
  }

  addMember(roomId: string, username: string): Promise<Member> {
    return this.http.call('post', '/rooms/{id}/members', {
      family,
      params: { id: roomId },
      body: { username },
    }) as Promise<Member>;
  }

  removeMember(roomId: string, username: string): Promise<void> {
    return this.http
      .call('delete', '/rooms/{id}/members/{username}', { family, params: { id: roomId, username } })
      .then(() => undefined);
  }

  changeRole(roomId: string, username: string, role: Role): Promise<Member> {
    return this.http.call('patch', '/rooms/{id}/members/{username}', {
      family,
      params: { id: roomId, username },
      body: { role },
    }) as Promise<Member>;
  }

  /**
   * History by seq: no cursor → the newest `limit`, newest first; `before` → older, newest first;
   * `after` → newer, oldest first. `limit` 1–200 (default 50).
   */
  history(roomId: string, query: HistoryQuery = {}): Promise<Message[]> {
    return this.http.call('get', '/rooms/{id}/messages', {
      family,
      params: { id: roomId },
      query,
    }) as Promise<Message[]>;
  }

  /**
   * The room's messages inserted, edited or deleted after a sync cursor (a `resume.done` cursor or the
   * `cursor` of the previous page), in change order; call again with `cursor` while `has_more`.
   */
  changes(roomId: string, cursor: string, limit?: number): Promise<MessageChanges> {
    return this.http.call('get', '/rooms/{id}/messages', {
      family,
      params: { id: roomId },
      query: limit === undefined ? { changed_since: cursor } : { changed_since: cursor, limit },
    }) as Promise<MessageChanges>;
  }

  /** Bans a user (owner, admin): a member is removed; joining or being added is refused until `unban`. */
  ban(roomId: string, username: string): Promise<Ban> {
    return this.http.call('post', '/rooms/{id}/bans', {
      family,
      params: { id: roomId },
      body: { username },
    }) as Promise<Ban>;
  }

  unban(roomId: string, username: string): Promise<void> {
    return this.http
      .call('delete', '/rooms/{id}/bans/{username}', { family, params: { id: roomId, username } })
      .then(() => undefined);
  }

  /** The room's bans, oldest first (owner, admin). */
  bans(roomId: string): Promise<Ban[]> {
    return this.http.call('get', '/rooms/{id}/bans', { family, params: { id: roomId } }) as Promise<Ban[]>;
  }

  /** Sends over REST; with `clientId` the send is idempotent. Prefer the realtime connection's `send`. */
  send(roomId: string, body: string, clientId?: string): Promise<Message> {
    return this.http.call('post', '/rooms/{id}/messages', {
      family,
      params: { id: roomId },
      body: clientId === undefined ? { body } : { body, client_id: clientId },
    }) as Promise<Message>;
  }

  editMessage(roomId: string, messageId: string, body: string): Promise<Message> {
    return this.http.call('patch', '/rooms/{id}/messages/{messageId}', {
      family,
      params: { id: roomId, messageId },
      body: { body },
    }) as Promise<Message>;
  }

  deleteMessage(roomId: string, messageId: string): Promise<void> {
    return this.http
      .call('delete', '/rooms/{id}/messages/{messageId}', { family, params: { id: roomId, messageId } })
      .then(() => undefined);
  }

  /** Moves the caller's read marker (a lower seq is ignored). */
  markRead(roomId: string, seq: number): Promise<ReadMarker> {
    return this.http.call('post', '/rooms/{id}/read', {
      family,
      params: { id: roomId },
      body: { seq },
    }) as Promise<ReadMarker>;
  }
}
