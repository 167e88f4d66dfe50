import { ApiProperty } from '@nestjs/swagger';
import type { AuthSession } from '../../auth/auth-session.entity.js';
import type { TokenPair } from '../token-pair.service.js';

// Response shapes of the session API (the `data` of the session envelope) and their mappers.

export class TokenPairResponse {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  access_token: string;
  @ApiProperty({ example: 'q3T0...opaque' })
  refresh_token: string;
  @ApiProperty({ example: '2026-11-21T10:15:00.000Z' })
  access_token_valid_to: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  refresh_token_valid_to: string;
  @ApiProperty({ example: 'chat:read chat:write users:read session' })
  scope: string;
}

export function toTokenPairResponse(pair: TokenPair): TokenPairResponse {
  return {
    access_token: pair.accessToken,
    refresh_token: pair.refreshToken,
    access_token_valid_to: pair.accessTokenValidTo.toISOString(),
    refresh_token_valid_to: pair.refreshTokenValidTo.toISOString(),
    scope: pair.scope,
  };
}

export class SessionItemResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z' })
  created_at: string;
  @ApiProperty({ example: '2026-11-21T10:05:00.000Z' })
  last_used_at: string;
  @ApiProperty({ type: String, nullable: true, example: 'curl/8.5.0' })
  user_agent: string | null;
  @ApiProperty({ type: String, nullable: true, example: '127.0.0.1' })
  ip: string | null;
  @ApiProperty({ description: 'true for the session of the token making the request' })
  current: boolean;
}

export function toSessionItem(session: AuthSession, currentSessionId: string): SessionItemResponse {
  return {
    id: session.id,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    user_agent: session.userAgent,
    ip: session.ip,
    current: session.id === currentSessionId,
  };
}

export class RegisterResponse {
  @ApiProperty({
    required: false,
    description: 'left out when SMTP_URL is set, unless EXPOSE_VERIFICATION_TOKEN=true',
  })
  VerificationToken?: string;
  @ApiProperty({ example: 'User registered successfully' })
  message: string;
}

/** A sentence for people, the whole answer of resendVerification and passwordReset. */
export class SessionNoticeResponse {
  @ApiProperty({ example: 'If the address belongs to an account, a password reset mail is on its way' })
  message: string;
}

/** `POST /session/logoutOthers`: how many other sessions were revoked. */
export class LogoutOthersResponse {
  @ApiProperty({ minimum: 0, example: 2 }) revoked: number;
}
