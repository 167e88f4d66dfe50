import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { REQUIRED_SCOPES, type Scope } from '../common/decorators/scopes.decorator.js';
import { InsufficientScopeError, RateLimitedError } from '../common/errors/domain-error.js';
import type { RealtimeConnection } from './connection.js';
import { FloodControl } from './flood-control.js';

const FLOOD_LIMITED = 'p-chat:flood-limited';

/** The event counts against the user's flood-control bucket (API.md §6: 20/s, burst 40). */
export const FloodLimited = (): MethodDecorator => SetMetadata(FLOOD_LIMITED, true);

/**
 * Per-event policy of a gateway: the scopes of `@RequireScopes(...)` on the connection's current token
 * (API.md §4.5), then flood control for `@FloodLimited()` events. Put it on every gateway with
 * `@UseGuards(WsPolicyGuard)`: the global HTTP guard does not reach gateways.
 */
@Injectable()
export class WsPolicyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(FloodControl) private readonly flood: FloodControl,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const connection = context.switchToWs().getClient<RealtimeConnection>();
    const targets = [context.getHandler(), context.getClass()];
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, targets) ?? [];
    const missing = required.find((scope) => !connection.user.scopes.includes(scope));
    if (missing) throw new InsufficientScopeError(missing);
    if (this.reflector.get<boolean | undefined>(FLOOD_LIMITED, context.getHandler())) {
      const userId = connection.userId;
      if (!this.flood.take(userId)) throw new RateLimitedError(this.flood.retryAfterSeconds(userId));
    }
    return true;
  }
}
