import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { LenientBody } from '../../common/decorators/strict-body.decorator.js';
import { normalizeUsername } from '../../users/identity-rules.js';

/** Login checks shape only: a username that breaks today's rules simply matches no account. */
@LenientBody()
export class FlashLoginDto {
  @ApiProperty({ example: 'apm' })
  @Transform(({ value }) => normalizeUsername(value))
  @IsString({ message: 'username must be a string' })
  @MinLength(1, { message: 'username must not be empty' })
  @MaxLength(64, { message: 'username must be at most 64 characters' })
  username: string;

  @ApiProperty({ example: 'secret' })
  @IsString({ message: 'password must be a string' })
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  password: string;
}
