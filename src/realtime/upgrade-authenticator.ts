import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { AccessTokenService } from '../auth/access-token.service.js';
import { tokenFromAuthorizationHeader, tokenFromSubprotocols } from '../auth/bearer-token.js';
import type { AuthUser } from '../common/auth-user.js';
import { originPolicy, type OriginPolicy } from './origin-policy.js';
import { headerValue, UpgradeRejection } from './upgrade.js';

/** The scope every WebSocket route needs to open (API.md §4.5). */
export const OPEN_SCOPE = 'chat:read';

/**
 * Decides who opens a WebSocket, with the same `authenticate()` as the HTTP guard. The token travels in
 * the Authorization header, the `bearer.<jwt>` subprotocol, or `?token=` (API.md §2).
 */
@Injectable()
export class UpgradeAuthenticator {
  private readonly originAllowed: OriginPolicy;

  constructor(
    @Inject(AccessTokenService) private readonly tokens: AccessTokenService,
    @Inject(Configuration) config: Configuration,
  ) {
    const app = config.of('app');
    this.originAllowed = originPolicy(app.wsAllowedOrigins, app.production);
  }

  /** `flash`: a `/chats/*` route, where a bare `Authorization: <jwt>` is accepted too (API.md §2). */
  async authenticate(request: IncomingMessage, url: URL, flash = false): Promise<AuthUser> {
    if (!this.originAllowed(headerValue(request, 'origin'), headerValue(request, 'host')))
      throw new UpgradeRejection(403, 'ORIGIN_NOT_ALLOWED', 'origin not allowed');
    const token =
      tokenFromAuthorizationHeader(headerValue(request, 'authorization'), { bare: flash }) ??
      tokenFromSubprotocols(headerValue(request, 'sec-websocket-protocol')) ??
      (url.searchParams.get('token') || undefined);
    if (token === undefined) throw new UpgradeRejection(401, 'UNAUTHORIZED', 'missing token');
    // An UnauthorizedError becomes 401 by its kind; a database outage 503.
    const user = await this.tokens.authenticate(token);
    if (!user.scopes.includes(OPEN_SCOPE))
      throw new UpgradeRejection(403, 'INSUFFICIENT_SCOPE', 'insufficient scope');
    return user;
  }
}
