import { describe, expect, it } from '@jest/globals';
import { PendingAdmissions } from './admissions.js';

describe('PendingAdmissions', () => {
  it('counts pending upgrades per user until released', () => {
    const pending = new PendingAdmissions();
    const a = pending.reserve('u1', 's1');
    const b = pending.reserve('u1', 's2');
    pending.reserve('u2', 's3');
    expect(pending.countOfUser('u1')).toBe(2);
    pending.release(a);
    pending.release(a); // twice is harmless
    expect(pending.countOfUser('u1')).toBe(1);
    pending.release(b);
    expect(pending.countOfUser('u1')).toBe(0);
    expect(pending.countOfUser('u2')).toBe(1);
  });

  it('marks the pending upgrades of a revoked session, and only those', () => {
    const pending = new PendingAdmissions();
    const revoked = pending.reserve('u1', 's1');
    const other = pending.reserve('u1', 's2');
    pending.revokeSession('s1');
    expect(revoked.revoked).toBe(true);
    expect(other.revoked).toBe(false);
  });
});
