// Hand-made access tokens for the negative paths: other keys, `alg: none`, wrong `typ`, narrowed scopes.
import { createHmac } from 'node:crypto';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-production-0123456789';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

export function signToken(
  claims: Record<string, unknown>,
  options: { secret?: string; alg?: string; typ?: string } = {},
): string {
  const alg = options.alg ?? 'HS256';
  const head = base64url({ alg, typ: options.typ ?? 'JWT' });
  const body = base64url(claims);
  if (alg === 'none') return `${head}.${body}.`;
  const signature = createHmac('sha256', options.secret ?? TEST_JWT_SECRET)
    .update(`${head}.${body}`)
    .digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** A copy of a real token's claims with some replaced, re-signed with the test key. */
export function resign(token: string, changes: Record<string, unknown>, options = {}): string {
  return signToken({ ...decodeClaims(token), ...changes }, options);
}
