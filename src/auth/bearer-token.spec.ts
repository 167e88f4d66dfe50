import { describe, expect, it } from '@jest/globals';
import { tokenFromAuthorizationHeader, tokenFromSubprotocols } from './bearer-token.js';

describe('tokenFromAuthorizationHeader', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['BEARER   abc', 'abc'],
    ['Bearerabc.def', 'abc.def'],
  ])('reads %p', (header, token) => {
    expect(tokenFromAuthorizationHeader(header)).toBe(token);
  });

  it.each([undefined, '', 'Basic abc', 'Bearer', 'Bearer a b'])('rejects %p', (header) => {
    expect(tokenFromAuthorizationHeader(header)).toBeUndefined();
  });
});

describe('tokenFromAuthorizationHeader, bare', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

  it('reads a bare JWT where allowed, and Bearer forms still', () => {
    expect(tokenFromAuthorizationHeader(jwt, { bare: true })).toBe(jwt);
    expect(tokenFromAuthorizationHeader(` ${jwt} `, { bare: true })).toBe(jwt);
    expect(tokenFromAuthorizationHeader(`Bearer ${jwt}`, { bare: true })).toBe(jwt);
  });

  it('refuses a bare JWT by default, and bare values that are not JWTs', () => {
    expect(tokenFromAuthorizationHeader(jwt)).toBeUndefined();
    for (const header of ['abc', 'Basic abc.def.ghi', 'a.b', `${jwt} extra`, ''])
      expect(tokenFromAuthorizationHeader(header, { bare: true })).toBeUndefined();
  });
});

describe('tokenFromSubprotocols', () => {
  it('finds the bearer subprotocol beside p-chat', () => {
    expect(tokenFromSubprotocols('p-chat, bearer.abc.def')).toBe('abc.def');
  });
  it('ignores headers without one', () => {
    expect(tokenFromSubprotocols('p-chat')).toBeUndefined();
    expect(tokenFromSubprotocols('bearer.')).toBeUndefined();
    expect(tokenFromSubprotocols(undefined)).toBeUndefined();
  });
});
