import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SESSION_REVOKED, type SessionRevokedEvent } from '../src/auth/session-events.js';
import { hashOpaqueToken } from '../src/session/opaque-token.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { uniqueEmail, uniqueUsername, type SessionTokens } from './helpers/factories.js';
import { linkTo, startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { decodeClaims } from './helpers/tokens.js';

const PUBLIC_URL = 'https://chat.example.test';

describe('session API mail over SMTP (API.md §4.1, §4.2, §4.6)', () => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  const revoked: SessionRevokedEvent[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'p-chat <no-reply@example.test>', PUBLIC_URL },
    });
    app.app.get(EventEmitter2).on(SESSION_REVOKED, (event: SessionRevokedEvent) => revoked.push(event));
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });

  const password = 'secret-password';

  async function register(email = uniqueEmail()): Promise<{ email: string; body: unknown }> {
    const response = await request(app.url)
      .post('/session/register')
      .send({ email, password, username: uniqueUsername() })
      .expect(200);
    return { email, body: response.body };
  }

  /** Follows the link of the next verification mail to `email` against the test app. */
  async function verifyByMail(email: string): Promise<SessionTokens> {
    const mail = await smtp.next(email);
    const link = linkTo(mail, '/session/emailVerify');
    expect(link.origin).toBe(PUBLIC_URL);
    const response = await request(app.url)
      .get(link.pathname + link.search)
      .expect(200);
    return response.body.data as SessionTokens;
  }

  async function resetTokenFor(email: string): Promise<string> {
    await request(app.url).post('/session/passwordReset').send({ email }).expect(200);
    const link = linkTo(await smtp.next(email), '/session/passwordReset/confirm');
    expect(link.origin).toBe(PUBLIC_URL);
    return link.searchParams.get('token') as string;
  }

  it('mails a working verification link and leaves the token out of the response', async () => {
    const { email, body } = await register();
    expect(body).toEqual({ status: 'Success', data: { message: 'User registered successfully' } });
    const mail = await smtp.next(email);
    expect(mail.subject).toMatch(/verify/i);
    const link = linkTo(mail, '/session/emailVerify');
    expect(link.searchParams.get('verifyToken')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const verified = await request(app.url)
      .get(link.pathname + link.search)
      .expect(200);
    expect(verified.body.data.scope).toBe('chat:read chat:write users:read session');
    expect(
      (
        await request(app.url)
          .get(link.pathname + link.search)
          .expect(401)
      ).body,
    ).toEqual({});
    await request(app.url).post('/session/authorize').send({ email, password }).expect(200);
  });

  it('resends a working link to an unverified address only, answering alike', async () => {
    const { email } = await register();
    await smtp.next(email); // the first mail, left unused
    const unknown = uniqueEmail();
    const known = await request(app.url).post('/session/resendVerification').send({ email }).expect(200);
    const stranger = await request(app.url)
      .post('/session/resendVerification')
      .send({ email: unknown })
      .expect(200);
    expect(stranger.body).toEqual(known.body);
    await verifyByMail(email);
    await expect(smtp.next(unknown, 300)).rejects.toThrow('no mail');
  });

  it('resets the password by mail and revokes every session of the user', async () => {
    const { email } = await register();
    const first = await verifyByMail(email);
    const second = (await request(app.url).post('/session/authorize').send({ email, password }).expect(200))
      .body.data as SessionTokens;
    const token = await resetTokenFor(email);
    const confirm = () =>
      request(app.url).post('/session/passwordReset/confirm').send({ token, password: 'the-new-password' });
    expect((await confirm().expect(200)).body).toEqual({ status: 'Success', data: null });

    for (const tokens of [first, second]) {
      await request(app.url)
        .get('/session')
        .set('Authorization', `Bearer ${tokens.access_token}`)
        .expect(401);
      expect(
        (
          await request(app.url)
            .post('/session/refresh')
            .send({ refresh_token: tokens.refresh_token })
            .expect(401)
        ).body,
      ).toEqual({});
      expect(revoked).toContainEqual(
        expect.objectContaining({ sessionId: decodeClaims(tokens.access_token).sid }),
      );
    }
    await request(app.url).post('/session/authorize').send({ email, password }).expect(401);
    await request(app.url)
      .post('/session/authorize')
      .send({ email, password: 'the-new-password' })
      .expect(200);
    const reused = await confirm().expect(400);
    expect(reused.body).toEqual({
      status: 'Error',
      error: { code: 'RESET_TOKEN_INVALID', message: expect.any(String) },
    });
  });

  it('refuses an expired reset token with 400 RESET_TOKEN_INVALID', async () => {
    const { email } = await register();
    await verifyByMail(email);
    const token = await resetTokenFor(email);
    await app.app
      .get(DataSource)
      .query(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
        hashOpaqueToken(token),
      ]);
    const response = await request(app.url)
      .post('/session/passwordReset/confirm')
      .send({ token, password: 'the-new-password' })
      .expect(400);
    expect(response.body.error.code).toBe('RESET_TOKEN_INVALID');
    await request(app.url).post('/session/authorize').send({ email, password }).expect(200);
  });

  it('treats a completed reset as proof of the mailbox: an unverified account becomes verified', async () => {
    const { email } = await register();
    await smtp.next(email); // the verification mail, left unused
    await request(app.url).post('/session/authorize').send({ email, password }).expect(403);
    const token = await resetTokenFor(email);
    await request(app.url)
      .post('/session/passwordReset/confirm')
      .send({ token, password: 'the-new-password' })
      .expect(200);
    await request(app.url)
      .post('/session/authorize')
      .send({ email, password: 'the-new-password' })
      .expect(200);
  });

  it('sends no reset mail for an unknown address', async () => {
    const email = uniqueEmail();
    await request(app.url).post('/session/passwordReset').send({ email }).expect(200);
    await expect(smtp.next(email, 300)).rejects.toThrow('no mail');
  });
});

describe('EXPOSE_VERIFICATION_TOKEN with SMTP', () => {
  let smtp: TestSmtpServer;
  let app: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        EXPOSE_VERIFICATION_TOKEN: 'true',
        PUBLIC_URL: undefined,
        HTTP_HOST: undefined,
        PORT: undefined,
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });

  it('returns the token as well as mailing it', async () => {
    const email = uniqueEmail();
    const response = await request(app.url)
      .post('/session/register')
      .send({ email, password: 'secret-password' })
      .expect(200);
    const token = response.body.data.VerificationToken as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const link = linkTo(await smtp.next(email), '/session/emailVerify');
    expect(link.origin).toBe('http://localhost:8080');
    expect(link.searchParams.get('verifyToken')).toBe(token);
  });
});
