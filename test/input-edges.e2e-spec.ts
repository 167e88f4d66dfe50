// Inputs that once answered 500 (issue 9): NUL and lone surrogates on every transport, deeply nested
// JSON, huge validation reports, a body on a route that takes none, and what a delete answers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { chatClient, errorOf } from './helpers/chat.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { connect, upgradeStatus } from './helpers/ws-client.js';

const LONE_SURROGATE_JSON = '"x\\ud800y"';

function nestedJson(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

describe('inputs at the edge never answer 500', () => {
  let app: TestApp;
  let alice: FlashUser;
  let bob: FlashUser;
  let api: ReturnType<typeof chatClient>;
  let roomId: string;

  beforeAll(async () => {
    app = await createTestApp();
    api = chatClient(app.url);
    alice = await registerFlashUser(app.url);
    bob = await registerFlashUser(app.url);
    roomId = await api.createRoom(alice.token);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('NUL and lone surrogates', () => {
    it('in a flash query parameter: 422 naming the field', async () => {
      const response = await request(app.url)
        .get('/users?q=%00')
        .set('Authorization', `Bearer ${alice.token}`)
        .expect(422);
      expect(response.body).toEqual({ code: '422', message: expect.stringContaining('q'), content: null });
    });

    it('in a flash path parameter and body', async () => {
      await request(app.url).get('/users/a%00b').set('Authorization', `Bearer ${alice.token}`).expect(422);
      const body = await request(app.url)
        .post('/register')
        .set('Content-Type', 'application/json')
        .send(`{"name":${LONE_SURROGATE_JSON},"username":"lonely","password":"secret"}`)
        .expect(422);
      expect(body.body.message).toContain('name');
      await request(app.url).post('/login').send({ username: 'a\u0000b', password: 'secret' }).expect(422);
    });

    it('in session and rooms bodies: 400 VALIDATION_FAILED with the field in details', async () => {
      const session = await request(app.url)
        .post('/session/authorize')
        .send({ email: 'a\u0000@example.com', password: 'x' })
        .expect(400);
      expect(session.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'email', problems: [expect.stringContaining('NUL')] }],
      });
      const room = await api.post('/rooms', alice.token, { name: 'ok', description: 'a\u0000' }).expect(400);
      expect(errorOf(room).code).toBe('VALIDATION_FAILED');
      const sent = await request(app.url)
        .post(`/rooms/${roomId}/messages`)
        .set('Authorization', `Bearer ${alice.token}`)
        .set('Content-Type', 'application/json')
        .send(`{"body":${LONE_SURROGATE_JSON}}`)
        .expect(400);
      expect(sent.body.error.details).toEqual([
        { field: 'body', problems: [expect.stringContaining('surrogate')] },
      ]);
      await api.get(`/rooms?q=%00`, alice.token).expect(400);
      await api.post(`/dm/a%00b`, alice.token).expect(400);
    });

    it('in /ws frames: error VALIDATION_FAILED, the connection stays open and nothing is stored', async () => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
      socket.emit('message.send', { room_id: roomId, body: 'bad\u0000', client_id: 'c1' });
      const error = await socket.next('error');
      expect(error.data).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'message.send' });
      expect(error.data.message).toContain('data.body');
      socket.sendRaw(`{"event":"message.send","data":{"room_id":"${roomId}","body":${LONE_SURROGATE_JSON}}}`);
      expect((await socket.next('error')).data.code).toBe('VALIDATION_FAILED');
      socket.emit('ping');
      await socket.next('pong');
      expect(await api.allMessages(roomId, alice.token)).toEqual([]);
      await socket.close();
    });

    it('in raw /chats frames and the /chats path', async () => {
      const socket = await connect(app.wsUrl, `/chats/${bob.username}`, { token: alice.token });
      socket.sendRaw('hello\u0000');
      await socket.waitFor((frame) => JSON.stringify(frame).includes('VALIDATION_FAILED'), 1);
      expect(socket.frames).toEqual([{ error: { code: 'VALIDATION_FAILED', message: expect.any(String) } }]);
      await socket.close();
      expect(await upgradeStatus(app.wsUrl, '/chats/a%00b', { token: alice.token })).toBe(400);
    });
  });

  describe('nesting depth', () => {
    it('20 000 levels on /register and 40 000 on /rooms: 400 in the family envelope', async () => {
      const flash = await request(app.url)
        .post('/register')
        .set('Content-Type', 'application/json')
        .send(nestedJson(20_000))
        .expect(400);
      expect(flash.body).toEqual({ code: '400', message: expect.stringContaining('nested'), content: null });
      const rooms = await request(app.url)
        .post('/rooms')
        .set('Authorization', `Bearer ${alice.token}`)
        .set('Content-Type', 'application/json')
        .send(nestedJson(40_000))
        .expect(400);
      expect(rooms.body.status).toBe('Error');
    });

    it('a 10 000-level /ws frame: error BAD_FRAME, still open', async () => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
      socket.sendRaw(`{"event":"ping","data":${nestedJson(10_000)}}`);
      expect((await socket.next('error')).data).toMatchObject({ code: 'BAD_FRAME' });
      socket.emit('ping');
      await socket.next('pong');
      await socket.close();
    });
  });

  it('reports at most the first 20 validation problems', async () => {
    const body: Record<string, number> = { name: 1 };
    for (let i = 0; i < 10_000; i += 1) body[`f${i}`] = i;
    const response = await api.post('/rooms', alice.token, body).expect(400);
    expect(response.body.error.details).toHaveLength(20);
    expect(JSON.stringify(response.body).length).toBeLessThan(10_000);
  });

  it('a body on a new route that takes none is 400; no body or {} is fine', async () => {
    const carol = await registerFlashUser(app.url);
    const refused = await api.post(`/dm/${carol.username}`, alice.token, { x: 1 }).expect(400);
    expect(errorOf(refused).code).toBe('VALIDATION_FAILED');
    await api.post(`/dm/${carol.username}`, alice.token, {}).expect(201);
    await request(app.url)
      .post(`/dm/${carol.username}`)
      .set('Authorization', `Bearer ${alice.token}`)
      .expect(200);
  });

  it('deleting a message answers data: null; the tombstone still goes out live', async () => {
    const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
    const sent = await api.send(roomId, alice.token, 'to delete');
    await socket.next('message');
    const deleted = await api.delete(`/rooms/${roomId}/messages/${sent.id}`, alice.token).expect(200);
    expect(deleted.body).toEqual({ status: 'Success', data: null });
    const updated = await socket.next('message.updated');
    expect(updated.data.message).toMatchObject({ id: sent.id, body: null, deleted: true });
    await socket.close();
  });
});
