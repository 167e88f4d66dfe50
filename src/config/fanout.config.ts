import { registerAs } from '@nestjs/config';
import { loadDatabaseConfig } from './database.config.js';
import { ConfigError, readEnum, readUrl, type Env } from './env.js';

export const FANOUT_MODES = ['local', 'redis', 'postgres'] as const;
export type FanoutMode = (typeof FANOUT_MODES)[number];

export interface FanoutConfig {
  mode: FanoutMode;
  redisUrl: string | undefined;
}

export function loadFanoutConfig(env: Env): FanoutConfig {
  const redisUrl = readUrl(env, 'REDIS_URL', ['redis', 'rediss']);
  const mode = readEnum(env, 'FANOUT', FANOUT_MODES, redisUrl ? 'redis' : 'local');
  if (mode === 'redis' && !redisUrl) {
    throw new ConfigError('REDIS_URL', 'is required when FANOUT=redis');
  }
  // The embedded PGlite is one in-process session: served over its socket, a NOTIFY comes back on the
  // notifying connection, not on the listening one, and no other instance can reach it anyway.
  if (mode === 'postgres' && loadDatabaseConfig(env).kind === 'embedded') {
    throw new ConfigError(
      'FANOUT',
      'is postgres, which needs a real PostgreSQL server (set PSQL_* or DATABASE_URL); the embedded database serves one instance: use FANOUT=local or redis',
    );
  }
  return { mode, redisUrl };
}

export const fanoutConfig = registerAs('fanout', () => loadFanoutConfig(process.env));
