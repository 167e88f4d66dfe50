import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, RateLimitedError, DatabaseUnavailableError } from '../errors/domain-error.js';
import { isDatabaseUnavailable } from '../errors/database-errors.js';
import { JsonLogger } from '../logging/json-logger.js';
import { requestIdOf } from '../logging/request-id.js';
import { flashEnvelope, sessionFailure } from './envelopes.js';
import { answersBareUnauthorized, codeForStatus, statusFor } from './error-status.js';
import { pathOf, routeFamily } from './route-family.js';

interface WireError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

/** Turns anything thrown on a REST route into its route family's error envelope (API.md §0). */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(@Inject(JsonLogger) private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const family = routeFamily(pathOf(request));
    const error = this.toWireError(exception, family, request);

    if (exception instanceof RateLimitedError) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    response.status(error.status);
    if (error.status === 401 && family === 'session' && answersBareUnauthorized(pathOf(request))) {
      response.json({});
    } else if (family === 'flash') {
      response.json(flashEnvelope(error.status, error.message, null));
    } else {
      response.json(sessionFailure(error.code, error.message, error.details));
    }
  }

  private toWireError(
    exception: unknown,
    family: ReturnType<typeof routeFamily>,
    request: Request,
  ): WireError {
    if (!(exception instanceof DomainError) && isDatabaseUnavailable(exception)) {
      exception = new DatabaseUnavailableError();
    }
    if (exception instanceof DomainError) {
      return {
        status: statusFor(family, exception.kind),
        code: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, code: codeForStatus(status), message: httpMessage(exception) };
    }
    const requestId = requestIdOf(request);
    this.logger.errorEvent('unhandled error', exception, { request_id: requestId, route: pathOf(request) });
    return { status: 500, code: 'INTERNAL', message: `internal error (request id ${requestId})` };
  }
}

function httpMessage(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
