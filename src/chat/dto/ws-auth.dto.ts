import { IsString, MaxLength, MinLength } from 'class-validator';

/** `auth {token}` (API.md §6): renews the connection's access token. */
export class WsAuthDto {
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  token!: string;
}
