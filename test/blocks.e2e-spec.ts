// Blocking (API.md §5): POST/DELETE /blocks/:username, GET /blocks, and what a block does on REST, /ws
// and /chats: the blocked user can neither open the direct room nor send to it, nothing of theirs is
// stored or delivered, and the blocker keeps the history.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chatClient, errorOf } from './helpers/chat.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { resign } from './helpers/tokens.js';
import { connect, isFlashMessage, upgradeStatus, type TestSocket } from './helpers/ws-client.js';

const settle = (ms = 300): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('blocks (API.md §5)', () => {
  let app: TestApp;
  let api: ReturnType<typeof chatClient>;
  const sockets: TestSocket[] = [];

  const open = async (user: FlashUser, path: string): Promise<TestSocket> => {
    const socket = await connect(app.wsUrl, path, { token: user.token });
    sockets.push(socket);
    return socket;
  };
  const users = (n: number): Promise<FlashUser[]> =>
    Promise.all(Array.from({ length: n }, () => registerFlashUser(app.url)));
  const bodies = async (roomId: string, token: string): Promise<(string | null)[]> =>
    (await api.allMessages(roomId, token)).map((message) => message.body);

  beforeAll(async () => {
    app = await createTestApp();
    api = chatClient(app.url);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await app.close();
  });

  describe('routes', () => {
    it('blocks (200, again 200 with the first blocked_at), lists, and unblocks (data: null, then 404)', async () => {
      const [alice, bob, carol] = await users(3);
      const first = await api.post(`/blocks/${bob.username.toUpperCase()}`, alice.token).expect(200);
      expect(first.body).toEqual({
        status: 'Success',
        data: { username: bob.username, name: bob.name, blocked_at: expect.any(String) },
      });
      const again = await api.post(`/blocks/${bob.username}`, alice.token).expect(200);
      expect(again.body.data).toEqual(first.body.data);
      await api.post(`/blocks/${carol.username}`, alice.token).expect(200);

      const list = await api.get('/blocks', alice.token).expect(200);
      expect(list.body.data.map((b: { username: string }) => b.username)).toEqual([
        carol.username,
        bob.username,
      ]);
      expect((await api.get('/blocks', bob.token).expect(200)).body.data).toEqual([]);

      expect((await api.delete(`/blocks/${bob.username}`, alice.token).expect(200)).body).toEqual({
        status: 'Success',
        data: null,
      });
      const notBlocked = await api.delete(`/blocks/${bob.username}`, alice.token).expect(404);
      expect(errorOf(notBlocked).code).toBe('NOT_FOUND');
      expect(
        (await api.get('/blocks', alice.token)).body.data.map((b: { username: string }) => b.username),
      ).toEqual([carol.username]);
    });

    it('answers 400 for oneself, 404 for an unknown user, 400 for a body', async () => {
      const [alice] = await users(1);
      for (const response of [
        await api.post(`/blocks/${alice.username}`, alice.token),
        await api.delete(`/blocks/${alice.username}`, alice.token),
      ]) {
        expect([response.status, errorOf(response).code]).toEqual([400, 'CANNOT_BLOCK_SELF']);
      }
      for (const response of [
        await api.post('/blocks/nobody_here_at_all', alice.token),
        await api.delete('/blocks/nobody_here_at_all', alice.token),
      ]) {
        expect([response.status, errorOf(response).code]).toEqual([404, 'NOT_FOUND']);
      }
      const [bob] = await users(1);
      const withBody = await api.post(`/blocks/${bob.username}`, alice.token, { x: 1 });
      expect([withBody.status, errorOf(withBody).code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('needs chat:write to change and chat:read to list (403 INSUFFICIENT_SCOPE), a token at all (401)', async () => {
      const [alice, bob] = await users(2);
      const readOnly = resign(alice.token, { scope: 'chat:read users:read session' });
      const writeOnly = resign(alice.token, { scope: 'chat:write users:read session' });
      for (const response of await Promise.all([
        api.post(`/blocks/${bob.username}`, readOnly),
        api.delete(`/blocks/${bob.username}`, readOnly),
        api.get('/blocks', writeOnly),
      ])) {
        expect([response.status, errorOf(response).code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
      }
      await api.get('/blocks', readOnly).expect(200);
      expect(errorOf(await api.get('/blocks', 'not-a-token').expect(401)).code).toBe('UNAUTHORIZED');
    });
  });

  describe('effects', () => {
    it('refuses the blocked user the direct room: POST /dm 403 BLOCKED, /chats upgrade 403; the blocker opens it', async () => {
      const [alice, bob] = await users(2);
      await api.post(`/blocks/${bob.username}`, alice.token).expect(200);
      const dm = await api.post(`/dm/${alice.username}`, bob.token).expect(403);
      expect(errorOf(dm).code).toBe('BLOCKED');
      expect(await upgradeStatus(app.wsUrl, `/chats/${alice.username}`, { token: bob.token })).toBe(403);
      // Not created by the refused attempts; the blocker makes it.
      expect((await api.post(`/dm/${bob.username}`, alice.token).expect(201)).body.data.kind).toBe('direct');
      await api.delete(`/blocks/${bob.username}`, alice.token).expect(200);
      await api.post(`/dm/${alice.username}`, bob.token).expect(200);
    });

    it('refuses the blocked user’s sends on REST, /ws and /chats, stores and delivers nothing', async () => {
      const [alice, bob] = await users(2);
      const room = (await api.post(`/dm/${alice.username}`, bob.token).expect(201)).body.data.id as string;
      await api.send(room, bob.token, 'hello');
      const bobChat = await open(bob, `/chats/${alice.username}`);
      const bobWs = await open(bob, '/ws');
      const aliceWs = await open(alice, '/ws');
      const aliceChat = await open(alice, `/chats/${bob.username}`);
      expect(await aliceChat.nextFlash()).toMatchObject({ body: 'hello' });

      await api.post(`/blocks/${bob.username}`, alice.token).expect(200);
      const rest = await api.post(`/rooms/${room}/messages`, bob.token, {
        body: 'via rest',
        client_id: 'r1',
      });
      expect([rest.status, errorOf(rest).code]).toEqual([403, 'BLOCKED']);
      bobWs.emit('message.send', { room_id: room, body: 'via ws', client_id: 'w1' });
      expect((await bobWs.next('error')).data).toEqual({
        code: 'BLOCKED',
        message: expect.any(String),
        ref: 'w1',
      });
      bobChat.sendRaw('via chats');
      expect(await bobChat.nextFlash()).toEqual({ error: { code: 'BLOCKED', message: expect.any(String) } });

      await settle();
      expect(aliceChat.frames.filter(isFlashMessage)).toEqual([]);
      expect(aliceWs.events('message')).toEqual([]);
      // The blocker still reads the history; nothing of the refused sends is in it.
      expect(await bodies(room, alice.token)).toEqual(['hello']);
      // The blocker may still write; the block is one-way.
      await api.send(room, alice.token, 'still here');
      expect(await bobChat.nextFlash()).toMatchObject({ from: alice.username, body: 'still here' });
      // (Alice's own /chats device gets her message too.)
      expect(await aliceChat.nextFlash()).toMatchObject({ from: alice.username, body: 'still here' });

      await api.delete(`/blocks/${bob.username}`, alice.token).expect(200);
      await api.send(room, bob.token, 'unblocked');
      expect(await aliceChat.nextFlash()).toMatchObject({ body: 'unblocked' });
      expect(await bodies(room, alice.token)).toEqual(['hello', 'still here', 'unblocked']);
    });

    it('keeps the rest of the blocked user from the blocker too: no typing, read or presence; unblocked, they flow', async () => {
      const [alice, bob] = await users(2);
      const room = (await api.post(`/dm/${alice.username}`, bob.token).expect(201)).body.data.id as string;
      const { seq } = await api.send(room, alice.token, 'hi bob');
      await api.post(`/blocks/${bob.username}`, alice.token).expect(200);
      const aliceWs = await open(alice, '/ws');
      const ofBob = (event: string) =>
        aliceWs
          .events(event)
          .filter((frame) => (frame.data as { username?: string }).username === bob.username);

      // Bob's first socket: his coming online is announced to every peer but Alice.
      const bobWs = await open(bob, '/ws');
      await bobWs.next('presence');
      bobWs.emit('typing', { room_id: room });
      bobWs.emit('read', { room_id: room, seq });
      // Bob's own devices still hear of his read marker.
      expect((await bobWs.next('read')).data).toEqual({ room_id: room, username: bob.username, seq });
      await settle();
      expect([ofBob('presence'), ofBob('typing'), ofBob('read')]).toEqual([[], [], []]);

      // The same notices reach Alice once the block is lifted (so the check above can fail).
      await api.delete(`/blocks/${bob.username}`, alice.token).expect(200);
      const second = await api.send(room, alice.token, 'again');
      bobWs.emit('typing', { room_id: room });
      bobWs.emit('read', { room_id: room, seq: second.seq });
      expect((await aliceWs.next('typing')).data).toEqual({ room_id: room, username: bob.username });
      expect(await aliceWs.nextMatching((f) => (f as { event: string }).event === 'read')).toEqual({
        event: 'read',
        data: { room_id: room, username: bob.username, seq: second.seq },
      });
      await bobWs.close();
      const bobOffline = await aliceWs.nextMatching(
        (f) => (f as { event: string; data: { username?: string } }).data?.username === bob.username,
      );
      expect(bobOffline).toMatchObject({
        event: 'presence',
        data: { username: bob.username, online: false },
      });
    });

    it('applies to the direct room only: a group room shared with the blocker still takes the sends', async () => {
      const [alice, bob] = await users(2);
      const group = await api.createRoom(alice.token);
      await api.addMember(group, alice.token, bob.username);
      await api.post(`/blocks/${bob.username}`, alice.token).expect(200);
      await api.send(group, bob.token, 'in the group');
      expect(await bodies(group, alice.token)).toEqual(['in the group']);
    });
  });
});
