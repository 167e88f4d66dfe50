// What a sign-in attempt is counted against (API.md §0): its IP, and every identifier it names —
// a username or an email, or for token exchanges the token itself. Keys carry only a sha256 of the
// identifier, so the counter store (in memory now, Redis later) holds no emails or tokens.
import { createHash } from 'node:crypto';

export type RateLimitedRoute =
  | 'flash-register'
  | 'flash-login'
  | 'session-register'
  | 'authorize'
  | 'refresh'
  | 'resend-verification'
  | 'password-reset'
  | 'password-reset-confirm';

type IdentifierKind = 'username' | 'email' | 'refresh-token' | 'reset-token';

/** Which body fields identify the attempt on each route. */
const IDENTIFYING_FIELDS: Record<RateLimitedRoute, [field: string, kind: IdentifierKind][]> = {
  'flash-register': [['username', 'username']],
  'flash-login': [['username', 'username']],
  'session-register': [
    ['email', 'email'],
    ['username', 'username'],
  ],
  authorize: [['email', 'email']],
  refresh: [['refresh_token', 'refresh-token']],
  'resend-verification': [['email', 'email']],
  'password-reset': [['email', 'email']],
  'password-reset-confirm': [['token', 'reset-token']],
};

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Usernames and emails are case-insensitive (API.md §1), so `APM` and `apm` share a counter. */
function normalize(kind: IdentifierKind, value: string): string {
  return kind === 'username' || kind === 'email' ? value.trim().toLowerCase() : value;
}

export function identifierKeys(route: RateLimitedRoute, body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const fields = body as Record<string, unknown>;
  const keys: string[] = [];
  for (const [field, kind] of IDENTIFYING_FIELDS[route]) {
    const value = fields[field];
    if (typeof value !== 'string' || value.trim() === '') continue;
    keys.push(`auth:id:${digest(`${kind}:${normalize(kind, value)}`)}`);
  }
  return keys;
}

export function ipKey(ip: string | undefined): string {
  return `auth:ip:${ip ?? 'unknown'}`;
}
