import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { JsonLogger } from './json-logger.js';
import { pathOf } from '../http/route-family.js';
import { requestIdOf } from './request-id.js';

/**
 * One line per request: id, method, path (never the query string), status, duration, and the client
 * IP as `TRUST_PROXY` resolves it.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  constructor(@Inject(JsonLogger) private readonly logger: JsonLogger) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      this.logger.event('info', 'request', {
        request_id: requestIdOf(request),
        method: request.method,
        route: pathOf(request),
        status: response.statusCode,
        ip: request.ip,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });
    next();
  }
}
