import { describe, expect, it } from '@jest/globals';
import { PChatError } from '../errors.js';
import { readEnvelope, retryAfterMs, type RawAnswer } from './envelopes.js';

const answer = (status: number, body: unknown, extra: Partial<RawAnswer> = {}): RawAnswer => ({
  status,
  body,
  requestId: 'req-1',
  retryAfter: null,
  ...extra,
});

function thrown(run: () => unknown): PChatError {
  try {
    run();
  } catch (error) {
    if (error instanceof PChatError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
}

describe('readEnvelope', () => {
  it('unwraps session and flash successes and passes plain bodies through', () => {
    expect(readEnvelope('session', answer(200, { status: 'Success', data: { id: 1 } }))).toEqual({ id: 1 });
    expect(readEnvelope('session', answer(200, { status: 'Success', data: null }))).toBeNull();
    expect(readEnvelope('flash', answer(200, { code: '200', message: '', content: { token: 't' } }))).toEqual(
      { token: 't' },
    );
    expect(readEnvelope('plain', answer(200, { status: 'ok' }))).toEqual({ status: 'ok' });
  });

  it('reads the session error envelope: status, code, message, details, request id, Retry-After', () => {
    const error = thrown(() =>
      readEnvelope(
        'session',
        answer(
          429,
          { status: 'Error', error: { code: 'RATE_LIMITED', message: 'slow', details: { n: 1 } } },
          { retryAfter: '3' },
        ),
      ),
    );
    expect(error).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      message: 'slow',
      details: { n: 1 },
      requestId: 'req-1',
      retryAfterMs: 3000,
    });
  });

  it('gives the bare {} 401 and the flash envelope codes by status', () => {
    expect(thrown(() => readEnvelope('session', answer(401, {})))).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
    });
    expect(
      thrown(() =>
        readEnvelope('flash', answer(400, { code: '400', message: 'wrong credentials', content: null })),
      ),
    ).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      message: 'wrong credentials',
    });
    expect(
      thrown(() =>
        readEnvelope('flash', answer(403, { code: '403', message: 'insufficient scope', content: null })),
      ),
    ).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
    });
    expect(thrown(() => readEnvelope('session', answer(502, undefined)))).toMatchObject({
      status: 502,
      code: 'HTTP_502',
    });
  });

  it('refuses a success that lacks its envelope as BAD_RESPONSE', () => {
    expect(thrown(() => readEnvelope('session', answer(200, { id: 1 })))).toMatchObject({
      code: 'BAD_RESPONSE',
    });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeNull();
  });
});
