import { DomainError } from '../common/errors/domain-error.js';

// The 401s of /session/authorize, /session/emailVerify and /session/refresh answer `{}` on the wire
// (API.md §0); the codes below still tell the logs and other transports what happened.

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('unauthorized', 'INVALID_CREDENTIALS', 'wrong email or password');
  }
}

export { EmailNotVerifiedError } from '../auth/auth.errors.js';

export class InvalidVerificationTokenError extends DomainError {
  constructor() {
    super('unauthorized', 'INVALID_VERIFICATION_TOKEN', 'verification token is invalid, used or expired');
  }
}

export class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super('unauthorized', 'INVALID_REFRESH_TOKEN', 'refresh token is invalid or expired');
  }
}

/** A rotated refresh token came back: someone holds a copy, so its whole session was revoked. */
export class RefreshTokenReusedError extends DomainError {
  constructor() {
    super('unauthorized', 'REFRESH_TOKEN_REUSED', 'refresh token was already used; session revoked');
  }
}

export class WrongPasswordError extends DomainError {
  constructor() {
    super('forbidden', 'WRONG_PASSWORD', 'current password is wrong');
  }
}

export class ResetTokenInvalidError extends DomainError {
  constructor() {
    super('invalid', 'RESET_TOKEN_INVALID', 'reset token is invalid, used or expired');
  }
}

export class SessionNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'NOT_FOUND', 'session not found');
  }
}

export class UsernameUnavailableError extends DomainError {
  constructor() {
    super('conflict', 'USERNAME_TAKEN', 'no free username could be derived from the email; pass one');
  }
}
