import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerAs } from '@nestjs/config';
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
const SECRET_FILE = 'jwt-secret';

/** Reads the generated development secret from DATA_DIR, creating it on first use. */
function generatedSecret(dataDir: string): string {
  const file = join(dataDir, SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
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
