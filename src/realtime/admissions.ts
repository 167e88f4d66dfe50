// Upgrades between "the token checked out" and "the socket is registered". Revocation must find a
// connection in either state: a logout that lands while an upgrade is in its database round trips
// marks the pending admission, and the upgrade is then refused (or the fresh socket closed with 4001).
// Pending admissions count toward the per-user socket cap, so concurrent upgrades cannot overshoot it.

export class Admission {
  revoked = false;

  constructor(
    readonly userId: string,
    readonly sessionId: string,
  ) {}
}

export class PendingAdmissions {
  private readonly bySession = new Map<string, Set<Admission>>();
  private readonly perUser = new Map<string, number>();

  reserve(userId: string, sessionId: string): Admission {
    const admission = new Admission(userId, sessionId);
    let set = this.bySession.get(sessionId);
    if (!set) this.bySession.set(sessionId, (set = new Set()));
    set.add(admission);
    this.perUser.set(userId, (this.perUser.get(userId) ?? 0) + 1);
    return admission;
  }

  release(admission: Admission): void {
    const set = this.bySession.get(admission.sessionId);
    if (!set?.delete(admission)) return;
    if (set.size === 0) this.bySession.delete(admission.sessionId);
    const left = (this.perUser.get(admission.userId) ?? 1) - 1;
    if (left <= 0) this.perUser.delete(admission.userId);
    else this.perUser.set(admission.userId, left);
  }

  countOfUser(userId: string): number {
    return this.perUser.get(userId) ?? 0;
  }

  revokeSession(sessionId: string): void {
    for (const admission of this.bySession.get(sessionId) ?? []) admission.revoked = true;
  }
}
