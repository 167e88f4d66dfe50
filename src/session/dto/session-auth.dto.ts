import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsOptional, IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { parseScopes } from '../../auth/access-token.claims.js';
import { SCOPES } from '../../common/decorators/scopes.decorator.js';
import { LenientBody } from '../../common/decorators/strict-body.decorator.js';
import { normalizeEmail, PASSWORD_MAX_LENGTH } from '../../users/identity-rules.js';
import { IsDisplayName, IsUserEmail, IsUsername } from '../../users/identity.validators.js';

// Request bodies of the public /session routes. The session API is an old one: extra fields are
// ignored (@LenientBody). Password length is checked by PasswordPolicy (its minimum is configurable).

const PASSWORD_EXAMPLE = '2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b';

function IsPasswordText(field = 'password'): PropertyDecorator {
  return (target, key) => {
    IsString({ message: `${field} must be a string` })(target, key);
    MinLength(1, { message: `${field} must not be empty` })(target, key);
    MaxLength(PASSWORD_MAX_LENGTH, { message: `${field} must be at most ${PASSWORD_MAX_LENGTH} characters` })(
      target,
      key,
    );
  };
}

@LenientBody()
export class SessionRegisterDto {
  @ApiProperty({ example: 'parsa@example.com' })
  @IsUserEmail()
  email: string;

  @ApiProperty({ example: PASSWORD_EXAMPLE, description: 'clients send the sha256 hex of the password' })
  @IsPasswordText()
  password: string;

  @ApiPropertyOptional({ example: 'apm', description: 'default: derived from the email, made unique' })
  @IsOptional()
  @IsUsername()
  username?: string;

  @ApiPropertyOptional({ example: 'Parsa', description: 'default: the username' })
  @IsOptional()
  @IsDisplayName()
  name?: string;
}

@LenientBody()
export class AuthorizeDto {
  /** Not checked as an address: a malformed one simply matches no account (401). */
  @ApiProperty({ example: 'parsa@example.com' })
  @Transform(({ value }) => normalizeEmail(value))
  @IsString({ message: 'email must be a string' })
  @MinLength(1, { message: 'email must not be empty' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email: string;

  @ApiProperty({ example: PASSWORD_EXAMPLE })
  @IsPasswordText()
  password: string;

  @ApiPropertyOptional({
    example: 'chat:read users:read',
    description: `space-separated subset of ${SCOPES.join(', ')} (default: all); unknown names → 400`,
  })
  @IsOptional()
  @ValidateBy({
    name: 'isScopeList',
    validator: {
      validate: (value) => (parseScopes(value)?.length ?? 0) > 0,
      defaultMessage: () => `scope must be a space-separated list of ${SCOPES.join(', ')}`,
    },
  })
  scope?: string;
}

@LenientBody()
export class RefreshDto {
  /** Not validated here: anything unusable answers 401 `{}` like a wrong token (API.md §4.4). */
  @ApiProperty({ example: 'q3T0...opaque' })
  @Allow()
  refresh_token?: unknown;
}

@LenientBody()
export class EmailDto {
  @ApiProperty({ example: 'parsa@example.com' })
  @IsUserEmail()
  email: string;
}

@LenientBody()
export class PasswordResetConfirmDto {
  @ApiProperty({ example: 'q3T0...opaque', description: 'the token from the reset mail' })
  @IsString({ message: 'token must be a string' })
  @MaxLength(512, { message: 'token must be at most 512 characters' })
  token: string;

  @ApiProperty({ example: PASSWORD_EXAMPLE })
  @IsPasswordText()
  password: string;
}

@LenientBody()
export class ChangePasswordDto {
  @ApiProperty({ example: PASSWORD_EXAMPLE })
  @IsPasswordText('current_password')
  current_password: string;

  @ApiProperty({ example: PASSWORD_EXAMPLE })
  @IsPasswordText('new_password')
  new_password: string;
}
