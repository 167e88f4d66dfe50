import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HttpOnly } from '../decorators/http-only.decorator.js';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ValidationFailedError } from '../errors/domain-error.js';
import { pathOf, rejectsUnexpectedBody } from './route-family.js';

/**
 * A handler without a `@Body()` parameter takes no body; on the new routes a body with fields there is
 * refused like an unknown field would be (`POST /dm/:username {"x":1}` → 400). An empty object `{}`
 * carries nothing and passes, as many HTTP clients send it with every POST.
 */
@HttpOnly()
@Injectable()
export class UnexpectedBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    if (rejectsUnexpectedBody(pathOf(request)) && !takesBody(context)) {
      const fields = bodyFields(request.body);
      if (fields.length > 0) {
        const shown = fields.slice(0, 20);
        throw new ValidationFailedError(
          'this route takes no body',
          shown.map((field) => ({ field, problems: [`property ${field} should not exist`] })),
        );
      }
    }
    return next.handle();
  }
}

function takesBody(context: ExecutionContext): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
    {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
}

function bodyFields(body: unknown): string[] {
  if (body === undefined || body === null) return [];
  if (typeof body !== 'object' || Array.isArray(body)) return ['body'];
  return Object.keys(body);
}
