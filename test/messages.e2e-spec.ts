import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordClientFrames, type PublishedFrame } from './helpers/client-frames.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { chatClient, errorOf, type ChatClient } from './helpers/chat.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';

interface Msg {
  id: string;
  seq: number;
  body: string | null;
  deleted: boolean;
  edited_at: string | null;
  client_id: string | null;
}

const MAX = 50;

describe('messages API (API.md §5)', () => {
  let app: TestApp;
  let api: ChatClient;
  let owner: FlashUser;
  let admin: FlashUser;
  let member: FlashUser;
  let outsider: FlashUser;
  let roomId: string;
  let publicRoomId: string;
  let events: PublishedFrame[] = [];

  beforeAll(async () => {
    app = await createTestApp({ env: { MESSAGE_MAX_LENGTH: String(MAX) } });
    api = chatClient(app.url);
    events = recordClientFrames(app.app);
    [owner, admin, member, outsider] = await Promise.all([0, 1, 2, 3].map(() => registerFlashUser(app.url)));
    roomId = (await api.roomWithRoles('private', { owner, admin, member })).id;
    publicRoomId = (await api.roomWithRoles('public', { owner, admin, member })).id;
  });
  afterAll(async () => {
    await app.close();
  });

  const history = async (room: string, query = '', token = member.token): Promise<Msg[]> =>
    (await api.get(`/rooms/${room}/messages${query}`, token).expect(200)).body.data as Msg[];

  describe('sending', () => {
    it('answers 201 with the full message', async () => {
      const room = await api.createRoom(owner.token);
      const response = await api.post(`/rooms/${room}/messages`, owner.token, { body: 'hello' }).expect(201);
      expect(response.body).toEqual({
        status: 'Success',
        data: {
          id: expect.any(String),
          room_id: room,
          seq: 1,
          client_id: null,
          from: { username: owner.username, name: owner.name },
          body: 'hello',
          sent_at: expect.stringMatching(/Z$/),
          edited_at: null,
          deleted: false,
        },
      });
    });

    it('keeps seq gapless under concurrent senders (5 users × 20 parallel sends → 1..100)', async () => {
      const users = await Promise.all([0, 1, 2, 3, 4].map(() => registerFlashUser(app.url)));
      const room = await api.createRoom(users[0].token);
      for (const user of users.slice(1)) await api.addMember(room, users[0].token, user.username);
      const responses = await Promise.all(
        users.flatMap((user, u) =>
          Array.from({ length: 20 }, (_, i) =>
            api.post(`/rooms/${room}/messages`, user.token, { body: `${u}-${i}` }),
          ),
        ),
      );
      expect(responses.every((r) => r.status === 201)).toBe(true);
      const seqs = responses.map((r) => (r.body as { data: Msg }).data.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      const stored = await history(room, '?after=0&limit=200', users[0].token);
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    });

    it('is idempotent on client_id: 200 with the first message, nothing stored twice, no second event', async () => {
      const room = await api.createRoom(owner.token);
      const first = await api
        .post(`/rooms/${room}/messages`, owner.token, { body: 'once', client_id: 'abc' })
        .expect(201);
      events.length = 0;
      const replay = await api
        .post(`/rooms/${room}/messages`, owner.token, { body: 'other', client_id: 'abc' })
        .expect(200);
      expect(replay.body.data).toEqual(first.body.data);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events.filter((e) => e.event === 'message')).toEqual([]);
      expect((await history(room, '', owner.token)).length).toBe(1);
    });

    it('stores one message for concurrent duplicates of a client_id', async () => {
      const room = await api.createRoom(owner.token);
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          api.post(`/rooms/${room}/messages`, owner.token, { body: 'dup', client_id: 'same' }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(responses.map((r) => (r.body as { data: Msg }).data.id)).size).toBe(1);
      expect((await history(room, '', owner.token)).map((m) => m.seq)).toEqual([1]);
    });

    it('scopes client_id per sender', async () => {
      const a = await api
        .post(`/rooms/${roomId}/messages`, owner.token, { body: 'x', client_id: 'shared' })
        .expect(201);
      const b = await api
        .post(`/rooms/${roomId}/messages`, member.token, { body: 'x', client_id: 'shared' })
        .expect(201);
      expect(a.body.data.id).not.toBe(b.body.data.id);
    });

    it.each([
      ['a blank body', { body: '  \n ' }, 'VALIDATION_FAILED'],
      ['a missing body', {}, 'VALIDATION_FAILED'],
      ['a non-string body', { body: 5 }, 'VALIDATION_FAILED'],
      ['an empty client_id', { body: 'x', client_id: '' }, 'VALIDATION_FAILED'],
      ['a long client_id', { body: 'x', client_id: 'c'.repeat(65) }, 'VALIDATION_FAILED'],
      ['a body over the limit in code points', { body: '😀'.repeat(MAX + 1) }, 'MESSAGE_TOO_LONG'],
      ['an unknown field', { body: 'x', extra: true }, 'VALIDATION_FAILED'],
    ])('answers 400 for %s', async (_, body, code) => {
      const response = await api.post(`/rooms/${roomId}/messages`, member.token, body).expect(400);
      expect(errorOf(response).code).toBe(code);
    });

    it('accepts exactly MESSAGE_MAX_LENGTH code points', async () => {
      await api.post(`/rooms/${roomId}/messages`, member.token, { body: '😀'.repeat(MAX) }).expect(201);
    });

    it('denies non-members: 404 for private, 403 NOT_A_MEMBER for public', async () => {
      const hidden = await api.post(`/rooms/${roomId}/messages`, outsider.token, { body: 'x' }).expect(404);
      expect(errorOf(hidden).code).toBe('NOT_FOUND');
      const open = await api
        .post(`/rooms/${publicRoomId}/messages`, outsider.token, { body: 'x' })
        .expect(403);
      expect(errorOf(open).code).toBe('NOT_A_MEMBER');
      for (const [room, status, code] of [
        [roomId, 404, 'NOT_FOUND'],
        [publicRoomId, 403, 'NOT_A_MEMBER'],
      ] as const) {
        expect(errorOf(await api.get(`/rooms/${room}/messages`, outsider.token).expect(status)).code).toBe(
          code,
        );
        expect(
          errorOf(await api.post(`/rooms/${room}/read`, outsider.token, { seq: 1 }).expect(status)).code,
        ).toBe(code);
      }
    });

    it('publishes `message` on FANOUT after the commit, in seq order', async () => {
      const room = await api.createRoom(owner.token);
      events.length = 0;
      await Promise.all(
        ['a', 'b', 'c'].map((body) => api.post(`/rooms/${room}/messages`, owner.token, { body })),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const published = events.filter((e) => e.event === 'message');
      expect(published.map((e) => (e.data as Msg).seq)).toEqual([1, 2, 3]);
      expect(published[0].topic).toEqual({ kind: 'room', roomId: room });
    });
  });

  describe('history', () => {
    let room: string;
    beforeAll(async () => {
      room = await api.createRoom(owner.token);
      await api.addMember(room, owner.token, member.username);
      for (let i = 1; i <= 7; i += 1) await api.send(room, owner.token, `m${i}`);
    });

    it('no cursor: the newest `limit`, newest first (default 50)', async () => {
      expect((await history(room)).map((m) => m.seq)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      expect((await history(room, '?limit=3')).map((m) => m.seq)).toEqual([7, 6, 5]);
    });

    it('before=N: seq < N, newest first', async () => {
      expect((await history(room, '?before=5&limit=2')).map((m) => m.seq)).toEqual([4, 3]);
      expect(await history(room, '?before=1')).toEqual([]);
    });

    it('after=N: seq > N, oldest first', async () => {
      expect((await history(room, '?after=2&limit=3')).map((m) => m.seq)).toEqual([3, 4, 5]);
      expect(await history(room, '?after=7')).toEqual([]);
    });

    it.each(['limit=0', 'limit=201', 'limit=abc', 'limit=1.5', 'before=x', 'after=-1', 'before=3&after=1'])(
      'answers 400 VALIDATION_FAILED for %s',
      async (query) => {
        const response = await api.get(`/rooms/${room}/messages?${query}`, member.token).expect(400);
        expect(errorOf(response).code).toBe('VALIDATION_FAILED');
      },
    );

    it('accepts limit=200', async () => {
      expect(await history(room, '?limit=200')).toHaveLength(7);
    });
  });

  describe('edit and delete', () => {
    it('the author edits; edited_at is set; others get 403', async () => {
      const sent = await api.send(roomId, member.token, 'draft');
      events.length = 0;
      const edited = await api
        .patch(`/rooms/${roomId}/messages/${sent.id}`, member.token, { body: 'final' })
        .expect(200);
      expect(edited.body.data).toMatchObject({
        id: sent.id,
        seq: sent.seq,
        body: 'final',
        edited_at: expect.stringMatching(/Z$/),
      });
      expect(events).toEqual([
        { topic: { kind: 'room', roomId }, event: 'message.updated', data: { message: edited.body.data } },
      ]);
      for (const user of [owner, admin]) {
        const denied = await api
          .patch(`/rooms/${roomId}/messages/${sent.id}`, user.token, { body: 'x' })
          .expect(403);
        expect(errorOf(denied).code).toBe('FORBIDDEN');
      }
      const blank = await api
        .patch(`/rooms/${roomId}/messages/${sent.id}`, member.token, { body: ' ' })
        .expect(400);
      expect(errorOf(blank).code).toBe('VALIDATION_FAILED');
    });

    it('delete: author, admin and owner; a tombstone keeps its seq and edited_at', async () => {
      const mine = await api.send(roomId, member.token, 'mine');
      await api.patch(`/rooms/${roomId}/messages/${mine.id}`, member.token, { body: 'edited' }).expect(200);
      const byOther = await api.send(roomId, owner.token, 'owner says');
      const denied = await api.delete(`/rooms/${roomId}/messages/${byOther.id}`, member.token).expect(403);
      expect(errorOf(denied).code).toBe('FORBIDDEN');
      // Like every delete, data: null (API.md §0, §5); the tombstone is in history.
      const deleted = await api.delete(`/rooms/${roomId}/messages/${mine.id}`, member.token).expect(200);
      expect(deleted.body).toEqual({ status: 'Success', data: null });
      await api.delete(`/rooms/${roomId}/messages/${byOther.id}`, admin.token).expect(200);
      const third = await api.send(roomId, admin.token, 'admin says');
      await api.delete(`/rooms/${roomId}/messages/${third.id}`, owner.token).expect(200);
      const stored = await history(roomId, `?after=${mine.seq - 1}&limit=3`);
      expect(stored[0]).toMatchObject({
        id: mine.id,
        seq: mine.seq,
        body: null,
        deleted: true,
        edited_at: expect.any(String),
      });
      expect(stored.map((m) => [m.seq, m.body, m.deleted])).toEqual([
        [mine.seq, null, true],
        [byOther.seq, null, true],
        [third.seq, null, true],
      ]);
      const editTomb = await api
        .patch(`/rooms/${roomId}/messages/${mine.id}`, member.token, { body: 'back' })
        .expect(409);
      expect(errorOf(editTomb).code).toBe('MESSAGE_DELETED');
    });

    it('answers 404 for a message of another room or an unknown/malformed id', async () => {
      const elsewhere = await api.send(publicRoomId, member.token, 'elsewhere');
      for (const id of [elsewhere.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
        const response = await api
          .patch(`/rooms/${roomId}/messages/${id}`, member.token, { body: 'x' })
          .expect(404);
        expect(errorOf(response).code).toBe('NOT_FOUND');
        await api.delete(`/rooms/${roomId}/messages/${id}`, member.token).expect(404);
      }
    });
  });

  describe('read markers and unread counts', () => {
    it('counts others’ undeleted messages after the marker; the marker never moves back', async () => {
      const room = await api.createRoom(owner.token);
      await api.addMember(room, owner.token, member.username);
      const sent = [];
      for (let i = 0; i < 4; i += 1) sent.push(await api.send(room, owner.token, `o${i}`));
      await api.send(room, member.token, 'mine');
      await api.delete(`/rooms/${room}/messages/${sent[3].id}`, owner.token).expect(200);
      const unread = async () =>
        (await api.get(`/rooms/${room}`, member.token).expect(200)).body.data as {
          unread_count: number;
          last_read_seq: number;
        };
      expect(await unread()).toMatchObject({ unread_count: 3, last_read_seq: 0 });

      events.length = 0;
      const moved = await api.post(`/rooms/${room}/read`, member.token, { seq: 2 }).expect(200);
      expect(moved.body.data).toEqual({ room_id: room, last_read_seq: 2 });
      expect(events).toEqual([
        {
          topic: { kind: 'room', roomId: room },
          event: 'read',
          data: { room_id: room, username: member.username, seq: 2 },
        },
      ]);
      expect(await unread()).toMatchObject({ unread_count: 1, last_read_seq: 2 });

      const lower = await api.post(`/rooms/${room}/read`, member.token, { seq: 1 }).expect(200);
      expect(lower.body.data.last_read_seq).toBe(2);
      expect(await unread()).toMatchObject({ last_read_seq: 2 });

      const capped = await api.post(`/rooms/${room}/read`, member.token, { seq: 1000 }).expect(200);
      expect(capped.body.data.last_read_seq).toBe(5);
      expect(await unread()).toMatchObject({ unread_count: 0 });
    });

    it.each([{ seq: 1.5 }, { seq: '3' }, { seq: -1 }, {}, { seq: null }])(
      'answers 400 for %p',
      async (body) => {
        const response = await api.post(`/rooms/${roomId}/read`, member.token, body).expect(400);
        expect(errorOf(response).code).toBe('VALIDATION_FAILED');
      },
    );
  });
});
