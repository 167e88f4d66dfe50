import { SCOPES, type Scope } from '../common/decorators/scopes.decorator.js';

/** Claims of an access JWT (API.md §4.5). */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  username: string;
  scope: string;
  typ: 'access';
  iat: number;
  exp: number;
  jti: string;
}

export const ALL_SCOPES: readonly Scope[] = SCOPES;

export function parseScopes(scope: unknown): Scope[] | null {
  if (typeof scope !== 'string') return null;
  const words = scope.split(' ').filter((word) => word !== '');
  if (!words.every((word) => (SCOPES as readonly string[]).includes(word))) return null;
  return [...new Set(words)] as Scope[];
}

export function isAccessTokenClaims(value: unknown): value is AccessTokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    claims.typ === 'access' &&
    typeof claims.sub === 'string' &&
    typeof claims.sid === 'string' &&
    typeof claims.username === 'string' &&
    typeof claims.scope === 'string' &&
    typeof claims.exp === 'number' &&
    typeof claims.jti === 'string'
  );
}
