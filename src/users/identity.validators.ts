import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import {
  isValidDisplayName,
  normalizeEmail,
  normalizeUsername,
  trimName,
  USERNAME_PATTERN,
  USERNAME_RULE,
} from './identity-rules.js';

/** Decorator bundles so every DTO states an identity field the same way. */
export function IsUsername(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => normalizeUsername(value))(target, key);
    IsString({ message: USERNAME_RULE })(target, key);
    Matches(USERNAME_PATTERN, { message: USERNAME_RULE })(target, key);
  };
}

export function IsDisplayName(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => trimName(value))(target, key);
    ValidateBy({
      name: 'isDisplayName',
      validator: {
        validate: (value) => isValidDisplayName(value),
        defaultMessage: () => 'name must be 1-64 printable characters',
      },
    })(target, key);
  };
}

export function IsUserEmail(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => normalizeEmail(value))(target, key);
    IsEmail({}, { message: 'email must be a valid email address' })(target, key);
    MaxLength(254, { message: 'email must be at most 254 characters' })(target, key);
  };
}
