// The sync cursor end to end (API.md §6 `resume {since}`, `resume.done {cursor, new_rooms, gone_rooms}`;
// §5 `GET /rooms/:id/messages?changed_since=`): edits and deletions made while a client was away, the
// rooms it joined or lost meanwhile, truncation, the cursor's round trip between WS and REST, and that a
// change still in flight when a cursor is cut is not skipped.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { chatClient, insertMessages, errorOf, type ChatClient } from './helpers/chat.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { adminClient } from './helpers/postgres.js';
import { describeWhen } from './helpers/services.js';
import { connect, type Frame, type TestSocket } from './helpers/ws-client.js';

interface WireMessage {
  id: string;
  room_id: string;
  seq: number;
  body: string | null;
  deleted: boolean;
  edited_at: string | null;
}

interface ResumeDone {
  truncated_rooms: string[];
  cursor: string;
  new_rooms: string[];
  gone_rooms: string[];
}

interface ChangesPage {
  messages: WireMessage[];
  cursor: string;
  has_more: boolean;
}

const CURSOR = /^c1\.[0-9a-z]+$/;
const describePg = await describeWhen(['postgres']);

describe('sync cursor (resume since, changed_since)', () => {
  let app: TestApp;
  let api: ChatClient;
  let alice: FlashUser;
  let bob: FlashUser;
  const sockets: TestSocket[] = [];

  const open = async (user: FlashUser): Promise<TestSocket> => {
    const socket = await connect(app.wsUrl, '/ws', { token: user.token });
    sockets.push(socket);
    return socket;
  };

  /** Sends `resume` on a fresh socket; the replayed frames in arrival order, and `resume.done`. */
  const resume = async (
    user: FlashUser,
    rooms: Record<string, number>,
    since?: string,
  ): Promise<{ frames: Frame[]; done: ResumeDone }> => {
    const socket = await open(user);
    const start = socket.frames.length;
    socket.emit('resume', since === undefined ? { rooms } : { rooms, since });
    const done = (await socket.next('resume.done', 15_000)).data;
    const frames = (socket.frames.slice(start) as Frame[]).filter(
      (frame) => frame.event === 'message' || frame.event === 'message.updated',
    );
    await socket.close();
    return { frames, done };
  };

  const summary = (frames: Frame[]) =>
    frames.map((frame) => {
      const message = (frame.event === 'message' ? frame.data : frame.data.message) as WireMessage;
      return [frame.event, message.seq, message.body, message.deleted];
    });

  const changes = async (roomId: string, token: string, query: string): Promise<ChangesPage> =>
    (
      (await api.get(`/rooms/${roomId}/messages?${query}`, token).expect(200)).body as {
        data: ChangesPage;
      }
    ).data;

  const roomWithBob = async (visibility: 'private' | 'public' = 'private'): Promise<string> => {
    const id = await api.createRoom(alice.token, { name: 'Sync', visibility });
    await api.addMember(id, alice.token, bob.username);
    return id;
  };

  beforeAll(async () => {
    app = await createTestApp();
    api = chatClient(app.url);
    alice = await registerFlashUser(app.url);
  });
  // A reader per test: `resume` has a small flood budget of its own (burst 10, then 1 a second) per user.
  beforeEach(async () => {
    bob = await registerFlashUser(app.url);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await app.close();
  });

  it('answers every resume with an opaque cursor, the rooms left out, and no gone rooms', async () => {
    const listed = await roomWithBob();
    const unlisted = await roomWithBob();
    const { done } = await resume(bob, { [listed]: 0 });
    expect(done).toEqual({
      truncated_rooms: [],
      cursor: expect.stringMatching(CURSOR),
      new_rooms: expect.arrayContaining([unlisted]),
      gone_rooms: [],
    });
    expect(done.new_rooms).not.toContain(listed);
  });

  it('replays edits and deletions made after the cursor as message.updated, before resume.done', async () => {
    const room = await roomWithBob();
    const first = await api.send(room, alice.token, 'one');
    const second = await api.send(room, alice.token, 'two');
    await api.send(room, alice.token, 'three');
    const before = await resume(bob, { [room]: 3 });
    expect(before.frames).toEqual([]);

    // While bob is away: an edit, a delete, a new message, and an edit of that new message.
    await api.patch(`/rooms/${room}/messages/${first.id}`, alice.token, { body: 'one, edited' }).expect(200);
    await api.delete(`/rooms/${room}/messages/${second.id}`, alice.token).expect(200);
    const fourth = await api.send(room, alice.token, 'four');
    await api
      .patch(`/rooms/${room}/messages/${fourth.id}`, alice.token, { body: 'four, edited' })
      .expect(200);

    const after = await resume(bob, { [room]: 3 }, before.done.cursor);
    expect(summary(after.frames)).toEqual([
      ['message.updated', 1, 'one, edited', false],
      ['message.updated', 2, null, true],
      ['message', 4, 'four, edited', false],
    ]);
    expect(after.done).toMatchObject({ truncated_rooms: [], gone_rooms: [] });
    expect(after.done.cursor).toMatch(CURSOR);
    expect(after.done.cursor).not.toBe(before.done.cursor);

    // The new cursor covers all of it: nothing again.
    const again = await resume(bob, { [room]: 4 }, after.done.cursor);
    expect(again.frames).toEqual([]);
    // Without `since` no edits come (the server cannot know what the client saw).
    expect(summary((await resume(bob, { [room]: 3 })).frames)).toEqual([
      ['message', 4, 'four, edited', false],
    ]);
  });

  it('lists rooms joined meanwhile in new_rooms and rooms lost in gone_rooms (left, removed, banned, deleted)', async () => {
    const left = await roomWithBob();
    const removed = await roomWithBob();
    const banned = await roomWithBob();
    const deleted = await roomWithBob();
    const kept = await roomWithBob();
    const { done: before } = await resume(bob, {
      [left]: 0,
      [removed]: 0,
      [banned]: 0,
      [deleted]: 0,
      [kept]: 0,
    });
    expect(before.gone_rooms).toEqual([]);

    const joined = await api.createRoom(alice.token, { name: 'Open', visibility: 'public' });
    await api.post(`/rooms/${joined}/join`, bob.token).expect(200);
    await api.post(`/rooms/${left}/leave`, bob.token).expect(200);
    await api.delete(`/rooms/${removed}/members/${bob.username}`, alice.token).expect(200);
    await api.post(`/rooms/${banned}/bans`, alice.token, { username: bob.username }).expect(201);
    await api.delete(`/rooms/${deleted}`, alice.token).expect(200);

    const { done } = await resume(
      bob,
      { [left]: 0, [removed]: 0, [banned]: 0, [deleted]: 0, [kept]: 0 },
      before.cursor,
    );
    expect([...done.gone_rooms].sort()).toEqual([left, removed, banned, deleted].sort());
    expect(done.new_rooms).toContain(joined);
    expect(done.new_rooms).not.toContain(kept);
    expect(done.new_rooms).not.toEqual(expect.arrayContaining([left, removed, banned, deleted]));
  });

  it('sends at most 500 edits per room and lists the room in truncated_rooms', async () => {
    const room = await roomWithBob();
    await insertMessages(app, room, alice.username, 520);
    const db = app.app.get(DataSource);
    const { done: before } = await resume(bob, { [room]: 520 });
    await db.query(
      `UPDATE messages SET body = 'edited ' || seq, edited_at = now(), change_seq = message_change_position()
       WHERE room_id = $1`,
      [room],
    );
    const { frames, done } = await resume(bob, { [room]: 520 }, before.cursor);
    expect(done.truncated_rooms).toEqual([room]);
    expect(frames).toHaveLength(500);
    expect(frames.every((frame) => frame.event === 'message.updated')).toBe(true);
    // The rest by REST, from the same cursor: 520 changes in all, each once.
    const seen = new Set<number>();
    let cursor = before.cursor;
    for (let page = 0; page < 10; page += 1) {
      const result = await changes(room, bob.token, `changed_since=${cursor}&limit=200`);
      for (const message of result.messages) seen.add(message.seq);
      cursor = result.cursor;
      if (!result.has_more) break;
    }
    expect(seen.size).toBe(520);
  });

  it('round-trips the cursor between resume and REST changed_since', async () => {
    const room = await roomWithBob();
    const first = await api.send(room, alice.token, 'a');
    const { done } = await resume(bob, { [room]: 1 });
    await api.patch(`/rooms/${room}/messages/${first.id}`, alice.token, { body: 'a2' }).expect(200);
    await api.send(room, alice.token, 'b');

    const page = await changes(room, bob.token, `changed_since=${done.cursor}`);
    expect(page.messages.map((m) => [m.seq, m.body])).toEqual([
      [1, 'a2'],
      [2, 'b'],
    ]);
    expect(page).toMatchObject({ has_more: false, cursor: expect.stringMatching(CURSOR) });
    // The REST cursor is a valid `since`, and nothing changed after it.
    expect((await resume(bob, { [room]: 2 }, page.cursor)).frames).toEqual([]);
    expect((await changes(room, bob.token, `changed_since=${page.cursor}`)).messages).toEqual([]);
  });

  it('pages changed_since in change order with has_more and the next cursor', async () => {
    const room = await roomWithBob();
    const { cursor: start } = (await resume(bob, { [room]: 0 })).done;
    const sent = [];
    for (const body of ['p1', 'p2', 'p3']) sent.push(await api.send(room, alice.token, body));
    await api.delete(`/rooms/${room}/messages/${sent[0].id}`, alice.token).expect(200);

    const first = await changes(room, bob.token, `changed_since=${start}&limit=2`);
    expect(first.messages.map((m) => m.seq)).toEqual([2, 3]);
    expect(first.has_more).toBe(true);
    const second = await changes(room, bob.token, `changed_since=${first.cursor}&limit=2`);
    // The deleted first message changed last: it comes last, as a tombstone.
    expect(second.messages.map((m) => [m.seq, m.body, m.deleted])).toEqual([[1, null, true]]);
    expect(second.has_more).toBe(false);
    expect((await changes(room, bob.token, `changed_since=${second.cursor}&limit=2`)).messages).toEqual([]);
  });

  it('refuses a malformed cursor: error VALIDATION_FAILED on /ws, 400 on REST', async () => {
    const room = await roomWithBob();
    const socket = await open(bob);
    socket.emit('resume', { rooms: { [room]: 0 }, since: '12345' });
    expect((await socket.next('error')).data).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'resume' });
    socket.emit('resume', { rooms: { [room]: 0 }, since: 42 });
    expect((await socket.next('error')).data).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'resume' });
    await socket.expectNone('resume.done');

    for (const query of [
      'changed_since=12345',
      'changed_since=c1.',
      'changed_since=c1.5&after=1',
      'changed_since=c1.5&limit=0',
    ]) {
      const response = await api.get(`/rooms/${room}/messages?${query}`, bob.token).expect(400);
      expect(errorOf(response).code).toBe('VALIDATION_FAILED');
    }
  });

  it('keeps changed_since to members: 404 for a private room, 403 NOT_A_MEMBER for a public one', async () => {
    const outsider = await registerFlashUser(app.url);
    const { cursor } = (await resume(bob, {})).done;
    const privateRoom = await roomWithBob('private');
    const publicRoom = await roomWithBob('public');
    const hidden = await api
      .get(`/rooms/${privateRoom}/messages?changed_since=${cursor}`, outsider.token)
      .expect(404);
    expect(errorOf(hidden).code).toBe('NOT_FOUND');
    const refused = await api
      .get(`/rooms/${publicRoom}/messages?changed_since=${cursor}`, outsider.token)
      .expect(403);
    expect(errorOf(refused).code).toBe('NOT_A_MEMBER');
  });
});

// The embedded engine runs one transaction at a time, so only a real PostgreSQL can hold a change in
// flight while another commits.
describePg('sync cursor under concurrent commits (PostgreSQL)', () => {
  let app: TestApp;
  let api: ChatClient;

  beforeAll(async () => {
    app = await createTestApp({ postgres: true });
    api = chatClient(app.url);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('does not skip a change that took its position before the cursor was cut but committed after', async () => {
    const [alice, bob] = await Promise.all([1, 2].map(() => registerFlashUser(app.url)));
    const room = await api.createRoom(alice.token, { name: 'Race' });
    await api.addMember(room, alice.token, bob.username);
    const slow = await api.send(room, alice.token, 'slow');
    const fast = await api.send(room, alice.token, 'fast');
    const read = async (cursor: string) =>
      (
        (await api.get(`/rooms/${room}/messages?changed_since=${cursor}`, bob.token).expect(200)).body as {
          data: ChangesPage;
        }
      ).data;
    const start = (await read('c1.0')).cursor;
    const runner = app.app.get(DataSource).createQueryRunner();
    await runner.connect();
    try {
      // The slow edit draws the lower position and stays uncommitted while the fast one commits.
      await runner.startTransaction();
      await runner.query(
        `UPDATE messages SET body = 'slow, edited', edited_at = now(), change_seq = message_change_position()
         WHERE id = $1`,
        [slow.id],
      );
      await api
        .patch(`/rooms/${room}/messages/${fast.id}`, alice.token, { body: 'fast, edited' })
        .expect(200);
      const pending = read(start);
      setTimeout(() => void runner.commitTransaction(), 300);
      const first = await pending;
      const rest = await read(first.cursor);
      expect([...first.messages, ...rest.messages].map((m) => m.body)).toEqual(
        expect.arrayContaining(['slow, edited', 'fast, edited']),
      );
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('is not held back by a long transaction elsewhere on the server that drew no position', async () => {
    const [alice, bob] = await Promise.all([1, 2].map(() => registerFlashUser(app.url)));
    const room = await api.createRoom(alice.token, { name: 'Elsewhere' });
    await api.addMember(room, alice.token, bob.username);
    const read = async (cursor: string) =>
      (
        (await api.get(`/rooms/${room}/messages?changed_since=${cursor}`, bob.token).expect(200)).body as {
          data: ChangesPage;
        }
      ).data;
    await api.send(room, alice.token, 'before');
    const start = (await read('c1.0')).cursor;
    // Another database's open transaction with an id keeps the server-wide snapshot xmin below it.
    const other = await adminClient();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      await api.send(room, alice.token, 'during');
      const began = Date.now();
      const page = await read(start);
      // Before the fix: the full 5 s wait, then a cursor that had not moved and no 'during'.
      expect(Date.now() - began).toBeLessThan(2000);
      expect(page.messages.map((m) => m.body)).toEqual(['during']);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });
});
