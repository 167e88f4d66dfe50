// Unique identities per test, so suites never depend on what another suite (or run) stored.
import { randomBytes } from 'node:crypto';
import request from 'supertest';

let counter = 0;

export function uniqueUsername(prefix = 'u'): string {
  counter += 1;
  return `${prefix}${randomBytes(4).toString('hex')}${counter}`.slice(0, 32);
}

export interface FlashUser {
  username: string;
  name: string;
  password: string;
  token: string;
}

export async function registerFlashUser(url: string, overrides: Partial<FlashUser> = {}): Promise<FlashUser> {
  const user = { username: uniqueUsername(), name: 'Test User', password: 'secret', ...overrides };
  const response = await request(url)
    .post('/register')
    .send({ name: user.name, username: user.username, password: user.password })
    .expect(200);
  return { ...user, token: (response.body as { content: { token: string } }).content.token };
}

export function uniqueEmail(prefix = 'user'): string {
  return `${uniqueUsername(prefix)}@example.com`;
}

export interface SessionTokens {
  access_token: string;
  refresh_token: string;
  access_token_valid_to: string;
  refresh_token_valid_to: string;
  scope: string;
}

export interface SessionUser {
  email: string;
  password: string;
  username: string;
  verificationToken: string;
}

/** Registers through /session/register (no SMTP in tests by default, so the token comes back). */
export async function registerSessionUser(
  url: string,
  overrides: Partial<Omit<SessionUser, 'verificationToken'>> = {},
): Promise<SessionUser> {
  const user = {
    email: uniqueEmail(),
    password: 'secret-password',
    username: uniqueUsername(),
    ...overrides,
  };
  const response = await request(url).post('/session/register').send(user).expect(200);
  const data = (response.body as { data: { VerificationToken: string } }).data;
  return { ...user, verificationToken: data.VerificationToken };
}

/** A verified session-API user signed in through /session/emailVerify. */
export async function verifiedSessionUser(url: string): Promise<SessionUser & { tokens: SessionTokens }> {
  const user = await registerSessionUser(url);
  const response = await request(url)
    .get('/session/emailVerify')
    .query({ verifyToken: user.verificationToken })
    .expect(200);
  return { ...user, tokens: (response.body as { data: SessionTokens }).data };
}
