import { Inject, Injectable } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { PASSWORD_MAX_LENGTH } from './identity-rules.js';

/** Password length rule of API.md §1; the minimum is configurable, so it is checked here, not in DTOs. */
@Injectable()
export class PasswordPolicy {
  private readonly minLength: number;

  constructor(@Inject(Configuration) config: Configuration) {
    this.minLength = config.of('app').passwordMinLength;
  }

  assertAcceptable(password: string, field = 'password'): void {
    const length = [...password].length;
    if (length < this.minLength || length > PASSWORD_MAX_LENGTH) {
      const problem = `${field} must be ${this.minLength}-${PASSWORD_MAX_LENGTH} characters`;
      throw new ValidationFailedError(`${field}: ${problem}`, [{ field, problems: [problem] }]);
    }
  }
}
