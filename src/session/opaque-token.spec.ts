import { describe, expect, it } from '@jest/globals';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';

describe('opaque tokens', () => {
  it('carries 256 random bits in base64url and is stored as its sha256 hex', () => {
    const { token, hash } = newOpaqueToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashOpaqueToken(token));
    expect(hash).not.toContain(token);
  });

  it('never repeats', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => newOpaqueToken().token));
    expect(tokens.size).toBe(200);
  });

  it('hashes deterministically and distinctly', () => {
    expect(hashOpaqueToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashOpaqueToken('abd')).not.toBe(hashOpaqueToken('abc'));
  });
});
