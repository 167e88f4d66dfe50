import { registerAs } from '@nestjs/config';
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
  return { mode, redisUrl };
}

export const fanoutConfig = registerAs('fanout', () => loadFanoutConfig(process.env));
