// Refresh, verification and reset tokens (API.md §4.5): opaque random strings of 256 bits, of which
// the server keeps only the sha256, so a database leak hands out no usable token.
import { createHash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;

export interface OpaqueToken {
  /** Given to the client once, never stored. */
  token: string;
  /** sha256 hex, what the database keeps. */
  hash: string;
}

export function newOpaqueToken(): OpaqueToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
