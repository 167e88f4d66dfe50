import { describe, expect, it } from '@jest/globals';
import { USERNAME_PATTERN } from '../users/identity-rules.js';
import { deriveUsername, usernameBaseFromEmail, usernameCandidates } from './username-derivation.js';

describe('username derivation', () => {
  it.each([
    ['Parsa.M@example.com', 'parsa.m'],
    ['john+news@example.com', 'john'],
    ['Jöhn Dœ@example.com', 'johnd'],
    ['a@example.com', 'a00'],
    ['!!@example.com', 'user'],
    ['x'.repeat(60) + '@example.com', 'x'.repeat(32)],
    ['"we@ird"@example.com', 'weird'],
  ])('derives %p → %p', (email, username) => {
    expect(usernameBaseFromEmail(email)).toBe(username);
    expect(usernameBaseFromEmail(email)).toMatch(USERNAME_PATTERN);
  });

  it('suffixes numbers and keeps every candidate within the identity rules', () => {
    const candidates = [...usernameCandidates('y'.repeat(32))];
    expect(candidates[0]).toBe('y'.repeat(32));
    expect(candidates[1]).toBe('y'.repeat(31) + '2');
    expect(new Set(candidates).size).toBe(candidates.length);
    for (const candidate of candidates) expect(candidate).toMatch(USERNAME_PATTERN);
  });

  it('picks the first free candidate', async () => {
    const taken = new Set(['ann', 'ann2', 'ann3']);
    await expect(deriveUsername('Ann@x.io', (name) => Promise.resolve(taken.has(name)))).resolves.toBe(
      'ann4',
    );
  });

  it('gives up when everything is taken', async () => {
    await expect(deriveUsername('ann@x.io', () => Promise.resolve(true))).resolves.toBeUndefined();
  });
});
