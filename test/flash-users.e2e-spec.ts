import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, uniqueUsername, type FlashUser } from './helpers/factories.js';
import { decodeClaims, resign, signToken } from './helpers/tokens.js';

describe('flash API: /users (API.md §2, §4.5)', () => {
  let app: TestApp;
  let viewer: FlashUser;
  const prefix = uniqueUsername('ls').slice(0, 12);

  beforeAll(async () => {
    app = await createTestApp();
    viewer = await registerFlashUser(app.url);
    for (const [suffix, name] of [
      ['c', 'Carol'],
      ['a', 'Alice'],
      ['b', 'Bob'],
    ]) {
      await registerFlashUser(app.url, { username: `${prefix}${suffix}`, name });
    }
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (path: string, token = viewer.token) =>
    request(app.url).get(path).set('Authorization', `Bearer ${token}`);

  describe('GET /users', () => {
    it('lists {name, username} ordered by username', async () => {
      const response = await get(`/users?q=${prefix}`).expect(200);
      expect(response.body).toEqual({
        code: '200',
        message: '',
        content: [
          { name: 'Alice', username: `${prefix}a` },
          { name: 'Bob', username: `${prefix}b` },
          { name: 'Carol', username: `${prefix}c` },
        ],
      });
    });

    it('pages with limit and after', async () => {
      const first = await get(`/users?q=${prefix}&limit=2`).expect(200);
      expect(first.body.content.map((u: { username: string }) => u.username)).toEqual([
        `${prefix}a`,
        `${prefix}b`,
      ]);
      const next = await get(`/users?q=${prefix}&limit=2&after=${prefix}b`).expect(200);
      expect(next.body.content).toEqual([{ name: 'Carol', username: `${prefix}c` }]);
    });

    it('matches q against a prefix of the display name, case-insensitively', async () => {
      const name = `Zed${prefix}`;
      await registerFlashUser(app.url, { name });
      const response = await get(`/users?q=${name.toLowerCase()}`).expect(200);
      expect(response.body.content).toEqual([{ name, username: expect.any(String) }]);
    });

    it('treats LIKE wildcards in q literally', async () => {
      const response = await get('/users?q=%25').expect(200);
      expect(response.body.content).toEqual([]);
    });

    it.each(['0', '1001', 'abc', '2.5', '-1'])('answers 422 for limit=%s', async (limit) => {
      const response = await get(`/users?limit=${limit}`).expect(422);
      expect(response.body).toEqual({
        code: '422',
        message: expect.stringContaining('limit'),
        content: null,
      });
    });

    it('accepts the old Bearer<jwt> form and any case of the scheme', async () => {
      await request(app.url).get('/users').set('Authorization', `Bearer${viewer.token}`).expect(200);
      await request(app.url).get('/users').set('Authorization', `bearer ${viewer.token}`).expect(200);
      await request(app.url).get('/users').set('Authorization', `BEARER${viewer.token}`).expect(200);
    });
  });

  describe('401 for every bad token', () => {
    const expect401 = async (authorization: string | undefined) => {
      const req = request(app.url).get('/users');
      if (authorization !== undefined) req.set('Authorization', authorization);
      const response = await req.expect(401);
      expect(response.body).toEqual({ code: '401', message: expect.any(String), content: null });
    };

    it('missing', async () => expect401(undefined));
    it('malformed', async () => expect401('Bearer not-a-jwt'));
    it('another scheme', async () => expect401(`Basic ${viewer.token}`));
    it('expired', async () =>
      expect401(`Bearer ${resign(viewer.token, { exp: Math.floor(Date.now() / 1000) - 10 })}`));
    it('signed with another key', async () =>
      expect401(`Bearer ${resign(viewer.token, {}, { secret: 'another-key' })}`));
    it('alg none', async () => expect401(`Bearer ${resign(viewer.token, {}, { alg: 'none' })}`));
    it('wrong typ', async () => expect401(`Bearer ${resign(viewer.token, { typ: 'refresh' })}`));
    it('unknown session', async () =>
      expect401(`Bearer ${resign(viewer.token, { sid: '00000000-0000-4000-8000-000000000000' })}`));
    it('session of another user', async () => {
      const other = await registerFlashUser(app.url);
      await expect401(`Bearer ${resign(viewer.token, { sid: decodeClaims(other.token).sid })}`);
    });
    it('unknown scope word', async () => expect401(`Bearer ${resign(viewer.token, { scope: 'admin' })}`));
    it('claims missing', async () => expect401(`Bearer ${signToken({ sub: 'x', exp: 9999999999 })}`));

    it('revoked session, at once', async () => {
      const user = await registerFlashUser(app.url);
      await get('/users/me', user.token).expect(200);
      await app.app
        .get(DataSource)
        .query('UPDATE sessions SET revoked_at = now() WHERE id = $1', [decodeClaims(user.token).sid]);
      const response = await get('/users/me', user.token).expect(401);
      expect(response.body).toEqual({ code: '401', message: expect.any(String), content: null });
    });
  });

  it('answers 403 "insufficient scope" without users:read', async () => {
    const narrowed = resign(viewer.token, { scope: 'chat:read chat:write session' });
    for (const path of ['/users', '/users/me', `/users/${viewer.username}`]) {
      const response = await get(path, narrowed).expect(403);
      expect(response.body).toEqual({ code: '403', message: 'insufficient scope', content: null });
    }
  });

  describe('GET /users/me', () => {
    it('is exactly {name, username, email, email_verified, created_at}', async () => {
      const response = await get('/users/me').expect(200);
      expect(response.body).toEqual({
        code: '200',
        message: '',
        content: {
          name: viewer.name,
          username: viewer.username,
          email: null,
          email_verified: false,
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        },
      });
    });
  });

  describe('GET /users/:username', () => {
    it('is exactly {name, username, online, last_seen_at}, case-insensitive', async () => {
      const response = await get(`/users/${prefix.toUpperCase()}A`).expect(200);
      expect(response.body).toEqual({
        code: '200',
        message: '',
        content: { name: 'Alice', username: `${prefix}a`, online: false, last_seen_at: null },
      });
    });

    it('answers 404 user not found', async () => {
      const response = await get(`/users/${uniqueUsername('ghost')}`).expect(404);
      expect(response.body).toEqual({ code: '404', message: 'user not found', content: null });
    });
  });
});
