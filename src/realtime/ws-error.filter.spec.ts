import { describe, expect, it, jest } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import { RateLimitedError, ValidationFailedError } from '../common/errors/domain-error.js';
import type { JsonLogger } from '../common/logging/json-logger.js';
import type { ConnectionRegistry } from './connection-registry.js';
import type { RealtimeConnection } from './connection.js';
import { WsErrorFilter } from './ws-error.filter.js';

function harness(framing: 'events' | 'raw-text' = 'events') {
  const sent: string[] = [];
  const registry = {
    send: (_c: unknown, frame: string) => sent.push(frame),
  } as unknown as ConnectionRegistry;
  const logger = { errorEvent: jest.fn() } as unknown as JsonLogger;
  const connection = { framing } as RealtimeConnection;
  const host = (data: unknown, pattern: string) =>
    ({
      switchToWs: () => ({ getClient: () => connection, getData: () => data, getPattern: () => pattern }),
    }) as unknown as ArgumentsHost;
  return { filter: new WsErrorFilter(registry, logger), sent, logger, host };
}

describe('WsErrorFilter', () => {
  it('keeps a domain error code and echoes client_id as ref', () => {
    const { filter, sent, host } = harness();
    filter.catch(
      new ValidationFailedError('body must not be blank'),
      host({ client_id: 'c1' }, 'message.send'),
    );
    expect(JSON.parse(sent[0])).toEqual({
      event: 'error',
      data: { code: 'VALIDATION_FAILED', message: 'body must not be blank', ref: 'c1' },
    });
  });

  it('echoes the message_id of a frame about one message as ref', () => {
    const { filter, sent, host } = harness();
    filter.catch(new ValidationFailedError('no'), host({ message_id: 'm1', body: 'x' }, 'message.edit'));
    expect(JSON.parse(sent[0]).data.ref).toBe('m1');
  });

  it('falls back to the event name as ref; RATE_LIMITED says when to retry', () => {
    const { filter, sent, host } = harness();
    filter.catch(new RateLimitedError(1), host({ room_id: 'r' }, 'typing'));
    expect(JSON.parse(sent[0]).data).toEqual({
      code: 'RATE_LIMITED',
      message: 'too many requests',
      details: { retry_after_ms: 1000 },
      ref: 'typing',
    });
  });

  it('maps an unreachable database to DATABASE_UNAVAILABLE', () => {
    const { filter, sent, host, logger } = harness();
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    filter.catch(error, host({ client_id: 'c2' }, 'message.send'));
    expect(JSON.parse(sent[0]).data).toEqual({
      code: 'DATABASE_UNAVAILABLE',
      message: 'database unavailable',
      ref: 'c2',
    });
    expect(logger.errorEvent).not.toHaveBeenCalled();
  });

  it('hides anything else as INTERNAL and logs it', () => {
    const { filter, sent, host, logger } = harness();
    filter.catch(new TypeError('secret detail'), host({}, 'resume'));
    expect(JSON.parse(sent[0]).data).toEqual({ code: 'INTERNAL', message: 'internal error', ref: 'resume' });
    expect(logger.errorEvent).toHaveBeenCalled();
  });

  it('writes the flash error frame on /chats sockets', () => {
    const { filter, sent, host } = harness('raw-text');
    filter.catch(new ValidationFailedError('x', { field: 'body' }), host('text', 'raw.text'));
    expect(JSON.parse(sent[0])).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'x' } });
  });
});
