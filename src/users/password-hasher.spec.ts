import { describe, expect, it } from '@jest/globals';
import { ConcurrencyGate, PasswordHasher } from './password-hasher.js';

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

describe('ConcurrencyGate', () => {
  it('runs at most `limit` tasks at once, in arrival order, and passes results and errors through', async () => {
    const gate = new ConcurrencyGate(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (n === 3) throw new Error('three');
      return n;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((n) => gate.run(task(n))));
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      1,
      2,
      'three',
      4,
      5,
      6,
    ]);
    await expect(gate.run(() => Promise.resolve('after'))).resolves.toBe('after');
  });
});
