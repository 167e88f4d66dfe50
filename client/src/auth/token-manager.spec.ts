import { describe, expect, it } from '@jest/globals';
import { PChatError } from '../errors.js';
import type { TokenPair } from '../rest/api-types.js';
import { TokenManager } from './token-manager.js';
import { WebStorageTokenStore } from './token-store.js';

/** An unsigned JWT-shaped token with exp − iat = `seconds` (the manager never verifies signatures). */
function jwt(seconds: number, n: number): string {
  const part = (value: object) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'HS256' })}.${part({ iat: 1000, exp: 1000 + seconds, username: 'apm', n })}.sig`;
}

function pair(n: number, seconds = 900): TokenPair {
  return {
    access_token: jwt(seconds, n),
    refresh_token: `refresh-${n}`,
    access_token_valid_to: new Date(Date.now() + seconds * 1000).toISOString(),
    refresh_token_valid_to: new Date(Date.now() + 86_400_000).toISOString(),
    scope: 'chat:read chat:write users:read session',
  };
}

function manager(rotate: (refreshToken: string) => Promise<TokenPair>) {
  let now = 1_000_000;
  const tokens = new TokenManager({ rotate, now: () => now });
  return { tokens, advance: (ms: number) => (now += ms) };
}

describe('TokenManager', () => {
  it('serializes refreshes: concurrent callers share one rotation', async () => {
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const { tokens } = manager(async (refreshToken) => {
      seen.push(refreshToken);
      if (seen.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return pair(seen.length + 1);
    });
    await tokens.signedInWithPair(pair(1));
    const all = Promise.all([tokens.refresh(), tokens.refresh(), tokens.refresh()]);
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    release();
    const [a, b, c] = await all;
    expect(seen).toEqual(['refresh-1']);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(a.refreshToken).toBe('refresh-2');
    await tokens.refresh();
    expect(seen).toEqual(['refresh-1', 'refresh-2']);
  });

  it('refreshes when a third of the lifetime is left, not before', async () => {
    let rotations = 0;
    const { tokens, advance } = manager(() => Promise.resolve(pair(++rotations + 1, 90)));
    await tokens.signedInWithPair(pair(1, 90));
    advance(59_000);
    await tokens.accessToken();
    expect(rotations).toBe(0);
    advance(1_000);
    expect(await tokens.accessToken()).toBe(pair(2, 90).access_token);
    expect(rotations).toBe(1);
  });

  it('renewedAccessToken uses a rotation someone else already made', async () => {
    let rotations = 0;
    const { tokens } = manager(() => Promise.resolve(pair(++rotations + 1)));
    await tokens.signedInWithPair(pair(1));
    const old = await tokens.accessToken();
    await tokens.refresh();
    expect(await tokens.renewedAccessToken(old)).toBe(pair(2).access_token);
    expect(rotations).toBe(1);
  });

  it('a refused refresh (401) signs out; a network failure keeps the tokens', async () => {
    let failure: PChatError = new PChatError({ status: 0, code: 'NETWORK_ERROR', message: 'down' });
    const { tokens } = manager(() => Promise.reject(failure));
    const changes: unknown[] = [];
    tokens.onChange((stored) => changes.push(stored === null ? null : stored.refreshToken));
    await tokens.signedInWithPair(pair(1));
    await expect(tokens.refresh()).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(await tokens.current()).not.toBeNull();
    failure = new PChatError({ status: 401, code: 'UNAUTHORIZED', message: '' });
    expect(await tokens.renewedAccessToken(await tokens.accessToken())).toBeNull();
    expect(await tokens.current()).toBeNull();
    expect(changes).toEqual(['refresh-1', null]);
    await expect(tokens.accessToken()).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
  });

  it('flash tokens are handed out as they are and cannot be refreshed', async () => {
    const { tokens } = manager(() => Promise.reject(new Error('never called')));
    await tokens.signedInWithFlashToken(jwt(3600, 1));
    expect(await tokens.accessToken()).toBe(jwt(3600, 1));
    expect(await tokens.renewedAccessToken(jwt(3600, 1))).toBeNull();
  });

  it('takes the refresh lock, and re-reads a store another tab may have rotated', async () => {
    const storage = new Map<string, string>();
    const store = new WebStorageTokenStore({
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => storage.set(key, value),
      removeItem: (key) => storage.delete(key),
    });
    let locked = 0;
    const rotate = () => Promise.reject(new Error('the other tab already rotated'));
    const tokens = new TokenManager({ store, rotate, lock: (task) => (locked++, task()) });
    await tokens.signedInWithPair(pair(1));
    const stale = await tokens.accessToken();
    const otherTab = new TokenManager({ store, rotate: () => Promise.resolve(pair(2)) });
    await otherTab.refresh();
    expect((await tokens.refresh(stale)).refreshToken).toBe('refresh-2');
    expect(locked).toBe(1);
  });
});
