import { describe, expect, it } from '@jest/globals';
import { identifierKeys, ipKey } from './rate-limit-keys.js';

describe('rate limit keys', () => {
  it('counts a username case-insensitively and shares it between /login and /register', () => {
    const login = identifierKeys('flash-login', { username: 'APM', password: 'x' });
    expect(login).toHaveLength(1);
    expect(identifierKeys('flash-register', { username: ' apm ', name: 'x' })).toEqual(login);
  });

  it('counts a registration for its email and its username', () => {
    const keys = identifierKeys('session-register', { email: 'A@x.io', username: 'ann', password: 'p' });
    expect(keys).toHaveLength(2);
    expect(keys).toContain(identifierKeys('authorize', { email: 'a@x.io' })[0]);
    expect(keys).toContain(identifierKeys('flash-login', { username: 'ann' })[0]);
  });

  it('keeps an email and an equal username apart', () => {
    expect(identifierKeys('authorize', { email: 'same' })).not.toEqual(
      identifierKeys('flash-login', { username: 'same' }),
    );
  });

  it('keys token exchanges by the token and never stores the identifier in clear', () => {
    const [refresh] = identifierKeys('refresh', { refresh_token: 'secret-token' });
    expect(refresh).toMatch(/^auth:id:[0-9a-f]{64}$/);
    expect(refresh).not.toContain('secret-token');
    expect(identifierKeys('refresh', { refresh_token: 'other' })).not.toEqual([refresh]);
    expect(identifierKeys('password-reset-confirm', { token: 'secret-token' })).not.toEqual([refresh]);
  });

  it.each([undefined, null, 'text', {}, { email: 42 }, { email: '  ' }])(
    'has no identifier for %p (the IP still counts)',
    (body) => {
      expect(identifierKeys('authorize', body)).toEqual([]);
    },
  );

  it('buckets IPv6 clients by /64 and reads IPv4-mapped addresses as IPv4', () => {
    expect(ipKey('2001:db8:1:2:aaaa::1')).toBe(ipKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(ipKey('2001:db8:1:2::1')).toBe('auth:ip:2001:db8:1:2::/64');
    expect(ipKey('2001:db8:1:3::1')).not.toBe(ipKey('2001:db8:1:2::1'));
    expect(ipKey('::1')).toBe('auth:ip:0:0:0:0::/64');
    expect(ipKey('::ffff:10.0.0.7')).toBe('auth:ip:10.0.0.7');
    expect(ipKey('fe80::1%eth0')).toBe('auth:ip:fe80:0:0:0::/64');
  });

  it('counts a password change against the caller, apart from any body field', () => {
    const [caller] = identifierKeys('password-change', { current_password: 'x' }, 'user-1');
    expect(caller).toMatch(/^auth:id:[0-9a-f]{64}$/);
    expect(identifierKeys('password-change', {}, 'user-2')).not.toEqual([caller]);
    expect(identifierKeys('password-change', {})).toEqual([]);
  });

  it('counts mail requests apart from sign-in attempts of the same address', () => {
    const signIn = identifierKeys('authorize', { email: 'a@x.io' });
    expect(identifierKeys('password-reset', { email: 'A@x.io' })).toEqual(
      identifierKeys('resend-verification', { email: 'a@x.io' }),
    );
    expect(identifierKeys('password-reset', { email: 'a@x.io' })).not.toEqual(signIn);
  });

  it('keys the IP', () => {
    expect(ipKey('127.0.0.1')).toBe('auth:ip:127.0.0.1');
    expect(ipKey(undefined)).toBe('auth:ip:unknown');
  });
});
