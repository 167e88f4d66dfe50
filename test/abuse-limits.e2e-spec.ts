// Abuse limits of issue 9 on the HTTP side: password changes are rate-limited, mail-sending routes
// count apart from sign-in and send a bounded number of mails, they answer before doing any work,
// unverified session-API accounts cannot sign in through flash /login, the client IP follows
// TRUST_PROXY (IPv6 by /64), the docs CSP works over http, and silent connections are dropped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { AccountTokenStore } from '../src/session/account-token.store.js';
import { MAILS_PER_ADDRESS_PER_HOUR } from '../src/session/mail-quota.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import {
  registerFlashUser,
  registerSessionUser,
  uniqueEmail,
  verifiedSessionUser,
} from './helpers/factories.js';
import { waitFor } from './helpers/free-port.js';
import { EMBEDDED_DATABASE_ENV, SERVER_ENTRY, ensureBuilt } from './helpers/server-process.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { expectSession429 } from './helpers/rate-limits.js';
import { TEST_JWT_SECRET } from './helpers/tokens.js';

describe('abuse limits (low AUTH_RATE_LIMIT)', () => {
  let app: TestApp;
  const LIMIT = 3;

  beforeAll(async () => {
    app = await createTestApp({ env: { AUTH_RATE_LIMIT: String(LIMIT), AUTH_RATE_LIMIT_IP: '100000' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('rate-limits POST /session/password per signed-in user, the right password included', async () => {
    const user = await verifiedSessionUser(app.url);
    const change = (current: string) =>
      request(app.url)
        .post('/session/password')
        .set('Authorization', `Bearer ${user.tokens.access_token}`)
        .send({ current_password: current, new_password: 'another-password' });
    for (let i = 0; i < LIMIT; i += 1) await change(`guess-${i}`).expect(403);
    expectSession429(await change('guess-x'));
    expectSession429(await change(user.password));
    // Another user is not affected.
    const other = await verifiedSessionUser(app.url);
    await request(app.url)
      .post('/session/password')
      .set('Authorization', `Bearer ${other.tokens.access_token}`)
      .send({ current_password: 'wrong', new_password: 'another-password' })
      .expect(403);
  });

  it('counts mail requests apart from sign-in: a stranger’s resets do not lock the owner out', async () => {
    const user = await verifiedSessionUser(app.url);
    for (let i = 0; i < LIMIT; i += 1) {
      await request(app.url).post('/session/passwordReset').send({ email: user.email }).expect(200);
    }
    expectSession429(await request(app.url).post('/session/passwordReset').send({ email: user.email }));
    expectSession429(await request(app.url).post('/session/resendVerification').send({ email: user.email }));
    await request(app.url)
      .post('/session/authorize')
      .send({ email: user.email, password: user.password })
      .expect(200);
  });

  it('refuses flash /login to a session-API account whose email is not verified', async () => {
    const unverified = await registerSessionUser(app.url);
    const refused = await request(app.url)
      .post('/login')
      .send({ username: unverified.username, password: unverified.password })
      .expect(403);
    expect(refused.body).toEqual({ code: '403', message: 'email not verified', content: null });
    const wrong = await request(app.url)
      .post('/login')
      .send({ username: unverified.username, password: 'not-the-password' })
      .expect(400);
    expect(wrong.body.message).toBe('wrong credentials'); // told only once the password checked out
    const flashMade = await registerFlashUser(app.url);
    await request(app.url)
      .post('/login')
      .send({ username: flashMade.username, password: flashMade.password })
      .expect(200);
  });
});

describe('mail routes answer first and send a bounded number of mails', () => {
  let app: TestApp;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({ env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });

  it('answers before the token is stored or the mail sent', async () => {
    const user = await registerSessionUser(app.url);
    const store = app.app.get(AccountTokenStore);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const original = store.issue.bind(store);
    const issue = jest.spyOn(store, 'issue').mockImplementation(async (...args) => {
      await held;
      return original(...args);
    });
    try {
      for (const path of ['/session/passwordReset', '/session/resendVerification']) {
        const response = await request(app.url).post(path).send({ email: user.email }).timeout(5000);
        expect(response.status).toBe(200);
      }
      await waitFor(() => issue.mock.calls.length === 2, 5000, 'the work to start after the answers');
    } finally {
      release();
      issue.mockRestore();
    }
    await waitFor(() => smtp.mails.filter((m) => m.to.includes(user.email)).length >= 3, 10_000, 'mails');
  });

  it(`sends at most ${MAILS_PER_ADDRESS_PER_HOUR} mails per address per hour`, async () => {
    const email = uniqueEmail();
    await registerSessionUser(app.url, { email }); // the verification mail counts
    for (let i = 0; i < MAILS_PER_ADDRESS_PER_HOUR + 3; i += 1) {
      await request(app.url).post('/session/passwordReset').send({ email }).expect(200);
    }
    const to = (): number => smtp.mails.filter((mail) => mail.to.includes(email)).length;
    await waitFor(() => to() >= MAILS_PER_ADDRESS_PER_HOUR, 10_000, 'mails up to the quota');
    await new Promise((resolve) => setTimeout(resolve, 500)); // any extra mail would be on its way
    expect(to()).toBe(MAILS_PER_ADDRESS_PER_HOUR);
  });
});

describe('TRUST_PROXY decides the client IP', () => {
  // One embedded app at a time: two PGlite engines in one Jest process disturb each other (seen as
  // sessions of the first app reading as revoked once a second one starts; pre-existing, not this suite's).
  let proxied: TestApp;

  beforeAll(async () => {
    proxied = await createTestApp({ env: { TRUST_PROXY: '1', AUTH_RATE_LIMIT_IP: '3' } });
  });
  afterAll(async () => {
    await proxied.close();
  });

  const attempt = (app: TestApp, forwardedFor: string) =>
    request(app.url)
      .post('/session/authorize')
      .set('X-Forwarded-For', forwardedFor)
      .send({ email: uniqueEmail(), password: 'x' });

  it('counts per forwarded client behind a trusted proxy, IPv6 by /64', async () => {
    for (let i = 0; i < 3; i += 1) await attempt(proxied, '203.0.113.5').expect(401);
    expectSession429(await attempt(proxied, '203.0.113.5'));
    await attempt(proxied, '203.0.113.6').expect(401);
    for (let i = 0; i < 3; i += 1) await attempt(proxied, `2001:db8:0:1::${i + 1}`).expect(401);
    expectSession429(await attempt(proxied, '2001:db8:0:1:ffff::9'));
    await attempt(proxied, '2001:db8:0:2::1').expect(401);
  });

  it('records the forwarded IP on the session', async () => {
    const user = await verifiedSessionUser(proxied.url);
    const signIn = await request(proxied.url)
      .post('/session/authorize')
      .set('X-Forwarded-For', '198.51.100.7')
      .send({ email: user.email, password: user.password })
      .expect(200);
    const sessions = await request(proxied.url)
      .get('/session')
      .set('Authorization', `Bearer ${signIn.body.data.access_token}`);
    expect(sessions.status).toBe(200);
    expect(sessions.body.data.find((s: { current: boolean }) => s.current).ip).toBe('198.51.100.7');
  });

  it('ignores X-Forwarded-For by default (a client cannot pick its own bucket)', async () => {
    const direct = await createTestApp({ env: { AUTH_RATE_LIMIT_IP: '3' } });
    try {
      for (let i = 0; i < 3; i += 1) await attempt(direct, `192.0.2.${i}`).expect(401);
      expectSession429(await attempt(direct, '192.0.2.99'));
    } finally {
      await direct.close();
    }
  });
});

describe('HTTP server bounds and headers', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ env: { HTTP_HEADERS_TIMEOUT_SECONDS: '2' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves /docs with a CSP that works over plain http; the API keeps upgrade-insecure-requests', async () => {
    const docs = await request(app.url).get('/docs/').set('Host', 'chat.lan:8080').expect(200);
    expect(docs.headers['content-security-policy']).toEqual(expect.any(String));
    expect(docs.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const api = await request(app.url).get('/health').expect(200);
    expect(api.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});

describe('production defaults', () => {
  it('refuses to start without SMTP_URL unless MAIL_TRANSPORT=log, in one line naming the variable', () => {
    ensureBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'p-chat-prod-'));
    try {
      const run = spawnSync(process.execPath, [SERVER_ENTRY], {
        env: {
          ...process.env,
          ...EMBEDDED_DATABASE_ENV,
          NODE_ENV: 'production',
          JWT_SECRET: TEST_JWT_SECRET,
          DATA_DIR: dataDir,
          HTTP_HOST: '127.0.0.1:0',
          SMTP_URL: '',
          MAIL_TRANSPORT: '',
        },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('SMTP_URL')]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 200_000);

  it('with MAIL_TRANSPORT=log in production: starts, never returns VerificationToken', async () => {
    const app = await createTestApp({ env: { NODE_ENV: 'production', MAIL_TRANSPORT: 'log' } });
    try {
      const response = await request(app.url)
        .post('/session/register')
        .send({ email: uniqueEmail(), password: 'secret-password' })
        .expect(200);
      expect(response.body.data).toEqual({ message: expect.any(String) });
    } finally {
      await app.close();
    }
  });
});
