import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Configuration } from '../../config/configuration.js';
import { Reflector } from '@nestjs/core';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth-user.js';
import { RateLimitedError } from '../../common/errors/domain-error.js';
import { Metrics } from '../../metrics/index.js';
import { RATE_LIMIT_STORAGE } from './in-memory-rate-limit.storage.js';
import { identifierKeys, ipKey, type RateLimitedRoute } from './rate-limit-keys.js';

export const RATE_LIMITED_ROUTE = 'p-chat:rate-limited-route';

const WINDOW_MS = 60_000;
const THROTTLER_NAME = 'auth';

/**
 * Counts every attempt on a sign-in route per IP and per identifier, and refuses it with 429 once a
 * counter is past its limit. A guard runs before pipes and handlers, so the verdict comes before any
 * password is hashed. The counters live behind @nestjs/throttler's `ThrottlerStorage` contract (in memory by default).
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  private readonly perIdentifier: number;
  private readonly perIp: number;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage,
    @Inject(Configuration) config: Configuration,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {
    const auth = config.of('auth');
    this.perIdentifier = auth.rateLimitPerIdentifier;
    this.perIp = auth.rateLimitPerIp;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.reflector.get<RateLimitedRoute | undefined>(RATE_LIMITED_ROUTE, context.getHandler());
    if (route === undefined) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const counters = [
      { key: ipKey(request.ip), limit: this.perIp },
      ...identifierKeys(route, request.body, request.user?.userId).map((key) => ({
        key,
        limit: this.perIdentifier,
      })),
    ];
    const records = await Promise.all(
      counters.map(({ key, limit }) => this.storage.increment(key, WINDOW_MS, limit, 0, THROTTLER_NAME)),
    );
    const blocked = records.filter((record) => record.isBlocked);
    if (blocked.length > 0) {
      this.metrics.authRateLimited(route);
      throw new RateLimitedError(Math.max(1, ...blocked.map((record) => record.timeToBlockExpire)));
    }
    return true;
  }
}
