import { Catch, Inject, Injectable, type ArgumentsHost, type WsExceptionFilter } from '@nestjs/common';
import { DomainError, RateLimitedError } from '../common/errors/domain-error.js';
import { isDatabaseUnavailable } from '../common/errors/database-errors.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import { ConnectionRegistry } from './connection-registry.js';
import type { RealtimeConnection } from './connection.js';
import { errorFrame, type WireError } from './frames.js';

/**
 * The one place WebSocket handler failures become `error` frames (API.md §6): a DomainError keeps its
 * code and message, an unreachable database is DATABASE_UNAVAILABLE, anything else INTERNAL (logged).
 * `ref` echoes the frame's `client_id` or `message_id`, else its event name. The connection stays open.
 * Put it on every gateway with `@UseFilters(WsErrorFilter)`: global filters do not reach gateways.
 */
@Catch()
@Injectable()
export class WsErrorFilter implements WsExceptionFilter {
  constructor(
    @Inject(ConnectionRegistry) private readonly registry: ConnectionRegistry,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const connection = ws.getClient<RealtimeConnection>();
    const event = ws.getPattern();
    const ref = refOf(ws.getData<unknown>()) ?? (typeof event === 'string' ? event : null);
    this.registry.send(connection, errorFrame(connection.framing, this.toWire(exception, event), ref));
  }

  private toWire(exception: unknown, event: unknown): WireError {
    // API.md §6: RATE_LIMITED errors say when to retry.
    if (exception instanceof RateLimitedError)
      return {
        code: exception.code,
        message: exception.message,
        details: { retry_after_ms: exception.retryAfterMs },
      };
    if (exception instanceof DomainError)
      return { code: exception.code, message: exception.message, details: exception.details };
    if (isDatabaseUnavailable(exception))
      return { code: 'DATABASE_UNAVAILABLE', message: 'database unavailable' };
    this.logger.errorEvent('ws handler failed', exception, { event });
    return { code: 'INTERNAL', message: 'internal error' };
  }
}

/** What the frame named (API.md §6): its `client_id`, else the `message_id` it is about. */
function refOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { client_id: clientId, message_id: messageId } = data as {
    client_id?: unknown;
    message_id?: unknown;
  };
  for (const ref of [clientId, messageId]) if (typeof ref === 'string' && ref !== '') return ref;
  return undefined;
}
