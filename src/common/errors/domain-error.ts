// Services throw DomainErrors with a stable code and a transport-neutral kind; each transport
// (REST filter per route family, WebSocket error event) maps them to its own wire shape.

export type ErrorKind =
  | 'invalid'
  | 'malformed'
  | 'unauthorized'
  | 'bad_credentials'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('invalid', 'VALIDATION_FAILED', message, details);
  }
}

export class MalformedBodyError extends DomainError {
  constructor(message = 'request body must be a JSON object') {
    super('malformed', 'BAD_REQUEST', message);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor() {
    super('too_large', 'PAYLOAD_TOO_LARGE', 'request body is too large');
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'unauthorized') {
    super('unauthorized', 'UNAUTHORIZED', message);
  }
}

export class InsufficientScopeError extends DomainError {
  constructor(readonly scope: string) {
    super('forbidden', 'INSUFFICIENT_SCOPE', 'insufficient scope');
  }
}

export class NotFoundError extends DomainError {
  constructor(message = 'not found', code = 'NOT_FOUND') {
    super('not_found', code, message);
  }
}

export class RateLimitedError extends DomainError {
  /** Whole seconds for `Retry-After`; `retryAfterMs` keeps the precise wait (WS `details.retry_after_ms`). */
  constructor(
    readonly retryAfterSeconds: number,
    readonly retryAfterMs = retryAfterSeconds * 1000,
  ) {
    super('rate_limited', 'RATE_LIMITED', 'too many requests');
  }

  static afterMs(ms: number): RateLimitedError {
    return new RateLimitedError(Math.max(1, Math.ceil(ms / 1000)), ms);
  }
}

export class DatabaseUnavailableError extends DomainError {
  constructor() {
    super('unavailable', 'DATABASE_UNAVAILABLE', 'database unavailable');
  }
}
