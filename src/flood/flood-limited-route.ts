import {
  applyDecorators,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../common/auth-user.js';
import { MessageBudget } from './message-budget.js';

/** Metadata of a REST route under the message budget (read by the OpenAPI builder for its 429). */
export const FLOOD_LIMITED_ROUTE = 'p-chat:flood-limited-route';

/** Runs after the global token guard, so the caller is known; a route without a caller is not counted. */
@Injectable()
export class FloodLimitedRouteGuard implements CanActivate {
  constructor(@Inject(MessageBudget) private readonly budget: MessageBudget) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { user } = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    if (user) await this.budget.spend(user.userId);
    return true;
  }
}

/**
 * A REST route that sends what a `/ws` flood-limited frame sends draws from the same per-user budget
 * (API.md §5): over it → 429 RATE_LIMITED with `Retry-After`.
 */
export const FloodLimitedRoute = (): MethodDecorator =>
  applyDecorators(SetMetadata(FLOOD_LIMITED_ROUTE, true), UseGuards(FloodLimitedRouteGuard));
