import { createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The HS256 key as a KeyObject, made once. Given a string, jsonwebtoken first tries to parse it as a
 * PEM public/private key (throwing and catching) on every sign and verify: that alone was the largest
 * CPU cost of an authenticated request.
 */
export function hs256Key(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/**
 * The key in the types the JWT libraries declare (string | Buffer); at run time jsonwebtoken accepts
 * a secret KeyObject as is.
 */
export function asDeclaredSecret(key: KeyObject): Buffer {
  return key as unknown as Buffer;
}
