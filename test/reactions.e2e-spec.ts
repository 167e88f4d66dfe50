// API.md §9: the reactions module, on REST and /ws, single instance and across two instances.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
// Written as a team extending p-chat would: only the exported test kit.
import {
  chatClient,
  connect,
  createTestApp,
  describeFanoutModes,
  errorOf,
  registerFlashUser,
  resign,
  startCluster,
  type ChatClient,
  type FlashUser,
  type InstanceCluster,
  type TestApp,
  type TestSocket,
} from 'p-chat/testing';

const describeFanout = await describeFanoutModes();

const reactions = (room: string, message: string): string => `/rooms/${room}/messages/${message}/reactions`;

describe('reactions', () => {
  let app: TestApp;
  let api: ChatClient;
  let alice: FlashUser;
  let bob: FlashUser;
  let carol: FlashUser;
  let outsider: FlashUser;
  let room: string;
  let publicRoom: string;
  const sockets: TestSocket[] = [];

  const open = async (user: FlashUser): Promise<TestSocket> => {
    const socket = await connect(app.wsUrl, '/ws', { token: user.token });
    sockets.push(socket);
    return socket;
  };
  const message = async (roomId = room, token = alice.token): Promise<string> =>
    (await api.send(roomId, token, 'react to me')).id;

  beforeAll(async () => {
    app = await createTestApp();
    api = chatClient(app.url);
    [alice, bob, carol, outsider] = await Promise.all([0, 1, 2, 3].map(() => registerFlashUser(app.url)));
    room = await api.createRoom(alice.token);
    await api.addMember(room, alice.token, bob.username);
    await api.addMember(room, alice.token, carol.username);
    publicRoom = await api.createRoom(alice.token, { visibility: 'public' });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await app.close();
  });

  it('adds (201), answers a repeat 200, and announces it once to every member connection', async () => {
    const id = await message();
    const [onBob, onCarol] = await Promise.all([open(bob), open(carol)]);
    const added = await api.post(reactions(room, id), alice.token, { emoji: '👍' }).expect(201);
    const event = { room_id: room, message_id: id, emoji: '👍', username: alice.username };
    expect(added.body).toEqual({ status: 'Success', data: event });
    expect((await onBob.next('reaction.added')).data).toEqual(event);
    expect((await onCarol.next('reaction.added')).data).toEqual(event);
    const again = await api.post(reactions(room, id), alice.token, { emoji: '👍' }).expect(200);
    expect(again.body.data).toEqual(event);
    await onBob.expectNone('reaction.added', 200);
  });

  it('lists most used first, then by emoji (code point order), with `me`', async () => {
    const id = await message();
    for (const user of [alice, bob, carol])
      await api.post(reactions(room, id), user.token, { emoji: ':tada:' });
    await api.post(reactions(room, id), bob.token, { emoji: '🎉' });
    await api.post(reactions(room, id), bob.token, { emoji: '👀' });
    const listed = await api.get(reactions(room, id), alice.token).expect(200);
    expect(listed.body.data).toEqual([
      { emoji: ':tada:', count: 3, users: [alice.username, bob.username, carol.username], me: true },
      // Ties by code point: 🎉 is U+1F389, 👀 U+1F440.
      { emoji: '🎉', count: 1, users: [bob.username], me: false },
      { emoji: '👀', count: 1, users: [bob.username], me: false },
    ]);
  });

  it('shows at most 20 users per emoji, counting them all', async () => {
    const crowd = await api.createRoom(alice.token, { visibility: 'public' });
    const id = await message(crowd);
    const people = await Promise.all(Array.from({ length: 22 }, () => registerFlashUser(app.url)));
    for (const person of people) {
      await api.post(`/rooms/${crowd}/join`, person.token).expect(200);
      await api.post(reactions(crowd, id), person.token, { emoji: '❤️' }).expect(201);
    }
    const [summary] = (await api.get(reactions(crowd, id), alice.token).expect(200)).body.data;
    expect(summary).toMatchObject({ emoji: '❤️', count: 22, me: false });
    expect(summary.users).toEqual(people.slice(0, 20).map((person) => person.username));
  });

  it('removes (data null), announces it, and answers 404 when the caller had not reacted', async () => {
    const id = await message();
    await api.post(reactions(room, id), bob.token, { emoji: '🔥' }).expect(201);
    const onCarol = await open(carol);
    const removed = await api.delete(`${reactions(room, id)}/${encodeURIComponent('🔥')}`, bob.token);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ status: 'Success', data: null });
    expect((await onCarol.next('reaction.removed')).data).toEqual({
      room_id: room,
      message_id: id,
      emoji: '🔥',
      username: bob.username,
    });
    const again = await api.delete(`${reactions(room, id)}/${encodeURIComponent('🔥')}`, bob.token);
    expect(again.status).toBe(404);
    expect(errorOf(again).code).toBe('NOT_FOUND');
    expect((await api.get(reactions(room, id), alice.token)).body.data).toEqual([]);
  });

  it('allows 20 distinct reactions per user per message, also when they race', async () => {
    const id = await message();
    const emojis = Array.from({ length: 25 }, (_, i) => `:e${i}:`);
    const answers = await Promise.all(
      emojis.map((emoji) => api.post(reactions(room, id), bob.token, { emoji })),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(20);
    const refused = answers.filter((answer) => answer.status === 409);
    expect(refused).toHaveLength(5);
    expect(errorOf(refused[0]).code).toBe('TOO_MANY_REACTIONS');
    const listed = (await api.get(reactions(room, id), bob.token)).body.data as { me: boolean }[];
    expect(listed.filter((summary) => summary.me)).toHaveLength(20);
    // Another user still has their own 20.
    await api.post(reactions(room, id), carol.token, { emoji: ':e0:' }).expect(201);
  });

  it('refuses a deleted message (409) and drops the reactions of a message when it is deleted', async () => {
    const id = await message();
    await api.post(reactions(room, id), bob.token, { emoji: '👍' }).expect(201);
    await api.delete(`/rooms/${room}/messages/${id}`, alice.token).expect(200);
    const refused = await api.post(reactions(room, id), bob.token, { emoji: '👍' }).expect(409);
    expect(errorOf(refused).code).toBe('MESSAGE_DELETED');
    expect((await api.get(reactions(room, id), alice.token)).body.data).toEqual([]);
  });

  it('validates the emoji: 1–32 code points, no whitespace or control characters, no extra fields', async () => {
    const id = await message();
    for (const emoji of ['', 'a b', ' 👍', 'x\u0007', '👍'.repeat(33), 42]) {
      const response = await api.post(reactions(room, id), alice.token, { emoji }).expect(400);
      expect(errorOf(response).code).toBe('VALIDATION_FAILED');
    }
    await api.post(reactions(room, id), alice.token, { emoji: '👍'.repeat(32) }).expect(201);
    const extra = await api.post(reactions(room, id), alice.token, { emoji: '✅', x: 1 }).expect(400);
    expect(errorOf(extra).code).toBe('VALIDATION_FAILED');
  });

  it('answers unknown, malformed and foreign messages 404, non-members per §5', async () => {
    const id = await message();
    const other = await api.createRoom(alice.token);
    const elsewhere = await message(other);
    for (const target of [reactions(room, '00000000-0000-4000-8000-000000000000'), reactions(room, 'nope')]) {
      expect(errorOf(await api.post(target, alice.token, { emoji: '👍' }).expect(404)).code).toBe(
        'NOT_FOUND',
      );
      await api.get(target, alice.token).expect(404);
    }
    await api.post(reactions(room, elsewhere), alice.token, { emoji: '👍' }).expect(404);
    // A private room is not revealed; a public one says "not a member".
    await api.post(reactions(room, id), outsider.token, { emoji: '👍' }).expect(404);
    await api.get(reactions(room, id), outsider.token).expect(404);
    const open = await message(publicRoom);
    const refused = await api.post(reactions(publicRoom, open), outsider.token, { emoji: '👍' }).expect(403);
    expect(errorOf(refused).code).toBe('NOT_A_MEMBER');
    expect(errorOf(await api.get(reactions(publicRoom, open), outsider.token).expect(403)).code).toBe(
      'NOT_A_MEMBER',
    );
  });

  it('needs chat:write to change and chat:read to list, and a token at all', async () => {
    const id = await message();
    const readOnly = resign(bob.token, { scope: 'chat:read users:read session' });
    const writeOnly = resign(bob.token, { scope: 'chat:write users:read session' });
    const refused = await api.post(reactions(room, id), readOnly, { emoji: '👍' }).expect(403);
    expect(errorOf(refused).code).toBe('INSUFFICIENT_SCOPE');
    await api.delete(`${reactions(room, id)}/x`, readOnly).expect(403);
    await api.get(reactions(room, id), readOnly).expect(200);
    await api.get(reactions(room, id), writeOnly).expect(403);
    await api.get(reactions(room, id), '').expect(401);
  });

  describe('over /ws', () => {
    it('reaction.add and reaction.remove reach every member connection', async () => {
      const id = await message();
      const [onAlice, onBob] = await Promise.all([open(alice), open(bob)]);
      onBob.emit('reaction.add', { message_id: id, emoji: '🚀' });
      const event = { room_id: room, message_id: id, emoji: '🚀', username: bob.username };
      expect((await onAlice.next('reaction.added')).data).toEqual(event);
      expect((await onBob.next('reaction.added')).data).toEqual(event);
      onBob.emit('reaction.remove', { message_id: id, emoji: '🚀' });
      expect((await onAlice.next('reaction.removed')).data).toEqual(event);
      await onBob.expectNone('error', 100);
    });

    it('answers errors with ref = message_id, and bad frames with VALIDATION_FAILED', async () => {
      const id = await message();
      const [onBob, onOutsider] = await Promise.all([open(bob), open(outsider)]);
      onOutsider.emit('reaction.add', { message_id: id, emoji: '👍' });
      expect((await onOutsider.next('error')).data).toMatchObject({ code: 'NOT_FOUND', ref: id });
      onBob.emit('reaction.remove', { message_id: id, emoji: '👍' });
      expect((await onBob.next('error')).data).toMatchObject({ code: 'NOT_FOUND', ref: id });
      onBob.emit('reaction.add', { message_id: id, emoji: 'two words' });
      expect((await onBob.next('error')).data).toMatchObject({ code: 'VALIDATION_FAILED', ref: id });
      onBob.emit('reaction.add', { emoji: '👍' });
      expect((await onBob.next('error')).data).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('needs chat:write for its frames', async () => {
      const id = await message();
      const readOnly = resign(bob.token, { scope: 'chat:read users:read session' });
      const socket = await connect(app.wsUrl, '/ws', { token: readOnly });
      sockets.push(socket);
      socket.emit('reaction.add', { message_id: id, emoji: '👍' });
      expect((await socket.next('error')).data).toMatchObject({ code: 'INSUFFICIENT_SCOPE', ref: id });
    });
  });
});

for (const mode of ['redis', 'postgres'] as const) {
  describeFanout[mode](`reactions across two instances, FANOUT=${mode}`, () => {
    let cluster: InstanceCluster;

    beforeAll(async () => {
      cluster = await startCluster(mode);
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    it('a reaction made on one instance reaches members connected to the other', async () => {
      const [a, b] = [await cluster.start(), await cluster.start()];
      const [alice, bob] = [await registerFlashUser(a.url), await registerFlashUser(b.url)];
      const rest = chatClient(a.url);
      const room = await rest.createRoom(alice.token);
      await rest.addMember(room, alice.token, bob.username);
      const id = (await rest.send(room, alice.token, 'hi')).id;
      const onB = await cluster.open(b, '/ws', bob);
      await rest.post(reactions(room, id), alice.token, { emoji: '👋' }).expect(201);
      expect((await onB.next('reaction.added', 10_000)).data).toEqual({
        room_id: room,
        message_id: id,
        emoji: '👋',
        username: alice.username,
      });
      const onA = await cluster.open(a, '/ws', alice);
      await chatClient(b.url).delete(`${reactions(room, id)}/${encodeURIComponent('👋')}`, alice.token);
      expect((await onA.next('reaction.removed', 10_000)).data).toMatchObject({ emoji: '👋' });
    });
  });
}
