import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordClientFrames, type PublishedFrame } from './helpers/client-frames.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { chatClient, errorOf, type ChatClient } from './helpers/chat.js';
import { registerFlashUser, uniqueUsername, type FlashUser } from './helpers/factories.js';
import { resign } from './helpers/tokens.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('rooms API (API.md §5)', () => {
  let app: TestApp;
  let api: ChatClient;
  let alice: FlashUser;
  let bob: FlashUser;
  let carol: FlashUser;
  let outsider: FlashUser;
  let events: PublishedFrame[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    api = chatClient(app.url);
    events = recordClientFrames(app.app);
    [alice, bob, carol, outsider] = await Promise.all([0, 1, 2, 3].map(() => registerFlashUser(app.url)));
  });
  afterAll(async () => {
    await app.close();
  });

  describe('POST /rooms', () => {
    it('creates a private room with the caller as owner (201)', async () => {
      const response = await api
        .post('/rooms', alice.token, { name: '  Lobby  ', topic: 'hello' })
        .expect(201);
      expect(response.body).toEqual({
        status: 'Success',
        data: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          kind: 'group',
          name: 'Lobby',
          topic: 'hello',
          visibility: 'private',
          created_at: expect.stringMatching(ISO),
          member_count: 1,
          role: 'owner',
          last_read_seq: 0,
          unread_count: 0,
          last_message: null,
        },
      });
    });

    it.each([
      ['a missing name', { topic: 'x' }],
      ['a blank name', { name: '   ' }],
      ['a long name', { name: 'x'.repeat(101) }],
      ['a bad visibility', { name: 'x', visibility: 'secret' }],
      ['an unknown field', { name: 'x', color: 'red' }],
    ])('answers 400 VALIDATION_FAILED for %s', async (_, body) => {
      const response = await api.post('/rooms', alice.token, body).expect(400);
      expect(response.body).toEqual({
        status: 'Error',
        error: expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      });
    });

    it('answers 400 for a body that is not a JSON object', async () => {
      await api.post('/rooms', alice.token, [1, 2]).expect(400);
    });
  });

  describe('GET /rooms', () => {
    it('lists the caller’s rooms, most recent activity first, with unread counts and last message', async () => {
      const user = await registerFlashUser(app.url);
      const older = await api.createRoom(user.token, { name: 'Older' });
      const newer = await api.createRoom(user.token, { name: 'Newer' });
      await api.addMember(older, user.token, bob.username);
      await api.send(older, bob.token, 'from bob');
      await api.send(older, bob.token, 'again');
      await api.send(older, user.token, 'mine');
      const response = await api.get('/rooms', user.token).expect(200);
      const rooms = response.body.data as { id: string }[];
      expect(rooms.map((r) => r.id)).toEqual([older, newer]);
      expect(rooms[0]).toMatchObject({
        member_count: 2,
        role: 'owner',
        last_read_seq: 0,
        unread_count: 2,
        last_message: { seq: 3, body: 'mine', from: { username: user.username, name: user.name } },
      });
      await api.post(`/rooms/${older}/read`, user.token, { seq: 1 }).expect(200);
      const after = await api.get('/rooms', user.token).expect(200);
      expect(after.body.data[0]).toMatchObject({ last_read_seq: 1, unread_count: 1 });
    });
  });

  describe('GET /rooms/public', () => {
    const tag = uniqueUsername('pub').slice(0, 10);
    let ids: string[];
    beforeAll(async () => {
      ids = [];
      for (const name of [`${tag} Cats`, `${tag} apes`, `${tag} Birds`]) {
        ids.push(await api.createRoom(alice.token, { name, visibility: 'public' }));
      }
      await api.createRoom(alice.token, { name: `${tag} hidden` });
    });

    it('finds public rooms by case-insensitive name prefix, ordered by name', async () => {
      const response = await api.get(`/rooms/public?q=${tag.toUpperCase()}`, outsider.token).expect(200);
      expect(response.body.data.map((r: { name: string }) => r.name)).toEqual([
        `${tag} apes`,
        `${tag} Birds`,
        `${tag} Cats`,
      ]);
      expect(response.body.data[0]).toMatchObject({ visibility: 'public', role: null, member_count: 1 });
    });

    it('pages with limit and after', async () => {
      const first = await api.get(`/rooms/public?q=${tag}&limit=2`, outsider.token).expect(200);
      expect(first.body.data).toHaveLength(2);
      const next = await api
        .get(`/rooms/public?q=${tag}&limit=2&after=${first.body.data[1].id}`, outsider.token)
        .expect(200);
      expect(next.body.data.map((r: { name: string }) => r.name)).toEqual([`${tag} Cats`]);
    });

    it('treats LIKE wildcards literally', async () => {
      const response = await api.get(`/rooms/public?q=${tag.slice(0, 3)}%25`, outsider.token).expect(200);
      expect(response.body.data).toEqual([]);
    });

    it.each(['0', '201', 'x'])('answers 400 for limit=%s', async (limit) => {
      const response = await api.get(`/rooms/public?limit=${limit}`, outsider.token).expect(400);
      expect(errorOf(response).code).toBe('VALIDATION_FAILED');
    });

    it('answers 400 for an after that is not a public room', async () => {
      const response = await api.get(`/rooms/public?after=${UNKNOWN_ID}`, outsider.token).expect(400);
      expect(errorOf(response).code).toBe('VALIDATION_FAILED');
    });
  });

  describe('permission matrix', () => {
    for (const visibility of ['private', 'public'] as const) {
      const denied: [number, string] = visibility === 'private' ? [404, 'NOT_FOUND'] : [403, 'NOT_A_MEMBER'];
      describe(`${visibility} room`, () => {
        it('details: members yes; non-members only for public rooms', async () => {
          const room = await api.roomWithRoles(visibility);
          for (const user of [room.owner, room.admin, room.member]) {
            await api.get(`/rooms/${room.id}`, user.token).expect(200);
          }
          const response = await api.get(`/rooms/${room.id}`, outsider.token);
          if (visibility === 'public') {
            expect(response.status).toBe(200);
            expect(response.body.data).toMatchObject({ id: room.id, role: null, member_count: 3 });
          } else {
            expect(response.status).toBe(404);
            expect(errorOf(response).code).toBe('NOT_FOUND');
          }
        });

        it('PATCH: owner and admin; member 403 FORBIDDEN; non-member denied', async () => {
          const room = await api.roomWithRoles(visibility);
          await api.patch(`/rooms/${room.id}`, room.owner.token, { topic: 'by owner' }).expect(200);
          const byAdmin = await api
            .patch(`/rooms/${room.id}`, room.admin.token, { name: 'Renamed' })
            .expect(200);
          expect(byAdmin.body.data).toMatchObject({ name: 'Renamed', topic: 'by owner', role: 'admin' });
          const byMember = await api
            .patch(`/rooms/${room.id}`, room.member.token, { topic: 'x' })
            .expect(403);
          expect(errorOf(byMember).code).toBe('FORBIDDEN');
          const byOutsider = await api
            .patch(`/rooms/${room.id}`, outsider.token, { topic: 'x' })
            .expect(denied[0]);
          expect(errorOf(byOutsider).code).toBe(denied[1]);
        });

        it('DELETE: owner only', async () => {
          const room = await api.roomWithRoles(visibility);
          for (const user of [room.admin, room.member]) {
            expect(errorOf(await api.delete(`/rooms/${room.id}`, user.token).expect(403)).code).toBe(
              'FORBIDDEN',
            );
          }
          expect(errorOf(await api.delete(`/rooms/${room.id}`, outsider.token).expect(denied[0])).code).toBe(
            denied[1],
          );
          await api.send(room.id, room.member.token, 'soon gone');
          const done = await api.delete(`/rooms/${room.id}`, room.owner.token).expect(200);
          expect(done.body).toEqual({ status: 'Success', data: null });
          await api.get(`/rooms/${room.id}`, room.owner.token).expect(404);
          await api.get(`/rooms/${room.id}/messages`, room.member.token).expect(404);
        });

        it('join: public rooms only', async () => {
          const room = await api.roomWithRoles(visibility);
          const joiner = await registerFlashUser(app.url);
          const response = await api.post(`/rooms/${room.id}/join`, joiner.token);
          if (visibility === 'public') {
            expect(response.status).toBe(200);
            expect(response.body.data).toMatchObject({ role: 'member', member_count: 4 });
            await api.post(`/rooms/${room.id}/join`, joiner.token).expect(200);
          } else {
            expect(response.status).toBe(404);
          }
        });

        it('add member: owner and admin; plain members only in public rooms; non-members denied', async () => {
          const room = await api.roomWithRoles(visibility);
          const [x, y, z] = await Promise.all([0, 1, 2].map(() => registerFlashUser(app.url)));
          const added = await api
            .post(`/rooms/${room.id}/members`, room.admin.token, { username: x.username })
            .expect(200);
          expect(added.body.data).toEqual({
            username: x.username,
            name: x.name,
            role: 'member',
            joined_at: expect.stringMatching(ISO),
            online: false,
            last_seen_at: null,
          });
          await api.post(`/rooms/${room.id}/members`, room.owner.token, { username: y.username }).expect(200);
          const byMember = await api.post(`/rooms/${room.id}/members`, room.member.token, {
            username: z.username,
          });
          if (visibility === 'public') expect(byMember.status).toBe(200);
          else expect([byMember.status, errorOf(byMember).code]).toEqual([403, 'FORBIDDEN']);
          const byOutsider = await api.post(`/rooms/${room.id}/members`, outsider.token, {
            username: z.username,
          });
          expect([byOutsider.status, errorOf(byOutsider).code]).toEqual(denied);
          const unknown = await api.post(`/rooms/${room.id}/members`, room.owner.token, {
            username: uniqueUsername('ghost'),
          });
          expect([unknown.status, errorOf(unknown).code]).toEqual([404, 'NOT_FOUND']);
        });

        it('remove member: owner and admin, never above own role', async () => {
          const room = await api.roomWithRoles(visibility);
          const extra = await registerFlashUser(app.url);
          await api.addMember(room.id, room.owner.token, extra.username);
          const byMember = await api.delete(`/rooms/${room.id}/members/${extra.username}`, room.member.token);
          expect([byMember.status, errorOf(byMember).code]).toEqual([403, 'FORBIDDEN']);
          const adminOnOwner = await api.delete(
            `/rooms/${room.id}/members/${room.owner.username}`,
            room.admin.token,
          );
          expect([adminOnOwner.status, errorOf(adminOnOwner).code]).toEqual([403, 'FORBIDDEN']);
          const byOutsider = await api.delete(`/rooms/${room.id}/members/${extra.username}`, outsider.token);
          expect([byOutsider.status, errorOf(byOutsider).code]).toEqual(denied);
          await api.delete(`/rooms/${room.id}/members/${extra.username}`, room.admin.token).expect(200);
          const again = await api.delete(`/rooms/${room.id}/members/${extra.username}`, room.admin.token);
          expect([again.status, errorOf(again).code]).toEqual([404, 'NOT_FOUND']);
          await api.delete(`/rooms/${room.id}/members/${room.admin.username}`, room.owner.token).expect(200);
          const members = await api.get(`/rooms/${room.id}/members`, room.owner.token).expect(200);
          expect(members.body.data.map((m: { username: string }) => m.username).sort()).toEqual(
            [room.owner.username, room.member.username].sort(),
          );
        });

        it('change role: owner only; handing over ownership makes the old owner admin', async () => {
          const room = await api.roomWithRoles(visibility);
          const byAdmin = await api.patch(
            `/rooms/${room.id}/members/${room.member.username}`,
            room.admin.token,
            { role: 'admin' },
          );
          expect([byAdmin.status, errorOf(byAdmin).code]).toEqual([403, 'FORBIDDEN']);
          const byOutsider = await api.patch(
            `/rooms/${room.id}/members/${room.member.username}`,
            outsider.token,
            { role: 'admin' },
          );
          expect([byOutsider.status, errorOf(byOutsider).code]).toEqual(denied);
          const bad = await api.patch(`/rooms/${room.id}/members/${room.member.username}`, room.owner.token, {
            role: 'king',
          });
          expect([bad.status, errorOf(bad).code]).toEqual([400, 'VALIDATION_FAILED']);
          const selfDemote = await api.patch(
            `/rooms/${room.id}/members/${room.owner.username}`,
            room.owner.token,
            { role: 'member' },
          );
          expect([selfDemote.status, errorOf(selfDemote).code]).toEqual([409, 'OWNER_MUST_TRANSFER']);
          const handed = await api
            .patch(`/rooms/${room.id}/members/${room.member.username}`, room.owner.token, { role: 'owner' })
            .expect(200);
          expect(handed.body.data).toMatchObject({ username: room.member.username, role: 'owner' });
          const members = await api.get(`/rooms/${room.id}/members`, room.member.token).expect(200);
          const roles = Object.fromEntries(
            members.body.data.map((m: { username: string; role: string }) => [m.username, m.role]),
          );
          expect(roles).toEqual({
            [room.owner.username]: 'admin',
            [room.admin.username]: 'admin',
            [room.member.username]: 'owner',
          });
        });

        it('members list and leave: members only; the owner must transfer first', async () => {
          const room = await api.roomWithRoles(visibility);
          const byOutsider = await api.get(`/rooms/${room.id}/members`, outsider.token);
          expect([byOutsider.status, errorOf(byOutsider).code]).toEqual(denied);
          const leaveOutsider = await api.post(`/rooms/${room.id}/leave`, outsider.token);
          expect([leaveOutsider.status, errorOf(leaveOutsider).code]).toEqual(denied);
          const ownerLeaves = await api.post(`/rooms/${room.id}/leave`, room.owner.token);
          expect([ownerLeaves.status, errorOf(ownerLeaves).code]).toEqual([409, 'OWNER_MUST_TRANSFER']);
          expect((await api.post(`/rooms/${room.id}/leave`, room.member.token).expect(200)).body).toEqual({
            status: 'Success',
            data: null,
          });
          await api.post(`/rooms/${room.id}/leave`, room.admin.token).expect(200);
          // The last member leaving deletes the room.
          await api.post(`/rooms/${room.id}/leave`, room.owner.token).expect(200);
          await api.get(`/rooms/${room.id}`, room.owner.token).expect(404);
        });
      });
    }
  });

  describe('direct rooms (POST /dm/:username)', () => {
    it('creates one room per pair: 201, then 200 from either side', async () => {
      const [x, y] = await Promise.all([registerFlashUser(app.url), registerFlashUser(app.url)]);
      const created = await api.post(`/dm/${y.username.toUpperCase()}`, x.token).expect(201);
      expect(created.body.data).toMatchObject({
        kind: 'direct',
        name: null,
        visibility: 'private',
        member_count: 2,
        role: 'member',
      });
      const again = await api.post(`/dm/${y.username}`, x.token).expect(200);
      const reverse = await api.post(`/dm/${x.username}`, y.token).expect(200);
      expect(again.body.data.id).toBe(created.body.data.id);
      expect(reverse.body.data.id).toBe(created.body.data.id);
    });

    it('makes exactly one room under concurrent first calls', async () => {
      const [x, y] = await Promise.all([registerFlashUser(app.url), registerFlashUser(app.url)]);
      const responses = await Promise.all([
        api.post(`/dm/${y.username}`, x.token),
        api.post(`/dm/${x.username}`, y.token),
        api.post(`/dm/${y.username}`, x.token),
      ]);
      expect(new Set(responses.map((r) => (r.body as { data: { id: string } }).data.id)).size).toBe(1);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    });

    it('answers 400 CANNOT_DM_SELF and 404 for an unknown user', async () => {
      const self = await api.post(`/dm/${alice.username}`, alice.token).expect(400);
      expect(errorOf(self).code).toBe('CANNOT_DM_SELF');
      const ghost = await api.post(`/dm/${uniqueUsername('ghost')}`, alice.token).expect(404);
      expect(errorOf(ghost).code).toBe('NOT_FOUND');
    });

    it('never changes membership or settings: 400 DIRECT_ROOM_FIXED', async () => {
      const dm = (await api.post(`/dm/${bob.username}`, alice.token)).body.data.id as string;
      const attempts = [
        api.post(`/rooms/${dm}/members`, alice.token, { username: carol.username }),
        api.delete(`/rooms/${dm}/members/${bob.username}`, alice.token),
        api.patch(`/rooms/${dm}/members/${bob.username}`, alice.token, { role: 'admin' }),
        api.post(`/rooms/${dm}/leave`, alice.token),
        api.patch(`/rooms/${dm}`, alice.token, { name: 'x' }),
        api.delete(`/rooms/${dm}`, alice.token),
      ];
      for (const response of await Promise.all(attempts)) {
        expect([response.status, errorOf(response).code]).toEqual([400, 'DIRECT_ROOM_FIXED']);
      }
      const third = await api
        .post(`/rooms/${dm}/members`, carol.token, { username: carol.username })
        .expect(404);
      expect(errorOf(third).code).toBe('NOT_FOUND');
    });
  });

  describe('ids, bodies and scopes', () => {
    it.each(['not-a-uuid', '123', UNKNOWN_ID])('answers 404 for room id %s', async (id) => {
      for (const response of await Promise.all([
        api.get(`/rooms/${id}`, alice.token),
        api.get(`/rooms/${id}/messages`, alice.token),
        api.post(`/rooms/${id}/join`, alice.token),
        api.post(`/rooms/${id}/messages`, alice.token, { body: 'x' }),
        api.patch(`/rooms/${id}/messages/${UNKNOWN_ID}`, alice.token, { body: 'x' }),
        api.delete(`/rooms/${id}/messages/also-bad`, alice.token),
        api.post(`/rooms/${id}/read`, alice.token, { seq: 1 }),
      ])) {
        expect([response.status, errorOf(response).code]).toEqual([404, 'NOT_FOUND']);
      }
    });

    it('rejects unknown body fields with 400 VALIDATION_FAILED on every write', async () => {
      const room = await api.createRoom(alice.token);
      const message = await api.send(room, alice.token, 'x');
      for (const response of await Promise.all([
        api.patch(`/rooms/${room}`, alice.token, { extra: 1 }),
        api.post(`/rooms/${room}/members`, alice.token, { username: bob.username, extra: 1 }),
        api.patch(`/rooms/${room}/members/${alice.username}`, alice.token, { role: 'owner', extra: 1 }),
        api.post(`/rooms/${room}/messages`, alice.token, { body: 'x', extra: 1 }),
        api.patch(`/rooms/${room}/messages/${message.id}`, alice.token, { body: 'x', extra: 1 }),
        api.post(`/rooms/${room}/read`, alice.token, { seq: 1, extra: 1 }),
      ])) {
        expect([response.status, errorOf(response).code]).toEqual([400, 'VALIDATION_FAILED']);
      }
    });

    it('needs chat:read for reads and chat:write for writes (403 INSUFFICIENT_SCOPE)', async () => {
      const room = await api.createRoom(alice.token);
      const readOnly = resign(alice.token, { scope: 'chat:read users:read session' });
      const writeOnly = resign(alice.token, { scope: 'chat:write users:read session' });
      const writes = [
        api.post('/rooms', readOnly, { name: 'x' }),
        api.patch(`/rooms/${room}`, readOnly, { topic: 'x' }),
        api.delete(`/rooms/${room}`, readOnly),
        api.post(`/rooms/${room}/join`, readOnly),
        api.post(`/rooms/${room}/leave`, readOnly),
        api.post(`/rooms/${room}/members`, readOnly, { username: bob.username }),
        api.delete(`/rooms/${room}/members/${bob.username}`, readOnly),
        api.patch(`/rooms/${room}/members/${bob.username}`, readOnly, { role: 'admin' }),
        api.post(`/rooms/${room}/messages`, readOnly, { body: 'x' }),
        api.patch(`/rooms/${room}/messages/${UNKNOWN_ID}`, readOnly, { body: 'x' }),
        api.delete(`/rooms/${room}/messages/${UNKNOWN_ID}`, readOnly),
        api.post(`/rooms/${room}/read`, readOnly, { seq: 0 }),
        api.post(`/dm/${bob.username}`, readOnly),
      ];
      const reads = [
        api.get('/rooms', writeOnly),
        api.get('/rooms/public', writeOnly),
        api.get(`/rooms/${room}`, writeOnly),
        api.get(`/rooms/${room}/members`, writeOnly),
        api.get(`/rooms/${room}/messages`, writeOnly),
      ];
      for (const response of await Promise.all([...writes, ...reads])) {
        expect(response.status).toBe(403);
        expect(response.body).toEqual({
          status: 'Error',
          error: expect.objectContaining({ code: 'INSUFFICIENT_SCOPE' }),
        });
      }
      await api.get(`/rooms/${room}`, readOnly).expect(200);
    });

    it('answers 401 UNAUTHORIZED without a token', async () => {
      const response = await api.get('/rooms', 'not-a-token').expect(401);
      expect(errorOf(response).code).toBe('UNAUTHORIZED');
    });
  });

  describe('live announcements on FANOUT', () => {
    it('announces room and membership changes with the §6 names and data', async () => {
      const room = await api.roomWithRoles('public', { owner: alice, admin: bob, member: carol });
      events.length = 0;
      await api.patch(`/rooms/${room.id}`, alice.token, { topic: 'news' }).expect(200);
      await api.post(`/rooms/${room.id}/join`, outsider.token).expect(200);
      await api
        .patch(`/rooms/${room.id}/members/${outsider.username}`, alice.token, { role: 'admin' })
        .expect(200);
      await api.delete(`/rooms/${room.id}/members/${outsider.username}`, alice.token).expect(200);
      await api.post(`/rooms/${room.id}/leave`, carol.token).expect(200);
      await api.delete(`/rooms/${room.id}`, alice.token).expect(200);
      const roomTopic = { kind: 'room', roomId: room.id };
      expect(events).toEqual([
        {
          topic: roomTopic,
          event: 'room.updated',
          data: { room: expect.objectContaining({ id: room.id, topic: 'news', role: null }) },
        },
        {
          topic: roomTopic,
          event: 'room.member_joined',
          data: { room_id: room.id, username: outsider.username, role: 'member' },
        },
        {
          topic: roomTopic,
          event: 'room.member_updated',
          data: { room_id: room.id, username: outsider.username, role: 'admin' },
        },
        {
          topic: roomTopic,
          event: 'room.member_left',
          data: { room_id: room.id, username: outsider.username },
        },
        {
          topic: { kind: 'user', userId: expect.any(String) },
          event: 'room.member_left',
          data: { room_id: room.id, username: outsider.username },
        },
        { topic: roomTopic, event: 'room.member_left', data: { room_id: room.id, username: carol.username } },
        {
          topic: { kind: 'user', userId: expect.any(String) },
          event: 'room.member_left',
          data: { room_id: room.id, username: carol.username },
        },
        {
          topic: { kind: 'user', userId: expect.any(String) },
          event: 'room.deleted',
          data: { room_id: room.id },
        },
        {
          topic: { kind: 'user', userId: expect.any(String) },
          event: 'room.deleted',
          data: { room_id: room.id },
        },
      ]);
    });
  });
});
