// API.md §7: with the database unreachable REST answers 503 DATABASE_UNAVAILABLE within 10 s (the
// token check included: 503, not 401) and WebSocket sends get `error DATABASE_UNAVAILABLE` with nothing
// acknowledged while the socket stays open; the process survives and recovers by itself once the
// database is back. The app reaches a real PostgreSQL through a proxy the test unplugs.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import request from 'supertest';
import { chatClient } from './helpers/chat.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { waitFor } from './helpers/free-port.js';
import { testPostgres, type TestPostgres } from './helpers/postgres.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { connect, type Frame } from './helpers/ws-client.js';
import { describeWhen } from './helpers/services.js';

const describePostgres = await describeWhen(['postgres']);

describePostgres('database outage (real PostgreSQL behind an unpluggable proxy)', () => {
  let postgres: TestPostgres | undefined;
  let proxy: TcpProxy;
  let app: TestApp;
  let user: FlashUser;
  let roomId: string;

  beforeAll(async () => {
    postgres = await testPostgres();
    proxy = await startTcpProxy({ host: postgres.host, port: postgres.port });
    app = await createTestApp({
      env: { ...postgres.env, PSQL_HOST: '127.0.0.1', PSQL_PORT: String(proxy.port) },
    });
    user = await registerFlashUser(app.url);
    roomId = await chatClient(app.url).createRoom(user.token, { name: 'outage' });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await postgres?.drop();
  }, 30_000);

  it('answers 503 within 10 s while down and recovers within 30 s of the return', async () => {
    await request(app.url).get('/users/me').set('Authorization', `Bearer ${user.token}`).expect(200);
    const socket = await connect(app.wsUrl, '/ws', { token: user.token });
    socket.emit('message.send', { room_id: roomId, body: 'before', client_id: 'before' });
    await socket.nextMatching(
      (f) => (f as Frame).event === 'message.ack',
      10_000,
      'the ack before the outage',
    );
    await proxy.stop();

    let started = Date.now();
    const guarded = await request(app.url).get('/users/me').set('Authorization', `Bearer ${user.token}`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(guarded.status).toBe(503);
    expect(guarded.body).toEqual({ code: '503', message: expect.any(String), content: null });

    const rooms = await request(app.url).get('/rooms').set('Authorization', `Bearer ${user.token}`);
    expect(rooms.status).toBe(503);
    expect(rooms.body).toEqual({
      status: 'Error',
      error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) },
    });

    started = Date.now();
    socket.emit('message.send', { room_id: roomId, body: 'during', client_id: 'during' });
    const refused = (await socket.nextMatching(
      (f) => (f as Frame).event === 'error' || (f as Frame).event === 'message.ack',
      10_000,
      'the answer to a send while the database is down',
    )) as Frame;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(refused).toEqual({
      event: 'error',
      data: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String), ref: 'during' },
    });

    started = Date.now();
    const login = await request(app.url)
      .post('/login')
      .send({ username: user.username, password: user.password });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(login.status).toBe(503);

    started = Date.now();
    const ready = await request(app.url).get('/health/ready');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(ready.status).toBe(503);
    expect(ready.body.error.database.status).toBe('down');

    await proxy.start();
    const back = Date.now();
    await waitFor(
      async () =>
        (await request(app.url).get('/users/me').set('Authorization', `Bearer ${user.token}`)).status === 200,
      30_000,
      'REST back after the database returns',
    );
    expect(Date.now() - back).toBeLessThan(30_000);
    await request(app.url).get('/health/ready').expect(200);
    await request(app.url)
      .post('/login')
      .send({ username: user.username, password: user.password })
      .expect(200);

    // The same socket stayed open through the outage; the refused send was never stored.
    socket.emit('message.send', { room_id: roomId, body: 'after', client_id: 'after' });
    const ack = (await socket.nextMatching(
      (f) =>
        (f as Frame).event === 'message.ack' &&
        ((f as Frame).data as { client_id: string }).client_id === 'after',
      10_000,
      'the ack after the outage',
    )) as Frame;
    expect((ack.data as { seq: number }).seq).toBe(2);
    // Both acks were consumed above; the refused send got none.
    expect(socket.events('message.ack')).toHaveLength(0);
    await socket.close();
  }, 90_000);
});
