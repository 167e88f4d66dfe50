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
