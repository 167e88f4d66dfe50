import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import passportJwt from 'passport-jwt';
import type { AuthConfig } from '../config/auth.config.js';
import type { AuthUser } from '../common/auth-user.js';
import { AccessTokenService, JWT_ALGORITHM } from './access-token.service.js';
import { tokenFromAuthorizationHeader } from './bearer-token.js';
import { asDeclaredSecret, hs256Key } from './jwt-key.js';

const { Strategy } = passportJwt;

/** passport-jwt verifies the signature (HS256 only); the session check is AccessTokenService's. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(ConfigService) config: ConfigService,
    @Inject(AccessTokenService) private readonly accessTokens: AccessTokenService,
  ) {
    super({
      jwtFromRequest: (request: Request) =>
        tokenFromAuthorizationHeader(request.header('authorization')) ?? null,
      secretOrKey: asDeclaredSecret(hs256Key(config.getOrThrow<AuthConfig>('auth').jwtSecret)),
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  validate(payload: unknown): Promise<AuthUser> {
    return this.accessTokens.authorizeClaims(payload);
  }
}
