import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { REQUIRED_SCOPES, type Scope } from '../common/decorators/scopes.decorator.js';
import { InsufficientScopeError, RateLimitedError } from '../common/errors/domain-error.js';
import { MessageBudget, TokenBuckets } from '../flood/index.js';
import type { RealtimeConnection } from './connection.js';

const FLOOD_LIMITED = 'p-chat:flood-limited';

/**
 * Which per-user bucket an event draws from. `messages`: what users type (API.md §6: 20/s, burst 40),
 * the budget REST's message routes share, across instances with Redis (MessageBudget). `control`: frames that cost the server database work out of proportion to their size (`resume`
 * reads every room's backlog, `auth` checks a session), so a few sockets cannot keep the database busy.
 */
export type FloodBudget = 'messages' | 'control';

/** `control` frames: one a second per user, ten at once (every tab of a user reconnecting together). */
export const CONTROL_FLOOD_RATE_PER_SECOND = 1;
export const CONTROL_FLOOD_BURST = 10;
export const CONTROL_FLOOD = Symbol('CONTROL_FLOOD');

/** The event counts against the user's flood-control bucket of that budget. */
export const FloodLimited = (budget: FloodBudget = 'messages'): MethodDecorator =>
  SetMetadata(FLOOD_LIMITED, budget);

/**
 * Per-event policy of a gateway: the scopes of `@RequireScopes(...)` on the connection's current token
 * (API.md §4.5), then flood control for `@FloodLimited()` events. Put it on every gateway with
 * `@UseGuards(WsPolicyGuard)`: the global HTTP guard does not reach gateways.
 */
@Injectable()
export class WsPolicyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(MessageBudget) private readonly messages: MessageBudget,
    @Inject(CONTROL_FLOOD) private readonly control: TokenBuckets,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const connection = context.switchToWs().getClient<RealtimeConnection>();
    const targets = [context.getHandler(), context.getClass()];
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, targets) ?? [];
    const missing = required.find((scope) => !connection.user.scopes.includes(scope));
    if (missing) throw new InsufficientScopeError(missing);
    const budget = this.reflector.get<FloodBudget | undefined>(FLOOD_LIMITED, context.getHandler());
    if (budget === 'messages') {
      const spent = this.messages.spend(connection.userId);
      if (spent instanceof Promise) return spent.then(() => true);
    } else if (budget === 'control') {
      const verdict = this.control.take(connection.userId);
      if (!verdict.allowed) throw RateLimitedError.afterMs(verdict.retryAfterMs);
    }
    return true;
  }
}
