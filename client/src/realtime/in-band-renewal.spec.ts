import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { StoredTokens } from '../auth/token-store.js';
import { InBandRenewal } from './in-band-renewal.js';

function stored(accessToken: string, lifetimeMs: number, refreshToken: string | null = 'r'): StoredTokens {
  return {
    accessToken,
    accessExpiresAt: Date.now() + lifetimeMs,
    accessLifetimeMs: lifetimeMs,
    refreshToken,
    refreshExpiresAt: null,
    scope: 'chat:read',
  };
}

describe('InBandRenewal', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('renews a third of the lifetime before expiry and sends the fresh token as auth', async () => {
    let tokens = stored('t1', 9000);
    let socketToken = 't1';
    const sent: string[] = [];
    const renewal = new InBandRenewal(
      {
        current: () => Promise.resolve(tokens),
        renewedAccessToken: () => {
          tokens = stored('t2', 9000);
          return Promise.resolve('t2');
        },
      },
      () => socketToken,
      (token) => {
        sent.push(token);
        socketToken = token;
        return true;
      },
    );
    await renewal.schedule();
    await jest.advanceTimersByTimeAsync(5999);
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['t2']);
  });

  it('does nothing for flash tokens, retries after a failed refresh, and stop() cancels', async () => {
    const flash = new InBandRenewal(
      {
        current: () => Promise.resolve(stored('f', 3000, null)),
        renewedAccessToken: () => Promise.resolve('x'),
      },
      () => 'f',
      () => {
        throw new Error('never');
      },
    );
    await flash.schedule();
    await jest.advanceTimersByTimeAsync(60_000);

    let attempts = 0;
    const sent: string[] = [];
    const renewal = new InBandRenewal(
      {
        current: () => Promise.resolve(stored('t1', 3000)),
        renewedAccessToken: () =>
          ++attempts === 1 ? Promise.reject(new Error('offline')) : Promise.resolve('t2'),
      },
      () => 't1',
      (token) => sent.push(token) > 0,
    );
    await renewal.schedule();
    await jest.advanceTimersByTimeAsync(2000);
    expect(attempts).toBe(1);
    await jest.advanceTimersByTimeAsync(2000);
    expect(sent).toEqual(['t2']);
    renewal.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(attempts).toBe(2);
  });
});
