import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { PasswordHasher } from '../src/users/password-hasher.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, uniqueEmail, uniqueUsername, verifiedSessionUser } from './helpers/factories.js';
import { expectRetryAfter, expectSession429 } from './helpers/rate-limits.js';

describe('sign-in rate limits per identifier (API.md §0)', () => {
  let app: TestApp;
  const LIMIT = 3;

  beforeAll(async () => {
    app = await createTestApp({ env: { AUTH_RATE_LIMIT: String(LIMIT), AUTH_RATE_LIMIT_IP: '100000' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 429 for the right password once the email is over the limit, before any hashing', async () => {
    const user = await verifiedSessionUser(app.url); // the registration counted once for the email
    const authorize = (email: string, password: string) =>
      request(app.url).post('/session/authorize').send({ email, password });
    await authorize(user.email, user.password).expect(200);
    await authorize(user.email, 'wrong-password').expect(401);

    const verify = jest.spyOn(app.app.get(PasswordHasher), 'verify');
    const verifyDecoy = jest.spyOn(app.app.get(PasswordHasher), 'verifyDecoy');
    try {
      expectSession429(await authorize(user.email, user.password));
      expectSession429(await authorize(user.email.toUpperCase(), user.password));
      expect(verify).not.toHaveBeenCalled();
      expect(verifyDecoy).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
      verifyDecoy.mockRestore();
    }
    // Another identifier from the same IP is still heard.
    await authorize(uniqueEmail(), user.password).expect(401);
  });

  it('counts a registration for its username and its email', async () => {
    const username = uniqueUsername();
    const register = (email: string) =>
      request(app.url).post('/session/register').send({ email, password: 'secret-password', username });
    await register(uniqueEmail()).expect(200);
    await register(uniqueEmail()).expect(409);
    await register(uniqueEmail()).expect(409);
    expectSession429(await register(uniqueEmail()));

    const email = uniqueEmail();
    const byEmail = () =>
      request(app.url)
        .post('/session/register')
        .send({ email, password: 'secret-password', username: uniqueUsername() });
    await byEmail().expect(200);
    await byEmail().expect(409);
    await byEmail().expect(409);
    expectSession429(await byEmail());
  });

  it('limits /login per username in the flash envelope', async () => {
    const user = await registerFlashUser(app.url); // counted once for the username
    await request(app.url)
      .post('/login')
      .send({ username: user.username, password: 'wrong-one' })
      .expect(400);
    await request(app.url)
      .post('/login')
      .send({ username: user.username, password: user.password })
      .expect(200);
    const response = await request(app.url)
      .post('/login')
      .send({ username: user.username.toUpperCase(), password: user.password })
      .expect(429);
    expect(response.body).toEqual({ code: '429', message: expect.any(String), content: null });
    expectRetryAfter(response);
  });

  it('limits /session/refresh per token, with the session envelope rather than {}', async () => {
    const token = 'y'.repeat(43);
    for (let i = 0; i < LIMIT; i += 1) {
      await request(app.url).post('/session/refresh').send({ refresh_token: token }).expect(401);
    }
    expectSession429(await request(app.url).post('/session/refresh').send({ refresh_token: token }));
  });

  it.each(['/session/passwordReset', '/session/resendVerification'])('limits %s per email', async (path) => {
    const email = uniqueEmail();
    for (let i = 0; i < LIMIT; i += 1) await request(app.url).post(path).send({ email }).expect(200);
    expectSession429(await request(app.url).post(path).send({ email }));
  });

  it('limits /session/passwordReset/confirm per token', async () => {
    const send = () =>
      request(app.url)
        .post('/session/passwordReset/confirm')
        .send({ token: 'z'.repeat(43), password: 'new-password' });
    for (let i = 0; i < LIMIT; i += 1) await send().expect(400);
    expectSession429(await send());
  });
});

describe('sign-in rate limits per IP (API.md §0)', () => {
  let app: TestApp;
  const LIMIT_IP = 4;

  beforeAll(async () => {
    app = await createTestApp({ env: { AUTH_RATE_LIMIT: '100000', AUTH_RATE_LIMIT_IP: String(LIMIT_IP) } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('counts every sign-in route from one IP together, whatever the identifiers', async () => {
    for (let i = 0; i < LIMIT_IP; i += 1) {
      await request(app.url)
        .post('/session/authorize')
        .send({ email: uniqueEmail(), password: 'secret-password' })
        .expect(401);
    }
    expectSession429(
      await request(app.url)
        .post('/session/authorize')
        .send({ email: uniqueEmail(), password: 'secret-password' }),
    );
    const flash = await request(app.url)
      .post('/register')
      .send({ name: 'A', username: uniqueUsername(), password: 'secret' })
      .expect(429);
    expect(flash.body).toEqual({ code: '429', message: expect.any(String), content: null });
    expectRetryAfter(flash);
    // Routes outside the sign-in family are not limited.
    await request(app.url).get('/health').expect(200);
  });
});
