// The WebSocket transport (API.md §2, §6): refusals at the upgrade, the three token transports, frame
// limits and errors, session expiry, revocation and renewal, dead-socket detection.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { SessionStore } from '../src/auth/session-store.service.js';
import { ConnectionRegistry } from '../src/realtime/connection-registry.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, uniqueUsername, type FlashUser } from './helpers/factories.js';
import { decodeClaims, resign } from './helpers/tokens.js';
import { connect, upgradeStatus } from './helpers/ws-client.js';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('WebSocket transport', () => {
  let app: TestApp;
  let alice: FlashUser;
  let bob: FlashUser;

  beforeAll(async () => {
    app = await createTestApp({ env: { WS_PING_INTERVAL_SECONDS: '0.3' } });
    alice = await registerFlashUser(app.url);
    bob = await registerFlashUser(app.url);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('refuses the upgrade with a plain HTTP status', () => {
    it.each(['/ws', '/chats/someone'])('401 without a token on %s', async (path) => {
      expect(await upgradeStatus(app.wsUrl, path)).toBe(401);
    });

    it('401 with a bad, foreign-key or expired token', async () => {
      expect(await upgradeStatus(app.wsUrl, '/ws', { token: 'not-a-jwt' })).toBe(401);
      expect(
        await upgradeStatus(app.wsUrl, '/ws', {
          token: resign(alice.token, {}, { secret: 'other-key-0123456789-0123456789-01' }),
        }),
      ).toBe(401);
      expect(
        await upgradeStatus(app.wsUrl, '/ws', { token: resign(alice.token, { exp: nowSeconds() - 5 }) }),
      ).toBe(401);
      expect(await upgradeStatus(app.wsUrl, `/chats/${bob.username}`, { token: 'x', via: 'query' })).toBe(
        401,
      );
    });

    it('403 for a token without chat:read', async () => {
      const narrowed = resign(alice.token, { scope: 'chat:write users:read' });
      expect(await upgradeStatus(app.wsUrl, '/ws', { token: narrowed })).toBe(403);
      expect(await upgradeStatus(app.wsUrl, `/chats/${bob.username}`, { token: narrowed })).toBe(403);
      expect(
        await upgradeStatus(app.wsUrl, '/ws', { token: resign(alice.token, { scope: 'chat:read' }) }),
      ).toBe(101);
    });

    it('404 for an unknown path', async () => {
      expect(await upgradeStatus(app.wsUrl, '/nope', { token: alice.token })).toBe(404);
      expect(await upgradeStatus(app.wsUrl, '/ws/extra', { token: alice.token })).toBe(404);
      expect(await upgradeStatus(app.wsUrl, '/chats', { token: alice.token })).toBe(404);
    });

    it('404 for an unknown user and 400 for oneself on /chats/:username', async () => {
      expect(
        await upgradeStatus(app.wsUrl, `/chats/${uniqueUsername('ghost')}`, { token: alice.token }),
      ).toBe(404);
      expect(await upgradeStatus(app.wsUrl, `/chats/${alice.username}`, { token: alice.token })).toBe(400);
      expect(
        await upgradeStatus(app.wsUrl, `/chats/${alice.username.toUpperCase()}`, { token: alice.token }),
      ).toBe(400);
      expect(
        await upgradeStatus(app.wsUrl, `/chats/${bob.username.toUpperCase()}`, { token: alice.token }),
      ).toBe(101);
    });

    it('401 for a revoked session', async () => {
      const other = await registerFlashUser(app.url);
      await app.app.get(SessionStore).revoke(decodeClaims(other.token).sid as string);
      expect(await upgradeStatus(app.wsUrl, '/ws', { token: other.token })).toBe(401);
    });
  });

  describe('accepts the token', () => {
    it.each(['header', 'query'] as const)('from the %s', async (via) => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token, via });
      socket.emit('ping');
      expect(await socket.next('pong')).toEqual({ event: 'pong', data: {} });
      await socket.close();
    });

    it('from the bearer.<jwt> subprotocol, selecting p-chat', async () => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token, via: 'subprotocol' });
      expect(socket.protocol).toBe('p-chat');
      socket.emit('ping');
      await socket.next('pong');
      await socket.close();
    });

    it('dispatches the events of every gateway on /ws to one connection, each answered once', async () => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
      socket.emit('ping');
      socket.emit('resume', { rooms: {} });
      socket.emit('ping');
      await socket.next('pong');
      await socket.next('resume.done');
      await socket.next('pong');
      await socket.expectNone('error', 100);
      await socket.close();
    });

    it('from the old header form without a space', async () => {
      const socket = await connect(app.wsUrl, '/ws', { headers: { Authorization: `bearer${alice.token}` } });
      socket.emit('ping');
      await socket.next('pong');
      await socket.close();
    });
  });

  describe('frames on /ws', () => {
    it('closes with 1009 on a frame over 64 KiB', async () => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
      socket.emit('ping', { pad: 'x'.repeat(64 * 1024) });
      expect((await socket.closedWithin()).code).toBe(1009);
    });

    it('accepts a frame just under 64 KiB', async () => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
      socket.emit('auth', { token: 'x'.repeat(60 * 1024) });
      const error = await socket.next('error');
      expect(error.data).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'auth' });
      await socket.close();
    });

    it('answers malformed JSON and non-frames with BAD_FRAME and stays open', async () => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
      for (const bad of ['{not json', '[1,2]', '"text"', '{"data":{}}', '{"event":5}']) {
        socket.sendRaw(bad);
        const error = await socket.next('error');
        expect(error.data).toEqual({ code: 'BAD_FRAME', message: expect.any(String), ref: null });
      }
      socket.sendRaw(Buffer.from('{"event":"ping","data":{}}'), { binary: true });
      expect((await socket.next('error')).data.code).toBe('BAD_FRAME');
      socket.emit('ping');
      await socket.next('pong');
      await socket.close();
    });

    it('answers an unknown event with UNKNOWN_EVENT, ref = the event, and stays open', async () => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
      socket.emit('message.shout', { body: 'x' });
      expect((await socket.next('error')).data).toEqual({
        code: 'UNKNOWN_EVENT',
        message: expect.any(String),
        ref: 'message.shout',
      });
      socket.emit('ping');
      await socket.next('pong');
      // Several gateways serve /ws (the protocol's own, chat's): the unknown event got one answer.
      await socket.expectNone('error', 50);
      await socket.close();
    });

    it('answers invalid data with VALIDATION_FAILED and details', async () => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
      socket.emit('auth', { token: 5 });
      const error = await socket.next('error');
      expect(error.data).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'auth' });
      expect(error.data.details).toEqual([{ field: 'token', problems: expect.any(Array) }]);
      socket.emit('auth', 'a string');
      expect((await socket.next('error')).data.code).toBe('VALIDATION_FAILED');
      socket.emit('auth', { token: alice.token, extra: true });
      expect((await socket.next('error')).data.code).toBe('VALIDATION_FAILED');
      await socket.close();
    });
  });

  describe('session lifetime', () => {
    it('closes a revoked session with session.expired and 4001 within 2 s, other sessions stay', async () => {
      const user = await registerFlashUser(app.url);
      const login = await request(app.url)
        .post('/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
      const doomed = await connect(app.wsUrl, '/ws', { token: user.token });
      const other = await connect(app.wsUrl, '/ws', { token: login.body.content.token as string });
      const started = Date.now();
      await app.app.get(SessionStore).revoke(decodeClaims(user.token).sid as string);
      expect(await doomed.next('session.expired', 2000)).toEqual({ event: 'session.expired', data: {} });
      expect((await doomed.closedWithin(2000)).code).toBe(4001);
      expect(Date.now() - started).toBeLessThan(2000);
      other.emit('ping');
      await other.next('pong');
      await other.close();
    });

    it('closes a /chats socket of a revoked session with 4001', async () => {
      const user = await registerFlashUser(app.url);
      const socket = await connect(app.wsUrl, `/chats/${bob.username}`, { token: user.token });
      await app.app.get(SessionStore).revoke(decodeClaims(user.token).sid as string);
      expect((await socket.closedWithin(2000)).code).toBe(4001);
    });

    it('closes at token expiry with session.expired and 4001', async () => {
      const shortLived = resign(alice.token, { exp: nowSeconds() + 2 });
      const socket = await connect(app.wsUrl, '/ws', { token: shortLived });
      await socket.next('session.expired', 4000);
      const closed = await socket.closedWithin(2000);
      expect(closed.code).toBe(4001);
      expect(Date.now()).toBeGreaterThanOrEqual((decodeClaims(shortLived).exp as number) * 1000 - 50);
    });

    it('keeps a socket renewed with auth open past the old token expiry', async () => {
      const oldExp = nowSeconds() + 2;
      const socket = await connect(app.wsUrl, '/ws', { token: resign(alice.token, { exp: oldExp }) });
      const renewed = resign(alice.token, { exp: nowSeconds() + 120 });
      socket.emit('auth', { token: renewed });
      expect(await socket.next('auth.ok')).toEqual({
        event: 'auth.ok',
        data: { exp: decodeClaims(renewed).exp },
      });
      await new Promise((resolve) => setTimeout(resolve, (oldExp - nowSeconds() + 1.2) * 1000));
      socket.emit('ping');
      await socket.next('pong');
      expect(socket.events('session.expired')).toEqual([]);
      await socket.close();
    });

    it('refuses a bad token or another user token with AUTH_FAILED and keeps the old one', async () => {
      const oldExp = nowSeconds() + 2;
      const socket = await connect(app.wsUrl, '/ws', { token: resign(alice.token, { exp: oldExp }) });
      socket.emit('auth', { token: 'garbage' });
      expect((await socket.next('error')).data).toEqual({
        code: 'AUTH_FAILED',
        message: expect.any(String),
        ref: 'auth',
      });
      socket.emit('auth', { token: bob.token });
      expect((await socket.next('error')).data.code).toBe('AUTH_FAILED');
      socket.emit('auth', { token: resign(alice.token, { exp: nowSeconds() - 1 }) });
      expect((await socket.next('error')).data.code).toBe('AUTH_FAILED');
      // The old token still rules: the socket ends at its expiry.
      expect((await socket.closedWithin(4000)).code).toBe(4001);
    });
  });

  it('drops a socket that stops answering pings', async () => {
    const registry = app.app.get(ConnectionRegistry);
    const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
    const before = registry.ofUser(decodeClaims(alice.token).sub as string).size;
    (socket.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const deadline = Date.now() + 5000;
    while (registry.ofUser(decodeClaims(alice.token).sub as string).size >= before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(registry.ofUser(decodeClaims(alice.token).sub as string).size).toBe(before - 1);
    (socket.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await socket.closedWithin()).code).toBe(1006);
  });
});

describe('WebSocket origin policy', () => {
  let app: TestApp;
  let user: FlashUser;

  beforeAll(async () => {
    app = await createTestApp({ env: { WS_ALLOWED_ORIGINS: 'https://chat.example' } });
    user = await registerFlashUser(app.url);
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses an origin outside WS_ALLOWED_ORIGINS with 403', async () => {
    expect(await upgradeStatus(app.wsUrl, '/ws', { token: user.token, origin: 'https://evil.example' })).toBe(
      403,
    );
  });

  it('accepts a listed origin and a client that sends none', async () => {
    expect(await upgradeStatus(app.wsUrl, '/ws', { token: user.token, origin: 'https://chat.example' })).toBe(
      101,
    );
    expect(await upgradeStatus(app.wsUrl, '/ws', { token: user.token })).toBe(101);
  });
});

describe('WebSocket shutdown', () => {
  it('closes open sockets with 1001 when the app stops', async () => {
    const app = await createTestApp();
    const user = await registerFlashUser(app.url);
    const socket = await connect(app.wsUrl, '/ws', { token: user.token });
    const closing = app.close();
    expect((await socket.closedWithin(5000)).code).toBe(1001);
    await closing;
  });
});
