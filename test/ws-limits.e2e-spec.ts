// WebSocket limits and authority of issue 9 on one instance: resume/auth frames under a budget of their
// own, a per-user socket cap across both protocols, a logout landing mid-upgrade, refused upgrades with
// X-Request-Id, and membership re-checked where a message is stored and after the cache's bounded age.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SessionStore } from '../src/auth/session-store.service.js';
import { CONTROL_FLOOD_BURST } from '../src/realtime/ws-policy.guard.js';
import { chatClient } from './helpers/chat.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { connect, UpgradeRefused, type Frame, type TestSocket } from './helpers/ws-client.js';

const MAX_PER_USER = 3;

/** A raw upgrade request: the HTTP status and headers of a refusal. */
function refusedUpgrade(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base.replace(/^ws/, 'http')), {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('response', (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: 101, headers: response.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('WebSocket limits', () => {
  let app: TestApp;
  let alice: FlashUser;
  let bob: FlashUser;
  const sockets: TestSocket[] = [];
  const open = async (path: string, user: FlashUser): Promise<TestSocket> => {
    const socket = await connect(app.wsUrl, path, { token: user.token });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    app = await createTestApp({
      env: { WS_MAX_CONNECTIONS_PER_USER: String(MAX_PER_USER), MEMBERSHIP_CACHE_SECONDS: '60' },
    });
    alice = await registerFlashUser(app.url);
    bob = await registerFlashUser(app.url);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await app.close();
  });

  it('puts resume and auth frames under a flood budget of their own', async () => {
    const user = await registerFlashUser(app.url);
    const socket = await open('/ws', user);
    const frames = CONTROL_FLOOD_BURST + 10;
    for (let i = 0; i < frames; i += 1) {
      if (i % 2 === 0) socket.emit('resume', { rooms: {} });
      else socket.emit('auth', { token: user.token });
    }
    const limited = (frame: unknown): boolean =>
      (frame as Frame).event === 'error' && (frame as Frame).data.code === 'RATE_LIMITED';
    const answered = (frame: unknown): boolean =>
      ['resume.done', 'auth.ok'].includes((frame as Frame).event) || limited(frame);
    await socket.waitFor(answered, frames, 10_000);
    const refused = socket.frames.filter(limited) as Frame[];
    expect(refused.length).toBeGreaterThanOrEqual(frames - CONTROL_FLOOD_BURST - 2);
    expect(refused[0].data).toMatchObject({ ref: expect.stringMatching(/^(resume|auth)$/) });
    expect(refused[0].data.details.retry_after_ms).toBeGreaterThan(0);
    // Messages keep their own budget.
    socket.emit('ping');
    await socket.next('pong');
  });

  it(`caps sockets per user at WS_MAX_CONNECTIONS_PER_USER across both protocols (429)`, async () => {
    const user = await registerFlashUser(app.url);
    const first = await open('/ws', user);
    await open(`/chats/${alice.username}`, user);
    await open('/ws', user);
    const over = await refusedUpgrade(app.wsUrl, '/ws', {
      Authorization: `Bearer ${user.token}`,
      'X-Request-Id': 'cap-check-1',
    });
    expect(over.status).toBe(429);
    expect(over.headers['x-request-id']).toBe('cap-check-1');
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await expect(open(`/chats/${alice.username}`, user)).rejects.toEqual(new UpgradeRefused(429));
    // Other users are not affected, and a closed socket frees its place.
    await open('/ws', bob);
    await first.close();
    await open('/ws', user);
  });

  it('answers a refused upgrade with X-Request-Id like every HTTP answer', async () => {
    const echoed = await refusedUpgrade(app.wsUrl, '/ws', { 'X-Request-Id': 'no-token-1' });
    expect(echoed.status).toBe(401);
    expect(echoed.headers['x-request-id']).toBe('no-token-1');
    const generated = await refusedUpgrade(app.wsUrl, '/nowhere', { 'X-Request-Id': 'bad id!' });
    expect(generated.status).toBe(404);
    expect(generated.headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  });

  describe.each(['/ws', '/chats/:peer'])('a logout landing while %s upgrades', (pattern) => {
    it('still ends the socket: the upgrade is refused or the socket closes with 4001', async () => {
      const user = await registerFlashUser(app.url);
      const path = pattern.replace(':peer', bob.username);
      const store = app.app.get(SessionStore);
      const original = store.touch.bind(store);
      let reached: () => void = () => undefined;
      const inUpgrade = new Promise<void>((resolve) => (reached = resolve));
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      // The upgrade's token check has read the session (live) and is about to finish.
      const touch = jest.spyOn(store, 'touch').mockImplementationOnce(async (session) => {
        reached();
        await held;
        return original(session);
      });
      try {
        const opening = connect(app.wsUrl, path, { token: user.token }).then(
          (socket) => socket,
          (error: unknown) => error,
        );
        await inUpgrade;
        touch.mockRestore(); // the logout's own token check runs normally
        await request(app.url)
          .post('/session/logout')
          .set('Authorization', `Bearer ${user.token}`)
          .expect(200);
        release();
        const outcome = await opening;
        if (outcome instanceof UpgradeRefused) {
          expect(outcome.status).toBe(401);
          return;
        }
        const socket = outcome as TestSocket;
        sockets.push(socket);
        socket.sendRaw(pattern === '/ws' ? JSON.stringify({ event: 'ping', data: {} }) : 'stored?');
        expect((await socket.closedWithin(2000)).code).toBe(4001);
      } finally {
        release();
        touch.mockRestore();
      }
      const dm = await request(app.url)
        .post(`/dm/${bob.username}`)
        .set('Authorization', `Bearer ${bob.token}`)
        .expect((response) => expect([200, 201]).toContain(response.status));
      const history = await chatClient(app.url).allMessages(dm.body.data.id as string, bob.token);
      expect(history.filter((message) => message.body === 'stored?')).toEqual([]);
    });
  });

  it('checks membership in the statement that stores a message, whatever the cache says', async () => {
    const api = chatClient(app.url);
    const owner = await registerFlashUser(app.url);
    const member = await registerFlashUser(app.url);
    const roomId = await api.createRoom(owner.token);
    await api.addMember(roomId, owner.token, member.username);
    const socket = await open('/ws', member);
    socket.emit('message.send', { room_id: roomId, body: 'while a member', client_id: 'm-1' });
    await socket.next('message.ack'); // the member list is cached now (for 60 s here)
    // Removed behind the cache's back (as when the removal's event was lost in a fan-out outage).
    await app.app
      .get(DataSource)
      .query(
        'DELETE FROM room_members WHERE room_id = $1 AND user_id = (SELECT id FROM users WHERE username = $2)',
        [roomId, member.username],
      );
    socket.emit('message.send', { room_id: roomId, body: 'after removal', client_id: 'm-2' });
    const error = await socket.next('error');
    expect(error.data).toMatchObject({ code: 'NOT_A_MEMBER', ref: 'm-2' });
    const stored = await api.allMessages(roomId, owner.token);
    expect(stored.map((message) => message.body)).toEqual(['while a member']);
  });
});

describe('the member cache has a bounded age', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ env: { MEMBERSHIP_CACHE_SECONDS: '0.5' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('stops live delivery to a member removed behind its back once the age passes', async () => {
    const api = chatClient(app.url);
    const owner = await registerFlashUser(app.url);
    const member = await registerFlashUser(app.url);
    const roomId = await api.createRoom(owner.token);
    await api.addMember(roomId, owner.token, member.username);
    const socket = await connect(app.wsUrl, '/ws', { token: member.token });
    try {
      await api.send(roomId, owner.token, 'first');
      await socket.next('message');
      await app.app
        .get(DataSource)
        .query(
          'DELETE FROM room_members WHERE room_id = $1 AND user_id = (SELECT id FROM users WHERE username = $2)',
          [roomId, member.username],
        );
      await new Promise((resolve) => setTimeout(resolve, 700));
      await api.send(roomId, owner.token, 'second');
      socket.emit('ping');
      await socket.next('pong');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(socket.events('message')).toEqual([]); // 'first' was taken by next(); 'second' never came
      await request(app.url)
        .get(`/rooms/${roomId}/messages`)
        .set('Authorization', `Bearer ${member.token}`)
        .expect((response) => expect([403, 404]).toContain(response.status));
    } finally {
      await socket.close();
    }
  });
});
