import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SESSION_REVOKED, type SessionRevokedEvent } from '../src/auth/session-events.js';
import { JsonLogger } from '../src/common/logging/json-logger.js';
import { hashOpaqueToken } from '../src/session/opaque-token.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import {
  registerSessionUser,
  uniqueEmail,
  uniqueUsername,
  verifiedSessionUser,
  type SessionTokens,
} from './helpers/factories.js';
import { decodeClaims, resign, signToken } from './helpers/tokens.js';
import { connect } from './helpers/ws-client.js';

const ALL_SCOPES = 'chat:read chat:write users:read session';
const TOKEN_KEYS = [
  'access_token',
  'access_token_valid_to',
  'refresh_token',
  'refresh_token_valid_to',
  'scope',
];

function expectAbout(iso: string, expectedMs: number, toleranceMs = 10_000): void {
  expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(Math.abs(Date.parse(iso) - expectedMs)).toBeLessThan(toleranceMs);
}

function sessionError(code: string): unknown {
  return { status: 'Error', error: expect.objectContaining({ code, message: expect.any(String) }) };
}

describe('session API (API.md §4)', () => {
  let app: TestApp;
  let dataSource: DataSource;
  const revoked: SessionRevokedEvent[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.app.get(DataSource);
    app.app.get(EventEmitter2).on(SESSION_REVOKED, (event: SessionRevokedEvent) => revoked.push(event));
  });
  afterAll(async () => {
    await app.close();
  });

  const authorize = (body: object) => request(app.url).post('/session/authorize').send(body);
  const refresh = (token: unknown) =>
    request(app.url).post('/session/refresh').send({ refresh_token: token });
  const listSessions = (accessToken: string) =>
    request(app.url).get('/session').set('Authorization', `Bearer ${accessToken}`);

  async function signIn(email: string, password: string, extra: object = {}): Promise<SessionTokens> {
    const response = await authorize({ email, password, ...extra }).expect(200);
    return response.body.data as SessionTokens;
  }

  describe('POST /session/register', () => {
    it('answers the seed shape with a verification token', async () => {
      const response = await request(app.url)
        .post('/session/register')
        .send({ email: uniqueEmail(), password: 'secret-password', username: uniqueUsername() })
        .expect(200);
      expect(response.body).toEqual({
        status: 'Success',
        data: {
          VerificationToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          message: 'User registered successfully',
        },
      });
    });

    it('derives a unique lowercase username from the email and uses it as the name', async () => {
      const local = uniqueUsername('Der').replace(/^der/, 'Der.X');
      const first = await registerSessionUserWithout(`${local}+tag@example.com`);
      const second = await registerSessionUserWithout(`${local}@other.example.com`);
      const expected = local.toLowerCase().slice(0, 32);
      expect(first).toEqual({ username: expected, name: expected });
      expect(second.username).toBe(`${expected.slice(0, 31)}2`);
    });

    async function registerSessionUserWithout(email: string): Promise<{ username: string; name: string }> {
      const registered = await request(app.url)
        .post('/session/register')
        .send({ email, password: 'secret-password' })
        .expect(200);
      const verified = await request(app.url)
        .get('/session/emailVerify')
        .query({ verifyToken: registered.body.data.VerificationToken })
        .expect(200);
      const me = await request(app.url)
        .get('/users/me')
        .set('Authorization', `Bearer ${verified.body.data.access_token}`)
        .expect(200);
      expect(me.body.content.email).toBe(email.toLowerCase());
      return { username: me.body.content.username, name: me.body.content.name };
    }

    it('answers 409 EMAIL_TAKEN for a known email in any case', async () => {
      const user = await registerSessionUser(app.url);
      const response = await request(app.url)
        .post('/session/register')
        .send({ email: user.email.toUpperCase(), password: 'secret-password' })
        .expect(409);
      expect(response.body).toEqual(sessionError('EMAIL_TAKEN'));
    });

    it('answers 409 USERNAME_TAKEN for a known username', async () => {
      const user = await registerSessionUser(app.url);
      const response = await request(app.url)
        .post('/session/register')
        .send({ email: uniqueEmail(), password: 'secret-password', username: user.username })
        .expect(409);
      expect(response.body).toEqual(sessionError('USERNAME_TAKEN'));
    });

    it('answers 400 VALIDATION_FAILED listing every bad field', async () => {
      const response = await request(app.url)
        .post('/session/register')
        .send({ email: 'not-an-email', password: 42, username: 'x!' })
        .expect(400);
      expect(response.body.status).toBe('Error');
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      const fields = (response.body.error.details as { field: string }[]).map((d) => d.field).sort();
      expect(fields).toEqual(['email', 'password', 'username']);
    });

    it('answers 400 VALIDATION_FAILED for a too short password', async () => {
      const response = await request(app.url)
        .post('/session/register')
        .send({ email: uniqueEmail(), password: 'five5' })
        .expect(400);
      expect(response.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'password' }],
      });
    });

    it('ignores extra fields and answers malformed JSON with 400 in the session envelope', async () => {
      await request(app.url)
        .post('/session/register')
        .send({ email: uniqueEmail(), password: 'secret-password', role: 'admin' })
        .expect(200);
      const response = await request(app.url)
        .post('/session/register')
        .set('Content-Type', 'application/json')
        .send('{"email":')
        .expect(400);
      expect(response.body).toEqual(sessionError('BAD_REQUEST'));
    });

    it('writes the verification mail, link included, to the log when SMTP_URL is unset', async () => {
      const logger = app.app.get(JsonLogger);
      const spy = jest.spyOn(logger, 'event');
      try {
        const user = await registerSessionUser(app.url);
        const call = spy.mock.calls.find(([, msg]) => msg === 'mail not sent (MAIL_TRANSPORT=log)');
        expect(call?.[2]).toMatchObject({
          to: user.email,
          text: expect.stringContaining(`/session/emailVerify?verifyToken=${user.verificationToken}`),
        });
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('GET /session/emailVerify', () => {
    it('verifies, signs in with all scopes and dates matching the lifetimes, and works once', async () => {
      const user = await registerSessionUser(app.url);
      const verify = () =>
        request(app.url).get('/session/emailVerify').query({ verifyToken: user.verificationToken });
      const first = await verify().expect(200);
      expect(first.body.status).toBe('Success');
      expect(Object.keys(first.body.data).sort()).toEqual(TOKEN_KEYS);
      expect(first.body.data.scope).toBe(ALL_SCOPES);
      expectAbout(first.body.data.access_token_valid_to, Date.now() + 15 * 60_000);
      expectAbout(first.body.data.refresh_token_valid_to, Date.now() + 24 * 3_600_000);
      const again = await verify().expect(401);
      expect(again.body).toEqual({});
      await signIn(user.email, user.password);
    });

    it.each([
      ['an unknown token', { verifyToken: 'x'.repeat(43) }],
      ['no token', {}],
    ])('answers 401 {} for %s', async (_, query) => {
      const response = await request(app.url).get('/session/emailVerify').query(query).expect(401);
      expect(response.body).toEqual({});
    });

    it('answers 401 {} for an expired token', async () => {
      const user = await registerSessionUser(app.url);
      await dataSource.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`,
        [hashOpaqueToken(user.verificationToken)],
      );
      const response = await request(app.url)
        .get('/session/emailVerify')
        .query({ verifyToken: user.verificationToken })
        .expect(401);
      expect(response.body).toEqual({});
      await authorize({ email: user.email, password: user.password }).expect(403);
    });

    it('refuses a verification token presented as a Bearer token', async () => {
      const user = await registerSessionUser(app.url);
      const response = await listSessions(user.verificationToken).expect(401);
      expect(response.body).toEqual(sessionError('UNAUTHORIZED'));
    });
  });

  describe('POST /session/resendVerification', () => {
    it('answers known, verified and unknown emails with identical bodies', async () => {
      const user = await registerSessionUser(app.url);
      const verified = await verifiedSessionUser(app.url);
      const bodies = await Promise.all(
        [user.email, verified.email, uniqueEmail()].map(
          async (email): Promise<unknown> =>
            (await request(app.url).post('/session/resendVerification').send({ email }).expect(200)).body,
        ),
      );
      expect(bodies[0]).toEqual({ status: 'Success', data: { message: expect.any(String) } });
      expect(bodies[1]).toEqual(bodies[0]);
      expect(bodies[2]).toEqual(bodies[0]);
    });

    it('answers 400 VALIDATION_FAILED for a malformed email', async () => {
      const response = await request(app.url)
        .post('/session/resendVerification')
        .send({ email: 'x' })
        .expect(400);
      expect(response.body).toEqual(sessionError('VALIDATION_FAILED'));
    });
  });

  describe('POST /session/authorize', () => {
    it('answers 403 EMAIL_NOT_VERIFIED only once the password checked out', async () => {
      const user = await registerSessionUser(app.url);
      const wrong = await authorize({ email: user.email, password: 'wrong-password' }).expect(401);
      expect(wrong.body).toEqual({});
      const unverified = await authorize({ email: user.email, password: user.password }).expect(403);
      expect(unverified.body).toEqual(sessionError('EMAIL_NOT_VERIFIED'));
    });

    it('answers 401 {} alike for a wrong password and an unknown email', async () => {
      const user = await verifiedSessionUser(app.url);
      const wrong = await authorize({ email: user.email, password: 'wrong-password' }).expect(401);
      const unknown = await authorize({ email: uniqueEmail(), password: user.password }).expect(401);
      expect(wrong.body).toEqual({});
      expect(unknown.body).toEqual({});
    });

    it('signs in with the email in any case; the access token carries the §4.5 claims', async () => {
      const user = await verifiedSessionUser(app.url);
      const tokens = await signIn(user.email.toUpperCase(), user.password);
      expect(Object.keys(tokens).sort()).toEqual(TOKEN_KEYS);
      expect(tokens.scope).toBe(ALL_SCOPES);
      expectAbout(tokens.access_token_valid_to, Date.now() + 15 * 60_000);
      expectAbout(tokens.refresh_token_valid_to, Date.now() + 24 * 3_600_000);
      const claims = decodeClaims(tokens.access_token);
      expect(claims).toEqual({
        sub: expect.any(String),
        sid: expect.any(String),
        username: user.username,
        scope: ALL_SCOPES,
        typ: 'access',
        iat: expect.any(Number),
        exp: Date.parse(tokens.access_token_valid_to) / 1000,
        jti: expect.any(String),
      });
      expect(
        JSON.parse(Buffer.from(tokens.access_token.split('.')[0], 'base64url').toString()),
      ).toMatchObject({
        alg: 'HS256',
      });
    });

    it('lets the same account sign in on the flash API by username (§1)', async () => {
      const user = await verifiedSessionUser(app.url);
      await request(app.url)
        .post('/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
    });

    it('narrows the scope; a route needing a dropped scope answers 403 INSUFFICIENT_SCOPE', async () => {
      const user = await verifiedSessionUser(app.url);
      const narrow = await signIn(user.email, user.password, { scope: 'users:read chat:read' });
      expect(narrow.scope).toBe('users:read chat:read');
      expect(decodeClaims(narrow.access_token).scope).toBe('users:read chat:read');
      const denied = await listSessions(narrow.access_token).expect(403);
      expect(denied.body).toEqual(sessionError('INSUFFICIENT_SCOPE'));
      await request(app.url)
        .get('/users/me')
        .set('Authorization', `Bearer ${narrow.access_token}`)
        .expect(200);

      const sessionOnly = await signIn(user.email, user.password, { scope: 'session' });
      await listSessions(sessionOnly.access_token).expect(200);
      const flash = await request(app.url)
        .get('/users/me')
        .set('Authorization', `Bearer ${sessionOnly.access_token}`)
        .expect(403);
      expect(flash.body).toEqual({ code: '403', message: 'insufficient scope', content: null });

      const refreshed = await refresh(narrow.refresh_token).expect(200);
      expect(refreshed.body.data.scope).toBe('users:read chat:read');
    });

    it.each([
      ['an unknown scope', { scope: 'admin' }, 'scope'],
      ['an empty scope', { scope: '  ' }, 'scope'],
      ['a missing password', { password: undefined }, 'password'],
      ['a missing email', { email: undefined }, 'email'],
    ])('answers 400 VALIDATION_FAILED for %s', async (_, change, field) => {
      const user = await verifiedSessionUser(app.url);
      const response = await authorize({ email: user.email, password: user.password, ...change }).expect(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field }] });
    });
  });

  describe('POST /session/refresh', () => {
    it('rotates: new tokens work, the old refresh token stops working', async () => {
      const user = await verifiedSessionUser(app.url);
      const response = await refresh(user.tokens.refresh_token).expect(200);
      const next = response.body.data as SessionTokens;
      expect(Object.keys(next).sort()).toEqual(TOKEN_KEYS);
      expect(next.refresh_token).not.toBe(user.tokens.refresh_token);
      expect(next.access_token).not.toBe(user.tokens.access_token);
      expectAbout(next.refresh_token_valid_to, Date.now() + 24 * 3_600_000);
      expect(decodeClaims(next.access_token).sid).toBe(decodeClaims(user.tokens.access_token).sid);
      await listSessions(next.access_token).expect(200);
      const again = await refresh(next.refresh_token).expect(200);
      await listSessions(again.body.data.access_token).expect(200);
    });

    it('treats a rotated token as theft: 401 {}, the session is revoked with all its tokens', async () => {
      const user = await verifiedSessionUser(app.url);
      const next = (await refresh(user.tokens.refresh_token).expect(200)).body.data as SessionTokens;
      const sid = decodeClaims(next.access_token).sid;
      const reused = await refresh(user.tokens.refresh_token).expect(401);
      expect(reused.body).toEqual({});
      expect((await refresh(next.refresh_token).expect(401)).body).toEqual({});
      expect((await listSessions(next.access_token).expect(401)).body).toEqual(sessionError('UNAUTHORIZED'));
      await listSessions(user.tokens.access_token).expect(401);
      expect(revoked).toContainEqual(expect.objectContaining({ sessionId: sid }));
    });

    it('lets exactly one of two concurrent refreshes with the same token succeed', async () => {
      const user = await verifiedSessionUser(app.url);
      const responses = await Promise.all([
        refresh(user.tokens.refresh_token),
        refresh(user.tokens.refresh_token),
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it.each([
      ['an unknown token', 'x'.repeat(43)],
      ['no token', undefined],
      ['a number', 42],
    ])('answers 401 {} for %s', async (_, token) => {
      expect((await refresh(token).expect(401)).body).toEqual({});
    });

    it('refuses an access token as refresh token and a refresh token as Bearer', async () => {
      const user = await verifiedSessionUser(app.url);
      expect((await refresh(user.tokens.access_token).expect(401)).body).toEqual({});
      expect((await listSessions(user.tokens.refresh_token).expect(401)).body).toEqual(
        sessionError('UNAUTHORIZED'),
      );
      await refresh(user.tokens.refresh_token).expect(200);
    });

    it('answers 401 {} for an expired refresh token without revoking the session', async () => {
      const user = await verifiedSessionUser(app.url);
      await dataSource.query(
        `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
        [hashOpaqueToken(user.tokens.refresh_token)],
      );
      expect((await refresh(user.tokens.refresh_token).expect(401)).body).toEqual({});
      await listSessions(user.tokens.access_token).expect(200);
    });

    it('never extends a refresh token past the absolute session end', async () => {
      const user = await verifiedSessionUser(app.url);
      const sid = decodeClaims(user.tokens.access_token).sid as string;
      const end = new Date(Date.now() + 3_600_000);
      await dataSource.query(`UPDATE sessions SET expires_at = $1 WHERE id = $2`, [end, sid]);
      const next = (await refresh(user.tokens.refresh_token).expect(200)).body.data as SessionTokens;
      expectAbout(next.refresh_token_valid_to, end.getTime(), 1000);
      expect(Date.parse(next.access_token_valid_to)).toBeLessThanOrEqual(end.getTime());
    });

    it('answers 401 {} once the session has passed its absolute end', async () => {
      const user = await verifiedSessionUser(app.url);
      const sid = decodeClaims(user.tokens.access_token).sid as string;
      await dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        sid,
      ]);
      expect((await refresh(user.tokens.refresh_token).expect(401)).body).toEqual({});
    });
  });

  describe('access tokens on session routes (§4.5)', () => {
    let tokens: SessionTokens;
    beforeAll(async () => {
      tokens = (await verifiedSessionUser(app.url)).tokens;
    });

    it.each([
      ['no token', undefined],
      ['alg none', () => resign(tokens.access_token, {}, { alg: 'none' })],
      [
        'another key',
        () => resign(tokens.access_token, {}, { secret: 'another-key-that-is-long-enough-0123456789' }),
      ],
      ['wrong typ', () => resign(tokens.access_token, { typ: 'refresh' })],
      ['HS512', () => resign(tokens.access_token, {}, { alg: 'HS512' })],
      [
        'an unknown session',
        () => resign(tokens.access_token, { sid: '00000000-0000-4000-8000-000000000000' }),
      ],
      ['garbage', () => 'not.a.jwt'],
      ['a hand-made token without sid', () => signToken({ sub: 'x', typ: 'access', exp: 9999999999 })],
    ])('answers 401 UNAUTHORIZED for %s', async (_, make) => {
      const call = request(app.url).get('/session');
      if (make) call.set('Authorization', `Bearer ${make()}`);
      expect((await call.expect(401)).body).toEqual(sessionError('UNAUTHORIZED'));
    });

    it.each([
      ['post', '/session/logout'],
      ['post', '/session/logoutOthers'],
      ['post', '/session/password'],
      ['delete', `/session/00000000-0000-4000-8000-000000000000`],
    ] as const)('requires a token on %s %s', async (method, path) => {
      expect((await request(app.url)[method](path).send({}).expect(401)).body).toEqual(
        sessionError('UNAUTHORIZED'),
      );
    });
  });

  describe('GET /session, POST /session/logout, DELETE /session/:id', () => {
    it('lists live sessions with exactly the contract fields and marks the current one', async () => {
      const user = await verifiedSessionUser(app.url);
      const second = (
        await authorize({ email: user.email, password: user.password })
          .set('User-Agent', 'test-agent/1')
          .expect(200)
      ).body.data as SessionTokens;
      const response = await listSessions(second.access_token).expect(200);
      expect(response.body.status).toBe('Success');
      const items = response.body.data as Record<string, unknown>[];
      expect(items).toHaveLength(2);
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual([
          'created_at',
          'current',
          'id',
          'ip',
          'last_used_at',
          'user_agent',
        ]);
      }
      const current = items.find((item) => item.current === true);
      expect(current).toMatchObject({
        id: decodeClaims(second.access_token).sid,
        user_agent: 'test-agent/1',
      });
      expect(current?.ip).toEqual(expect.stringContaining('127.0.0.1'));
      expect(items.filter((item) => item.current === true)).toHaveLength(1);
    });

    it('logs out: the session is revoked, its tokens fail, the event is emitted', async () => {
      const user = await verifiedSessionUser(app.url);
      const other = await signIn(user.email, user.password);
      const sid = decodeClaims(user.tokens.access_token).sid;
      const response = await request(app.url)
        .post('/session/logout')
        .set('Authorization', `Bearer ${user.tokens.access_token}`)
        .expect(200);
      expect(response.body).toEqual({ status: 'Success', data: null });
      expect(revoked).toContainEqual({ userId: decodeClaims(user.tokens.access_token).sub, sessionId: sid });
      await listSessions(user.tokens.access_token).expect(401);
      expect((await refresh(user.tokens.refresh_token).expect(401)).body).toEqual({});
      const left = (await listSessions(other.access_token).expect(200)).body.data as { id: string }[];
      expect(left.map((item) => item.id)).toEqual([decodeClaims(other.access_token).sid]);
    });

    it('revokes one of the caller’s own sessions', async () => {
      const user = await verifiedSessionUser(app.url);
      const other = await signIn(user.email, user.password);
      const response = await request(app.url)
        .delete(`/session/${String(decodeClaims(other.access_token).sid)}`)
        .set('Authorization', `Bearer ${user.tokens.access_token}`)
        .expect(200);
      expect(response.body).toEqual({ status: 'Success', data: null });
      await listSessions(other.access_token).expect(401);
      await listSessions(user.tokens.access_token).expect(200);
    });

    it('answers 404 for another user’s session, a revoked one and a malformed id', async () => {
      const owner = await verifiedSessionUser(app.url);
      const intruder = await verifiedSessionUser(app.url);
      const ownerSid = String(decodeClaims(owner.tokens.access_token).sid);
      const spare = await signIn(intruder.email, intruder.password);
      const spareSid = String(decodeClaims(spare.access_token).sid);
      await request(app.url)
        .post('/session/logout')
        .set('Authorization', `Bearer ${spare.access_token}`)
        .expect(200);
      for (const id of [ownerSid, spareSid, 'not-a-uuid']) {
        const response = await request(app.url)
          .delete(`/session/${id}`)
          .set('Authorization', `Bearer ${intruder.tokens.access_token}`)
          .expect(404);
        expect(response.body).toEqual(sessionError('NOT_FOUND'));
      }
      await listSessions(owner.tokens.access_token).expect(200);
    });
  });

  describe('POST /session/logoutOthers (API.md §4.4)', () => {
    const logoutOthers = (accessToken: string) =>
      request(app.url).post('/session/logoutOthers').set('Authorization', `Bearer ${accessToken}`);

    it('revokes every other live session, answers their count, keeps the current one and closes their sockets', async () => {
      const user = await verifiedSessionUser(app.url);
      const [second, third] = [
        await signIn(user.email, user.password),
        await signIn(user.email, user.password),
      ];
      const otherSocket = await connect(app.wsUrl, '/ws', { token: second.access_token });
      const response = await logoutOthers(user.tokens.access_token).expect(200);
      expect(response.body).toEqual({ status: 'Success', data: { revoked: 2 } });
      expect((await otherSocket.closedWithin(3000)).code).toBe(4001);
      await listSessions(second.access_token).expect(401);
      await listSessions(third.access_token).expect(401);
      expect((await refresh(third.refresh_token).expect(401)).body).toEqual({});
      const left = (await listSessions(user.tokens.access_token).expect(200)).body.data as { id: string }[];
      expect(left.map((item) => item.id)).toEqual([decodeClaims(user.tokens.access_token).sid]);
      expect((await logoutOthers(user.tokens.access_token).expect(200)).body.data).toEqual({ revoked: 0 });
    });

    it('leaves other users’ sessions alone, and needs the session scope and a token', async () => {
      const user = await verifiedSessionUser(app.url);
      const bystander = await verifiedSessionUser(app.url);
      await logoutOthers(user.tokens.access_token).expect(200);
      await listSessions(bystander.tokens.access_token).expect(200);
      const narrow = await signIn(user.email, user.password, { scope: 'chat:read' });
      expect((await logoutOthers(narrow.access_token).expect(403)).body).toEqual(
        sessionError('INSUFFICIENT_SCOPE'),
      );
      expect((await request(app.url).post('/session/logoutOthers').expect(401)).body).toEqual(
        sessionError('UNAUTHORIZED'),
      );
    });
  });

  describe('POST /session/password', () => {
    const change = (token: string, body: object) =>
      request(app.url).post('/session/password').set('Authorization', `Bearer ${token}`).send(body);

    it('answers 403 WRONG_PASSWORD for a wrong current password', async () => {
      const user = await verifiedSessionUser(app.url);
      const response = await change(user.tokens.access_token, {
        current_password: 'not-it-at-all',
        new_password: 'another-password',
      }).expect(403);
      expect(response.body).toEqual(sessionError('WRONG_PASSWORD'));
      await signIn(user.email, user.password);
    });

    it('answers 400 VALIDATION_FAILED for a too short new password', async () => {
      const user = await verifiedSessionUser(app.url);
      const response = await change(user.tokens.access_token, {
        current_password: user.password,
        new_password: 'short',
      }).expect(400);
      expect(response.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'new_password' }],
      });
    });

    it('changes the password and revokes every other session of the user', async () => {
      const user = await verifiedSessionUser(app.url);
      const other = await signIn(user.email, user.password);
      const otherSid = decodeClaims(other.access_token).sid;
      const response = await change(user.tokens.access_token, {
        current_password: user.password,
        new_password: 'a-brand-new-password',
      }).expect(200);
      expect(response.body).toEqual({ status: 'Success', data: null });
      await listSessions(other.access_token).expect(401);
      expect((await refresh(other.refresh_token).expect(401)).body).toEqual({});
      expect(revoked).toContainEqual(expect.objectContaining({ sessionId: otherSid }));
      await listSessions(user.tokens.access_token).expect(200);
      await authorize({ email: user.email, password: user.password }).expect(401);
      await signIn(user.email, 'a-brand-new-password');
    });
  });

  describe('POST /session/passwordReset', () => {
    it('answers known and unknown emails with the same body', async () => {
      const user = await verifiedSessionUser(app.url);
      const known = await request(app.url)
        .post('/session/passwordReset')
        .send({ email: user.email })
        .expect(200);
      const unknown = await request(app.url)
        .post('/session/passwordReset')
        .send({ email: uniqueEmail() })
        .expect(200);
      expect(known.body).toEqual({ status: 'Success', data: { message: expect.any(String) } });
      expect(unknown.body).toEqual(known.body);
    });

    it('answers 400 RESET_TOKEN_INVALID for an unknown token', async () => {
      const response = await request(app.url)
        .post('/session/passwordReset/confirm')
        .send({ token: 'x'.repeat(43), password: 'a-brand-new-password' })
        .expect(400);
      expect(response.body).toEqual(sessionError('RESET_TOKEN_INVALID'));
    });

    it('answers 400 VALIDATION_FAILED for a missing token', async () => {
      const response = await request(app.url)
        .post('/session/passwordReset/confirm')
        .send({ password: 'a-brand-new-password' })
        .expect(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'token' }] });
    });
  });

  it('documents every session route in OpenAPI', async () => {
    const doc = await request(app.url).get('/docs-json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    const expected: [string, string, string[]][] = [
      ['/session/register', 'post', ['200', '400', '409', '429']],
      ['/session/emailVerify', 'get', ['200', '401']],
      ['/session/resendVerification', 'post', ['200', '400', '429']],
      ['/session/authorize', 'post', ['200', '400', '401', '403', '429']],
      ['/session/refresh', 'post', ['200', '401', '429']],
      ['/session/logout', 'post', ['200', '401', '403']],
      ['/session/logoutOthers', 'post', ['200', '401', '403']],
      ['/session', 'get', ['200', '401', '403']],
      ['/session/{id}', 'delete', ['200', '401', '403', '404']],
      ['/session/password', 'post', ['200', '400', '401', '403']],
      ['/session/passwordReset', 'post', ['200', '400', '429']],
      ['/session/passwordReset/confirm', 'post', ['200', '400', '429']],
    ];
    for (const [path, method, statuses] of expected) {
      expect(Object.keys(paths[path]?.[method]?.responses ?? {})).toEqual(expect.arrayContaining(statuses));
    }
  });
});
