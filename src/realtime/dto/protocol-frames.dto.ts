import { IsString, MaxLength, MinLength } from 'class-validator';

/** `auth {token}`: renews the connection's access token in-band (API.md §6). */
export class AuthFrame {
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  token!: string;
}
