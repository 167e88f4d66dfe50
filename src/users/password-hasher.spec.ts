import { describe, expect, it } from '@jest/globals';
import { PasswordHasher } from './password-hasher.js';

// Hashes for real: a broken argon2 native binary must fail CI, not production (STACK.md).
describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at the OWASP minimum and verifies', async () => {
    const hash = await hasher.hash('secret');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(hasher.verify(hash, 'secret')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'Secret')).resolves.toBe(false);
  });

  it('fails the decoy check and survives a garbage hash', async () => {
    await expect(hasher.verifyDecoy('anything')).resolves.toBe(false);
    await expect(hasher.verify('not-a-hash', 'x')).resolves.toBe(false);
  });
});
