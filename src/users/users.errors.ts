import { DomainError } from '../common/errors/domain-error.js';

export class UsernameTakenError extends DomainError {
  constructor() {
    super('conflict', 'USERNAME_TAKEN', 'user already exists');
  }
}

export class EmailTakenError extends DomainError {
  constructor() {
    super('conflict', 'EMAIL_TAKEN', 'email already registered');
  }
}

export class UserNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'NOT_FOUND', 'user not found');
  }
}
