import { DomainError } from '../common/errors/domain-error.js';

export class WrongCredentialsError extends DomainError {
  constructor() {
    super('bad_credentials', 'WRONG_CREDENTIALS', 'wrong credentials');
  }
}

/** Told only once the password checked out: a session-API account signs in after verifying its email. */
export class EmailNotVerifiedError extends DomainError {
  constructor(message = 'email address is not verified yet') {
    super('forbidden', 'EMAIL_NOT_VERIFIED', message);
  }
}
