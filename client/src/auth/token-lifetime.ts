// Token lifetimes on the local clock: a token's remaining life is exp − iat counted from when it
// arrived, so a client whose clock is off from the server's still renews in time.
import type { TokenPair } from '../rest/api-types.js';
import type { StoredTokens } from './token-store.js';

interface AccessClaims {
  exp?: number;
  iat?: number;
  username?: string;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

/** The `exp`/`iat` claims of a JWT, unverified (the server verifies; the client only schedules). */
export function accessClaims(token: string): AccessClaims {
  const payload = token.split('.')[1];
  if (payload === undefined) return {};
  try {
    const claims = JSON.parse(base64UrlDecode(payload)) as Record<string, unknown>;
    return {
      exp: typeof claims.exp === 'number' ? claims.exp : undefined,
      iat: typeof claims.iat === 'number' ? claims.iat : undefined,
      username: typeof claims.username === 'string' ? claims.username : undefined,
    };
  } catch {
    return {};
  }
}

/** Lifetime of a JWT (exp − iat) in ms, or the fallback when the token does not say. */
export function lifetimeMs(token: string, fallbackMs: number): number {
  const { exp, iat } = accessClaims(token);
  return exp !== undefined && iat !== undefined && exp > iat ? (exp - iat) * 1000 : fallbackMs;
}

/** How long before expiry to renew: a third of the lifetime, at most a minute. */
export function renewLeadMs(lifetime: number): number {
  return Math.min(60_000, lifetime / 3);
}

export function needsRenewal(tokens: StoredTokens, now: number): boolean {
  return tokens.accessExpiresAt - now <= renewLeadMs(tokens.accessLifetimeMs);
}

/** Flash tokens default to JWT_EXP = 60 minutes when their claims cannot be read. */
const FLASH_FALLBACK_LIFETIME_MS = 60 * 60_000;

export function fromTokenPair(pair: TokenPair, receivedAt: number): StoredTokens {
  const fallback = Math.max(0, Date.parse(pair.access_token_valid_to) - receivedAt);
  const lifetime = lifetimeMs(pair.access_token, fallback);
  return {
    accessToken: pair.access_token,
    accessExpiresAt: receivedAt + lifetime,
    accessLifetimeMs: lifetime,
    refreshToken: pair.refresh_token,
    refreshExpiresAt:
      receivedAt +
      Math.max(
        0,
        Date.parse(pair.refresh_token_valid_to) - Date.parse(pair.access_token_valid_to) + lifetime,
      ),
    scope: pair.scope,
  };
}

export function fromFlashToken(token: string, receivedAt: number): StoredTokens {
  const lifetime = lifetimeMs(token, FLASH_FALLBACK_LIFETIME_MS);
  return {
    accessToken: token,
    accessExpiresAt: receivedAt + lifetime,
    accessLifetimeMs: lifetime,
    refreshToken: null,
    refreshExpiresAt: null,
    scope: 'chat:read chat:write users:read session',
  };
}
