import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { chatClient } from './helpers/chat.js';
import { registerFlashUser } from './helpers/factories.js';

describe('rooms smoke', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates a room, sends, lists', async () => {
    const api = chatClient(app.url);
    const alice = await registerFlashUser(app.url);
    const room = await api.createRoom(alice.token, { name: 'General' });
    const sent = await api
      .post(`/rooms/${room.id}/messages`, alice.token, { body: 'hi', client_id: 'c1' })
      .expect(201);
    expect(sent.body.data.seq).toBe(1);
    await api.post(`/rooms/${room.id}/messages`, alice.token, { body: 'hi', client_id: 'c1' }).expect(200);
    const list = await api.get('/rooms', alice.token).expect(200);
    expect(list.body.data[0]).toMatchObject({ id: room.id, role: 'owner', member_count: 1, unread_count: 0 });
    expect(list.body.data[0].last_message.body).toBe('hi');
    const history = await api.get(`/rooms/${room.id}/messages`, alice.token).expect(200);
    expect(history.body.data).toHaveLength(1);
  });
});
