import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { registerAs } from '@nestjs/config';
import { ensurePrivateDir } from '../common/private-files.js';
import { ConfigError, readNumber, readString, type Env } from './env.js';

export interface AuthConfig {
  jwtSecret: string;
  flashTokenMinutes: number;
  accessTokenMinutes: number;
  refreshTokenHours: number;
  sessionMaxHours: number;
  rateLimitPerIdentifier: number;
  rateLimitPerIp: number;
}

const MIN_PRODUCTION_SECRET_BYTES = 32;
/** A generated secret is 48 random bytes; a shorter file was truncated or written by hand. */
const MIN_FILE_SECRET_BYTES = 32;
const SECRET_FILE = 'jwt-secret';

/** Reads the generated development secret from DATA_DIR, creating it on first use. */
export function generatedSecret(dataDir: string): string {
  const file = join(dataDir, SECRET_FILE);
  let secret = readSecretFile(file);
  if (secret === undefined) {
    ensurePrivateDir(dataDir);
    secret = writeSecretOnce(file, randomBytes(48).toString('base64url'));
  }
  if (Buffer.byteLength(secret) < MIN_FILE_SECRET_BYTES) {
    throw new ConfigError(
      file,
      `holds fewer than ${MIN_FILE_SECRET_BYTES} bytes: remove it to generate a new secret, or set JWT_SECRET`,
    );
  }
  return secret;
}

function readSecretFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Written whole to a private temp file, then linked into place: a crash never leaves a short file, and
 * of two processes starting at once the first link wins and both use its secret (rename would let the
 * second overwrite a secret the first already signs with).
 */
function writeSecretOnce(file: string, secret: string): string {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, secret);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readSecretFile(file) ?? secret;
  } finally {
    unlinkSync(temp);
  }
}

function resolveSecret(env: Env): string {
  const name = readString(env, 'JWT_SECRET') !== undefined ? 'JWT_SECRET' : 'JWT_KEY';
  const secret = readString(env, name);
  if (env.NODE_ENV === 'production') {
    if (secret === undefined) throw new ConfigError('JWT_SECRET', 'is required in production');
    if (Buffer.byteLength(secret) < MIN_PRODUCTION_SECRET_BYTES) {
      throw new ConfigError(name, `must be at least ${MIN_PRODUCTION_SECRET_BYTES} bytes in production`);
    }
  }
  return secret ?? generatedSecret(readString(env, 'DATA_DIR', './data') as string);
}

export function loadAuthConfig(env: Env): AuthConfig {
  return {
    jwtSecret: resolveSecret(env),
    flashTokenMinutes: readNumber(env, 'JWT_EXP', 60, { positive: true }),
    accessTokenMinutes: readNumber(env, 'ACCESS_TOKEN_SESSION_MINUTES', 15, { positive: true }),
    refreshTokenHours: readNumber(env, 'REFRESH_TOKEN_SESSION_HOURS', 24, { positive: true }),
    sessionMaxHours: readNumber(env, 'SESSION_MAX_HOURS', 720, { positive: true }),
    rateLimitPerIdentifier: readNumber(env, 'AUTH_RATE_LIMIT', 10, { integer: true, min: 1 }),
    rateLimitPerIp: readNumber(env, 'AUTH_RATE_LIMIT_IP', 300, { integer: true, min: 1 }),
  };
}

export const authConfig = registerAs('auth', () => loadAuthConfig(process.env));
