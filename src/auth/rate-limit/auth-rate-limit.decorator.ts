import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { AuthRateLimitGuard, RATE_LIMITED_ROUTE } from './auth-rate-limit.guard.js';
import type { RateLimitedRoute } from './rate-limit-keys.js';

/** Puts a sign-in route under the per-IP and per-identifier limits of API.md §0. */
export const AuthRateLimit = (route: RateLimitedRoute): MethodDecorator =>
  applyDecorators(SetMetadata(RATE_LIMITED_ROUTE, route), UseGuards(AuthRateLimitGuard));
