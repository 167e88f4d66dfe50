// REST helpers for the rooms API suites.
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { TestApp } from './create-app.js';
import { registerFlashUser, type FlashUser } from './factories.js';
import type { Frame, TestSocket } from './ws-client.js';

/** A message as REST history and `/ws` carry it (API.md §5). */
export interface StoredMessage {
  id: string;
  room_id: string;
  seq: number;
  client_id: string | null;
  body: string | null;
}

/** The largest history page (API.md §5: `limit` ≤ 200). */
const HISTORY_PAGE = 200;

export interface RoomFixture {
  id: string;
  owner: FlashUser;
  admin: FlashUser;
  member: FlashUser;
}

export type ChatClient = ReturnType<typeof chatClient>;

export function chatClient(url: string) {
  const call = (method: 'get' | 'post' | 'patch' | 'delete', path: string, token: string, body?: unknown) => {
    const req = request(url)[method](path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body as object);
  };
  const client = {
    get: (path: string, token: string) => call('get', path, token),
    post: (path: string, token: string, body: unknown = {}) => call('post', path, token, body),
    patch: (path: string, token: string, body: unknown) => call('patch', path, token, body),
    delete: (path: string, token: string) => call('delete', path, token),

    async createRoom(token: string, body: Record<string, unknown> = {}): Promise<string> {
      const response = await call('post', '/rooms', token, { name: 'Room', ...body }).expect(201);
      return (response.body as { data: { id: string } }).data.id;
    },

    async addMember(roomId: string, token: string, username: string): Promise<void> {
      await call('post', `/rooms/${roomId}/members`, token, { username }).expect(200);
    },

    async send(
      roomId: string,
      token: string,
      body: string,
      clientId?: string,
    ): Promise<{ id: string; seq: number }> {
      const response = await call('post', `/rooms/${roomId}/messages`, token, {
        body,
        ...(clientId ? { client_id: clientId } : {}),
      }).expect(201);
      return (response.body as { data: { id: string; seq: number } }).data;
    },

    /**
     * Sends `bodies` by REST, the i-th after `i * spacingMs` (a stream of sends around something that
     * races them); resolves to the stored messages, in `bodies` order.
     */
    staggeredSends(roomId: string, token: string, bodies: string[], spacingMs = 2) {
      return Promise.all(
        bodies.map(
          (body, i) =>
            new Promise<{ id: string; seq: number }>((resolve, reject) => {
              setTimeout(() => void client.send(roomId, token, body).then(resolve, reject), i * spacingMs);
            }),
        ),
      );
    },

    /** The whole history of a room, oldest first, paged with `after` (bounded: at most `maxPages`). */
    async allMessages(roomId: string, token: string, maxPages = 50): Promise<StoredMessage[]> {
      const messages: StoredMessage[] = [];
      for (let page = 0; page < maxPages; page += 1) {
        const after = messages.at(-1)?.seq ?? 0;
        const response = await call(
          'get',
          `/rooms/${roomId}/messages?after=${after}&limit=${HISTORY_PAGE}`,
          token,
        ).expect(200);
        const batch = (response.body as { data: StoredMessage[] }).data;
        messages.push(...batch);
        if (batch.length < HISTORY_PAGE) return messages;
      }
      throw new Error(`room ${roomId} has more than ${maxPages} pages of history`);
    },

    /** A room with an owner, an admin and a plain member. */
    async roomWithRoles(
      visibility: 'public' | 'private',
      users?: { owner: FlashUser; admin: FlashUser; member: FlashUser },
    ): Promise<RoomFixture> {
      const owner = users?.owner ?? (await registerFlashUser(url));
      const admin = users?.admin ?? (await registerFlashUser(url));
      const member = users?.member ?? (await registerFlashUser(url));
      const id = await client.createRoom(owner.token, { name: `Room ${visibility}`, visibility });
      await client.addMember(id, owner.token, admin.username);
      await client.addMember(id, owner.token, member.username);
      await call('patch', `/rooms/${id}/members/${admin.username}`, owner.token, { role: 'admin' }).expect(
        200,
      );
      return { id, owner, admin, member };
    },
  };
  return client;
}

export function errorOf(response: { body: unknown }): { code: string; message: string } {
  return (response.body as { error: { code: string; message: string } }).error;
}

/** Sends `resume` for one room; the `message`s of that room it replays (in arrival order) and `resume.done`. */
export async function resumeRoom(
  socket: TestSocket,
  roomId: string,
  lastSeq: number,
  timeoutMs = 15_000,
): Promise<{ replayed: StoredMessage[]; done: Frame }> {
  const before = new Set(socket.events('message'));
  socket.emit('resume', { rooms: { [roomId]: lastSeq } });
  const done = await socket.next('resume.done', timeoutMs);
  const replayed = socket
    .events('message')
    .filter((frame) => !before.has(frame) && (frame.data as StoredMessage).room_id === roomId)
    .map((frame) => frame.data as StoredMessage);
  return { replayed, done };
}

/**
 * Stores `count` messages from `username` straight in the database (seq 1…count, bodies
 * `<prefix><seq>`) and moves the room's last seq: a long backlog without `count` sends through the API.
 */
export async function insertMessages(
  app: TestApp,
  roomId: string,
  username: string,
  count: number,
  prefix = 'bulk ',
): Promise<void> {
  const db = app.app.get(DataSource);
  await db.query(
    `INSERT INTO messages (room_id, seq, sender_id, body)
     SELECT $1, g, (SELECT id FROM users WHERE username = $2), $4 || g FROM generate_series(1, $3::int) g`,
    [roomId, username, count, prefix],
  );
  await db.query('UPDATE rooms SET last_seq = $2 WHERE id = $1', [roomId, count]);
}
