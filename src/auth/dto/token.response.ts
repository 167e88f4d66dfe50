import { ApiProperty } from '@nestjs/swagger';

/** The flash API's sign-in result (`content` of /register and /login). */
export class FlashTokenContent {
  @ApiProperty({
    description: 'an access token (HS256 JWT) valid JWT_EXP minutes',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...',
  })
  token: string;
}
