import { DomainError } from '../common/errors/domain-error.js';

export class WrongCredentialsError extends DomainError {
  constructor() {
    super('bad_credentials', 'WRONG_CREDENTIALS', 'wrong credentials');
  }
}
