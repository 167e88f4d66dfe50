// The passport strategy of the global guard. It verifies nothing itself: it takes the token from the
// Authorization header and calls AccessTokenService.authenticate(), the one check the WebSocket
// upgrade calls too (signature, HS256 only, `typ`, live session). Its errors are domain errors with
// their own messages (`token expired`, `session revoked or expired`, …), passed through as they are.
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-strategy';
import type { AuthUser } from '../common/auth-user.js';
import { UnauthorizedError } from '../common/errors/domain-error.js';
import { pathOf, routeFamily } from '../common/http/route-family.js';
import { AccessTokenService } from './access-token.service.js';
import { tokenFromAuthorizationHeader } from './bearer-token.js';

export const ACCESS_TOKEN_STRATEGY = 'access-token';

type Verify = (request: Request, done: (error: Error | null, user?: AuthUser | false) => void) => void;

/** A passport strategy that hands the request to a verify callback (what PassportStrategy supplies). */
class RequestStrategy extends Strategy {
  constructor(private readonly verify: Verify) {
    super();
  }

  override authenticate(request: Request): void {
    this.verify(request, (error, user) => {
      if (error) this.error(error);
      else if (user) this.success(user);
      else this.fail(401);
    });
  }
}

@Injectable()
export class AccessTokenStrategy extends PassportStrategy(RequestStrategy, ACCESS_TOKEN_STRATEGY) {
  constructor(@Inject(AccessTokenService) private readonly accessTokens: AccessTokenService) {
    super();
  }

  validate(request: Request): Promise<AuthUser> {
    // The old clients' bare `Authorization: <jwt>` is accepted on their routes only (API.md §2).
    const bare = routeFamily(pathOf(request)) === 'flash';
    const token = tokenFromAuthorizationHeader(request.header('authorization'), { bare });
    if (token === undefined) throw new UnauthorizedError('missing token');
    return this.accessTokens.authenticate(token);
  }
}
