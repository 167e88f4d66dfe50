// Reads the two response envelopes of API.md §0 (and the bare `{}` 401s) into data or a PChatError.
import { PChatError } from '../errors.js';

/** Which envelope a route answers in: flash `{code, message, content}`, session `{status, data|error}`, or none (health). */
export type RouteFamily = 'flash' | 'session' | 'plain';

export interface RawAnswer {
  status: number;
  /** Parsed JSON body; undefined when the body was empty or not JSON. */
  body: unknown;
  requestId: string | null;
  retryAfter: string | null;
}

/** Codes for answers that carry no UPPER_SNAKE code of their own (flash envelope, `{}` 401s, proxies). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  503: 'DATABASE_UNAVAILABLE',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The data of a successful answer, or throws the PChatError its envelope describes. */
export function readEnvelope(family: RouteFamily, answer: RawAnswer): unknown {
  const ok = answer.status >= 200 && answer.status < 300;
  const body = answer.body;
  if (ok) {
    if (family === 'plain') return body;
    if (family === 'session' && isRecord(body) && body.status === 'Success' && 'data' in body)
      return body.data;
    if (family === 'flash' && isRecord(body) && typeof body.code === 'string' && 'content' in body)
      return body.content;
    throw errorOf(answer, 'BAD_RESPONSE', `a ${answer.status} answer without the ${family} envelope`);
  }
  if (family === 'session' && isRecord(body) && body.status === 'Error' && isRecord(body.error)) {
    const error = body.error;
    const code = typeof error.code === 'string' ? error.code : fallbackCode(answer.status);
    const message = typeof error.message === 'string' ? error.message : '';
    return throwError(answer, code, message, error.details);
  }
  if (family === 'flash' && isRecord(body) && typeof body.message === 'string') {
    const code = body.message === 'insufficient scope' ? 'INSUFFICIENT_SCOPE' : fallbackCode(answer.status);
    return throwError(answer, code, body.message);
  }
  // The bare `{}` 401s of /session/authorize, /emailVerify and /refresh, a 503 of /health/ready, a proxy page.
  return throwError(
    answer,
    fallbackCode(answer.status),
    `HTTP ${answer.status}`,
    family === 'plain' ? body : undefined,
  );
}

function fallbackCode(status: number): string {
  return CODE_BY_STATUS[status] ?? `HTTP_${status}`;
}

function throwError(answer: RawAnswer, code: string, message: string, details?: unknown): never {
  throw errorOf(answer, code, message, details);
}

function errorOf(answer: RawAnswer, code: string, message: string, details?: unknown): PChatError {
  return new PChatError({
    status: answer.status,
    code,
    message,
    details,
    requestId: answer.requestId,
    retryAfterMs: retryAfterMs(answer.retryAfter),
  });
}

/** `Retry-After` in seconds (the form p-chat sends) or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
