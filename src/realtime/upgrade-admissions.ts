import { Inject, Injectable } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import type { AuthUser } from '../common/auth-user.js';
import type { Admission } from './admissions.js';
import { ConnectionRegistry } from './connection-registry.js';
import { SessionLifetime } from './session-lifetime.js';
import { UpgradeRejection } from './upgrade.js';

/** Seconds a client over the socket cap is told to wait: a socket of theirs may close by then. */
const OVER_CAP_RETRY_SECONDS = 5;

/**
 * The steps of an upgrade after its token checked out: a place in the registry (within the per-user
 * cap of API.md §3, counting upgrades under way), then a second look at the session once the place is
 * held. A logout that landed before the place was taken is seen by that look; one after it marks the
 * admission. Either way the upgrade is refused, or the new socket closed with 4001.
 */
@Injectable()
export class UpgradeAdmissions {
  private readonly maxPerUser: number;

  constructor(
    @Inject(ConnectionRegistry) private readonly registry: ConnectionRegistry,
    @Inject(SessionLifetime) private readonly lifetime: SessionLifetime,
    @Inject(Configuration) config: Configuration,
  ) {
    this.maxPerUser = config.of('realtime').maxConnectionsPerUser;
  }

  /** Synchronous, so concurrent upgrades of one user cannot all pass the cap. */
  admit(user: AuthUser): Admission {
    if (this.registry.countOfUser(user.userId) >= this.maxPerUser) {
      throw new UpgradeRejection(
        429,
        'TOO_MANY_CONNECTIONS',
        `at most ${this.maxPerUser} open WebSockets per user`,
        OVER_CAP_RETRY_SECONDS,
      );
    }
    return this.registry.pending.reserve(user.userId, user.sessionId);
  }

  async confirm(admission: Admission, user: AuthUser): Promise<void> {
    if (admission.revoked || !(await this.lifetime.stillLive(user)) || admission.revoked)
      throw new UpgradeRejection(401, 'UNAUTHORIZED', 'session revoked or expired');
  }

  release(admission: Admission): void {
    this.registry.pending.release(admission);
  }
}
