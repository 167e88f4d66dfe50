import { DomainError } from '../common/errors/domain-error.js';

export class BadFrameError extends DomainError {
  constructor(message: string) {
    super('malformed', 'BAD_FRAME', message);
  }
}

export class UnknownEventError extends DomainError {
  constructor(event: string) {
    super('invalid', 'UNKNOWN_EVENT', `unknown event "${event}"`);
  }
}

/** `auth` renewal refused: the connection keeps its current token (API.md §6). */
export class AuthFailedError extends DomainError {
  constructor(message: string) {
    super('unauthorized', 'AUTH_FAILED', message);
  }
}
