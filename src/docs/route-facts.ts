// What the guards and filters will do on each REST route, read from the same metadata they read
// (@Public, @RequireScopes, @AuthRateLimit, @ApiErrors), keyed by the OpenAPI operationId
// (`<Controller>_<method>`, @nestjs/swagger's default).
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { RATE_LIMITED_ROUTE } from '../auth/rate-limit/auth-rate-limit.guard.js';
import { FLOOD_LIMITED_ROUTE } from '../flood/index.js';
import { IS_PUBLIC } from '../common/decorators/public.decorator.js';
import { REQUIRED_SCOPES, type Scope } from '../common/decorators/scopes.decorator.js';
import { API_ERRORS, type ErrorDoc } from '../common/openapi/api-responses.js';

export interface RouteFacts {
  isPublic: boolean;
  scopes: Scope[];
  rateLimited: boolean;
  /** Draws from the per-user message budget shared with /ws and /chats. */
  floodLimited: boolean;
  errors: ErrorDoc[];
}

type Handler = (...args: unknown[]) => unknown;

function metadata<T>(key: string, handler: Handler, controller: object): T | undefined {
  return (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T | undefined;
}

export function collectRouteFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (abstract new () => unknown) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const fn = handler as Handler;
        facts.set(`${controller.name}_${name}`, {
          isPublic: metadata<boolean>(IS_PUBLIC, fn, controller) === true,
          scopes: metadata<Scope[]>(REQUIRED_SCOPES, fn, controller) ?? [],
          rateLimited: Reflect.getMetadata(RATE_LIMITED_ROUTE, fn) !== undefined,
          floodLimited: Reflect.getMetadata(FLOOD_LIMITED_ROUTE, fn) === true,
          errors: [
            ...((Reflect.getMetadata(API_ERRORS, controller) as ErrorDoc[] | undefined) ?? []),
            ...((Reflect.getMetadata(API_ERRORS, fn) as ErrorDoc[] | undefined) ?? []),
          ],
        });
      }
    }
  }
  return facts;
}
