// API.md §0/§3: with REDIS_URL set the sign-in limits are shared by every instance.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { uniqueUsername } from './helpers/factories.js';
import { waitUntilReady } from './helpers/instances.js';
import { startTestRedis, type TestRedis } from './helpers/redis-server.js';

describe('rate limits shared through Redis by two instances', () => {
  let redis: TestRedis;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = await startTestRedis();
    const env = { REDIS_URL: redis.url, FANOUT: 'local', AUTH_RATE_LIMIT: '3' };
    a = await createTestApp({ env });
    b = await createTestApp({ env });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  }, 30_000);

  const login = (app: TestApp, username: string) =>
    request(app.url).post('/login').send({ username, password: 'wrong-password' });

  it('counts attempts made on either instance against one limit', async () => {
    const username = uniqueUsername();
    expect((await login(a, username)).status).toBe(400);
    expect((await login(b, username)).status).toBe(400);
    expect((await login(a, username)).status).toBe(400);
    const limited = await login(b, username);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ code: '429', message: expect.any(String), content: null });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(a, username)).status).toBe(429);
    expect((await login(a, uniqueUsername())).status).toBe(400);
  });

  it('keeps limiting per instance while Redis is down, and shares again when it is back', async () => {
    await redis.stop();
    const username = uniqueUsername();
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await login(a, username)).status).toBe(400);
    expect((await login(a, username)).status).toBe(429);
    await redis.start();
    await waitUntilReady([a, b], 'both instances see Redis again');
    // Two attempts per instance at most: only a shared counter can refuse the fourth.
    const shared = uniqueUsername();
    expect((await login(a, shared)).status).toBe(400);
    expect((await login(b, shared)).status).toBe(400);
    expect((await login(a, shared)).status).toBe(400);
    expect((await login(b, shared)).status).toBe(429);
  }, 120_000);
});
