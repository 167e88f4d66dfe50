import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { AuthUser } from '../common/auth-user.js';
import { HttpOnly } from '../common/decorators/http-only.decorator.js';
import { IS_PUBLIC } from '../common/decorators/public.decorator.js';
import { REQUIRED_SCOPES, type Scope } from '../common/decorators/scopes.decorator.js';
import { isErrorObject } from '../common/errors/database-errors.js';
import { InsufficientScopeError, UnauthorizedError } from '../common/errors/domain-error.js';
import { ACCESS_TOKEN_STRATEGY } from './access-token.strategy.js';

/** Global deny-by-default guard: every route needs a live access token unless marked `@Public()`. */
@HttpOnly()
@Injectable()
export class AccessTokenGuard extends AuthGuard(ACCESS_TOKEN_STRATEGY) {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // WebSockets authenticate at the upgrade and check scopes per event with WsPolicyGuard; the
    // realtime adapter leaves this guard off gateway handlers (@HttpOnly), this is the fallback.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<Request & { user: AuthUser }>().user;
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, targets) ?? [];
    const missing = required.find((scope) => !user.scopes.includes(scope));
    if (missing) throw new InsufficientScopeError(missing);
    return true;
  }

  override handleRequest<T = AuthUser>(error: unknown, user: T | false): T {
    // AccessTokenService's verdicts (domain errors) and a database outage pass through as they are.
    if (error) throw isErrorObject(error) ? error : new UnauthorizedError();
    if (!user) throw new UnauthorizedError('invalid token');
    return user;
  }
}
