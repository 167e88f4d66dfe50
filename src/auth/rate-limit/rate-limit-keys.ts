// What a sign-in attempt is counted against (API.md §0): its IP, and every identifier it names —
// a username or an email, or for token exchanges the token itself. Keys carry only a sha256 of the
// identifier, so the counter store (in memory now, Redis later) holds no emails or tokens.
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';

export type RateLimitedRoute =
  | 'flash-register'
  | 'flash-login'
  | 'session-register'
  | 'authorize'
  | 'refresh'
  | 'resend-verification'
  | 'password-reset'
  | 'password-reset-confirm'
  | 'password-change';

/**
 * `mail-email`: the routes that send a mail count an address apart from sign-in attempts, so a
 * stranger asking for resets cannot lock the owner out of `/session/authorize`.
 */
type IdentifierKind = 'username' | 'email' | 'mail-email' | 'refresh-token' | 'reset-token';

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
  'resend-verification': [['email', 'mail-email']],
  'password-reset': [['email', 'mail-email']],
  'password-reset-confirm': [['token', 'reset-token']],
  // Counted against the signed-in caller (and the IP), not a body field: a stolen access token must not
  // be able to guess `current_password` at full speed.
  'password-change': [],
};

/** Routes that run behind the access-token guard: the caller's user id is one of the identifiers. */
const COUNTS_CALLER = new Set<RateLimitedRoute>(['password-change']);

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Usernames and emails are case-insensitive (API.md §1), so `APM` and `apm` share a counter. */
function normalize(kind: IdentifierKind, value: string): string {
  return kind === 'username' || kind === 'email' || kind === 'mail-email'
    ? value.trim().toLowerCase()
    : value;
}

export function identifierKeys(route: RateLimitedRoute, body: unknown, callerId?: string): string[] {
  const keys: string[] = [];
  if (COUNTS_CALLER.has(route) && callerId !== undefined) keys.push(`auth:id:${digest(`user:${callerId}`)}`);
  if (typeof body !== 'object' || body === null) return keys;
  const fields = body as Record<string, unknown>;
  for (const [field, kind] of IDENTIFYING_FIELDS[route]) {
    const value = fields[field];
    if (typeof value !== 'string' || value.trim() === '') continue;
    keys.push(`auth:id:${digest(`${kind}:${normalize(kind, value)}`)}`);
  }
  return keys;
}

/**
 * One counter per IPv4 address, and per /64 for IPv6: a single subscriber is routinely handed a whole
 * /64, so counting single v6 addresses would give one client 2^64 buckets.
 */
export function ipKey(ip: string | undefined): string {
  return `auth:ip:${ip === undefined ? 'unknown' : rateLimitSubject(ip)}`;
}

export function rateLimitSubject(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address (zone id dropped, `::` expanded, embedded IPv4 converted). */
function expandIPv6(ip: string): string[] {
  let address = ip.split('%')[0].toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    address = address.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((part) => (parseInt(part, 16) || 0).toString(16));
}
