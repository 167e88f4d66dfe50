import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HttpOnly } from '../decorators/http-only.decorator.js';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { flashEnvelope, sessionSuccess } from './envelopes.js';
import { FlashReply } from './flash-reply.js';
import { pathOf, routeFamily } from './route-family.js';
import { Unchanged } from './unchanged.js';

/** Wraps every successful REST result in its route family's envelope; handlers return bare values. */
@HttpOnly()
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const family = routeFamily(pathOf(http.getRequest<Request>()));
    const response = http.getResponse<Response>();
    return next.handle().pipe(
      map((returned: unknown) => {
        let result = returned;
        if (result instanceof Unchanged) {
          response.status(200);
          result = (result as Unchanged<unknown>).value;
        }
        switch (family) {
          case 'flash':
            return result instanceof FlashReply
              ? flashEnvelope(response.statusCode, result.message, result.content)
              : flashEnvelope(response.statusCode, '', result ?? null);
          case 'session':
            return sessionSuccess(result);
          case 'plain':
            return result;
        }
      }),
    );
  }
}
