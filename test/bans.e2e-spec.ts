// Room bans (API.md §5): who may ban, lift and list; what a ban does (the member is removed, announced as
// room.member_left to everyone including them, and receives nothing more of the room) and keeps doing
// (join → 403 BANNED, add → 409 BANNED) until lifted — on one instance and across two.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chatClient, errorOf, type ChatClient, type RoomFixture } from './helpers/chat.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { describeFanoutModes, startCluster, type InstanceCluster } from './helpers/instances.js';
import { connect, type TestSocket } from './helpers/ws-client.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const describeFanout = await describeFanoutModes();

describe('room bans (API.md §5)', () => {
  let app: TestApp;
  let api: ChatClient;
  let owner: FlashUser;
  let admin: FlashUser;
  let member: FlashUser;
  let outsider: FlashUser;
  const sockets: TestSocket[] = [];

  const open = async (user: FlashUser): Promise<TestSocket> => {
    const socket = await connect(app.wsUrl, '/ws', { token: user.token });
    sockets.push(socket);
    return socket;
  };
  const room = (visibility: 'public' | 'private'): Promise<RoomFixture> =>
    api.roomWithRoles(visibility, { owner, admin, member });
  const ban = (roomId: string, by: FlashUser, username: string) =>
    api.post(`/rooms/${roomId}/bans`, by.token, { username });
  const code = (response: { body: unknown }) => errorOf(response).code;

  beforeAll(async () => {
    app = await createTestApp();
    api = chatClient(app.url);
    [owner, admin, member, outsider] = await Promise.all([0, 1, 2, 3].map(() => registerFlashUser(app.url)));
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await app.close();
  });

  it('removes a member (room.member_left to the room and to them), then delivers them nothing of the room', async () => {
    const { id } = await room('private');
    const [onOwner, onMember, onMemberToo] = await Promise.all([open(owner), open(member), open(member)]);
    const response = await ban(id, admin, member.username).expect(201);
    expect(response.body).toEqual({
      status: 'Success',
      data: {
        username: member.username,
        name: member.name,
        banned_by: admin.username,
        banned_at: expect.stringMatching(ISO),
      },
    });
    const left = { room_id: id, username: member.username };
    expect((await onOwner.next('room.member_left')).data).toEqual(left);
    expect((await onMember.next('room.member_left')).data).toEqual(left);
    expect((await onMemberToo.next('room.member_left')).data).toEqual(left);

    await api.send(id, owner.token, 'after the ban');
    await onOwner.next('message');
    await onMember.expectNone('message');
    await onMemberToo.expectNone('message');
    const members = (await api.get(`/rooms/${id}/members`, owner.token).expect(200)).body as {
      data: { username: string }[];
    };
    expect(members.data.map((m) => m.username)).not.toContain(member.username);
    // Private room: the banned user no longer sees it.
    expect(code(await api.get(`/rooms/${id}/messages`, member.token).expect(404))).toBe('NOT_FOUND');
    expect(code(await api.post(`/rooms/${id}/messages`, member.token, { body: 'hi' }).expect(404))).toBe(
      'NOT_FOUND',
    );
  });

  it('answers 200 with the existing ban when banning again, and lists bans oldest first', async () => {
    const { id } = await room('public');
    const first = await ban(id, owner, member.username).expect(201);
    const again = await ban(id, admin, member.username).expect(200);
    expect(again.body).toEqual(first.body);
    await ban(id, owner, outsider.username).expect(201); // not a member: kept out all the same
    const list = await api.get(`/rooms/${id}/bans`, admin.token).expect(200);
    expect(list.body).toEqual({
      status: 'Success',
      data: [
        {
          username: member.username,
          name: member.name,
          banned_by: owner.username,
          banned_at: expect.stringMatching(ISO),
        },
        {
          username: outsider.username,
          name: outsider.name,
          banned_by: owner.username,
          banned_at: expect.stringMatching(ISO),
        },
      ],
    });
  });

  it('keeps a banned user out: join → 403 BANNED, add → 409 BANNED; lifting the ban lets them in again', async () => {
    const { id } = await room('public');
    await ban(id, owner, member.username).expect(201);
    expect(code(await api.post(`/rooms/${id}/join`, member.token).expect(403))).toBe('BANNED');
    expect(
      code(await api.post(`/rooms/${id}/members`, owner.token, { username: member.username }).expect(409)),
    ).toBe('BANNED');
    expect(code(await api.post(`/rooms/${id}/messages`, member.token, { body: 'hi' }).expect(403))).toBe(
      'NOT_A_MEMBER',
    );

    const lifted = await api.delete(`/rooms/${id}/bans/${member.username}`, admin.token).expect(200);
    expect(lifted.body).toEqual({ status: 'Success', data: null });
    expect((await api.get(`/rooms/${id}/bans`, owner.token).expect(200)).body).toEqual({
      status: 'Success',
      data: [],
    });
    await api.post(`/rooms/${id}/join`, member.token).expect(200);
  });

  it('never bans above one’s own role, and only owners and admins ban, lift and list (403 FORBIDDEN)', async () => {
    const { id } = await room('public');
    expect(code(await ban(id, admin, owner.username).expect(403))).toBe('FORBIDDEN');
    expect(code(await ban(id, member, outsider.username).expect(403))).toBe('FORBIDDEN');
    await ban(id, owner, outsider.username).expect(201);
    expect(code(await api.delete(`/rooms/${id}/bans/${outsider.username}`, member.token).expect(403))).toBe(
      'FORBIDDEN',
    );
    expect(code(await api.get(`/rooms/${id}/bans`, member.token).expect(403))).toBe('FORBIDDEN');
    // An admin may ban another admin (not above their own role).
    const second = await registerFlashUser(app.url);
    await api.addMember(id, owner.token, second.username);
    await api.patch(`/rooms/${id}/members/${second.username}`, owner.token, { role: 'admin' }).expect(200);
    await ban(id, admin, second.username).expect(201);
  });

  it('answers 404 for an unknown user, a missing ban and an unknown room; 400 for oneself', async () => {
    const { id } = await room('public');
    expect(code(await ban(id, owner, 'nobody_here_1').expect(404))).toBe('NOT_FOUND');
    expect(code(await api.delete(`/rooms/${id}/bans/${outsider.username}`, owner.token).expect(404))).toBe(
      'NOT_FOUND',
    );
    expect(code(await api.delete(`/rooms/${id}/bans/nobody_here_1`, owner.token).expect(404))).toBe(
      'NOT_FOUND',
    );
    expect(code(await ban(UNKNOWN_ID, owner, member.username).expect(404))).toBe('NOT_FOUND');
    expect(code(await api.get('/rooms/not-a-uuid/bans', owner.token).expect(404))).toBe('NOT_FOUND');
    expect(code(await ban(id, admin, admin.username).expect(400))).toBe('CANNOT_BAN_SELF');
  });

  it('hides private rooms from non-members (404) and refuses them on public ones (403 NOT_A_MEMBER)', async () => {
    const hidden = await room('private');
    const open_ = await room('public');
    for (const [id, status, expected] of [
      [hidden.id, 404, 'NOT_FOUND'],
      [open_.id, 403, 'NOT_A_MEMBER'],
    ] as const) {
      expect(code(await ban(id, outsider, member.username).expect(status))).toBe(expected);
      expect(code(await api.get(`/rooms/${id}/bans`, outsider.token).expect(status))).toBe(expected);
      expect(
        code(await api.delete(`/rooms/${id}/bans/${member.username}`, outsider.token).expect(status)),
      ).toBe(expected);
    }
  });

  it('has no bans in direct rooms (400 DIRECT_ROOM_FIXED) and validates the body (400 VALIDATION_FAILED)', async () => {
    const dm = await api.post(`/dm/${member.username}`, owner.token).expect(201);
    const dmId = (dm.body as { data: { id: string } }).data.id;
    expect(code(await ban(dmId, owner, member.username).expect(400))).toBe('DIRECT_ROOM_FIXED');
    expect(code(await api.get(`/rooms/${dmId}/bans`, owner.token).expect(400))).toBe('DIRECT_ROOM_FIXED');
    const { id } = await room('public');
    for (const body of [{}, { username: '' }, { username: 5 }, { username: member.username, extra: 1 }]) {
      expect(code(await api.post(`/rooms/${id}/bans`, owner.token, body).expect(400))).toBe(
        'VALIDATION_FAILED',
      );
    }
  });
});

for (const mode of ['redis', 'postgres'] as const) {
  describeFanout[mode](`a ban across two instances, FANOUT=${mode}`, () => {
    let cluster: InstanceCluster;
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      cluster = await startCluster(mode);
      a = await cluster.start();
      b = await cluster.start();
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    it('stops live delivery to the banned member on the other instance', async () => {
      const rest = chatClient(a.url);
      const [owner, banned, stays] = await Promise.all([0, 1, 2].map(() => registerFlashUser(a.url)));
      const roomId = await rest.createRoom(owner.token, { name: `ban ${mode}` });
      await rest.addMember(roomId, owner.token, banned.username);
      await rest.addMember(roomId, owner.token, stays.username);
      const onBanned = await cluster.open(b, '/ws', banned);
      const onStays = await cluster.open(b, '/ws', stays);
      // Both instances have resolved (and cached) the members before the ban.
      await rest.send(roomId, owner.token, 'before');
      await onBanned.next('message');
      await onStays.next('message');

      await rest.post(`/rooms/${roomId}/bans`, owner.token, { username: banned.username }).expect(201);
      const left = { room_id: roomId, username: banned.username };
      expect((await onBanned.next('room.member_left')).data).toEqual(left);
      expect((await onStays.next('room.member_left')).data).toEqual(left);

      await rest.send(roomId, owner.token, 'after');
      expect((await onStays.next('message')).data).toMatchObject({ body: 'after' });
      await onBanned.expectNone('message', 500);
      // And it cannot come back through the other instance either.
      const viaB = chatClient(b.url);
      expect(
        errorOf(await viaB.post(`/rooms/${roomId}/messages`, banned.token, { body: 'x' }).expect(404)).code,
      ).toBe('NOT_FOUND');
    });
  });
}
