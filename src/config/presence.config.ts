import { registerAs } from '@nestjs/config';
import { ConfigError, readNumber, type Env } from './env.js';

/**
 * Presence across instances (FANOUT=redis/postgres): each instance renews a heartbeat; the connection
 * counts of an instance whose heartbeat is older than the TTL stop counting and are cleaned up.
 */
export interface PresenceConfig {
  heartbeatMs: number;
  ttlMs: number;
}

export function loadPresenceConfig(env: Env): PresenceConfig {
  const heartbeat = readNumber(env, 'PRESENCE_HEARTBEAT_SECONDS', 10, { positive: true, max: 3600 });
  const ttl = readNumber(env, 'PRESENCE_TTL_SECONDS', 30, { positive: true, max: 86_400 });
  // One late heartbeat must not make a live instance's users look offline.
  if (ttl < 2 * heartbeat) {
    throw new ConfigError(
      'PRESENCE_TTL_SECONDS',
      `must be at least twice PRESENCE_HEARTBEAT_SECONDS (${heartbeat}), got "${ttl}"`,
    );
  }
  return { heartbeatMs: Math.round(heartbeat * 1000), ttlMs: Math.round(ttl * 1000) };
}

export const presenceConfig = registerAs('presence', () => loadPresenceConfig(process.env));
