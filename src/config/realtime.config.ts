import { registerAs } from '@nestjs/config';
import { readNumber, type Env } from './env.js';

/** WebSocket transport tuning (API.md §6). Defaults are the contract's; tests shorten the ping. */
export interface RealtimeConfig {
  pingIntervalMs: number;
  /** Unsent bytes past which a consumer is closed with 4008. */
  sendBufferLimitBytes: number;
  /** Per-user flood control (API.md §6: 20 messages/s, burst 40); raised only by the benchmark. */
  floodRatePerSecond: number;
  floodBurst: number;
  /** Open WebSockets per user across both protocols (API.md §3); over it the upgrade answers 429. */
  maxConnectionsPerUser: number;
  /**
   * How long a cached room member list answers without the database. Membership events drop it at
   * once; this bounds how long a change whose event was lost (a fan-out outage) can go unseen.
   */
  membershipCacheMs: number;
}

export function loadRealtimeConfig(env: Env): RealtimeConfig {
  return {
    pingIntervalMs: Math.round(
      readNumber(env, 'WS_PING_INTERVAL_SECONDS', 30, { positive: true, max: 3600 }) * 1000,
    ),
    sendBufferLimitBytes: readNumber(env, 'WS_SEND_BUFFER_LIMIT_BYTES', 1024 * 1024, {
      integer: true,
      min: 64 * 1024,
    }),
    floodRatePerSecond: readNumber(env, 'WS_FLOOD_RATE', 20, { positive: true }),
    floodBurst: readNumber(env, 'WS_FLOOD_BURST', 40, { integer: true, min: 1 }),
    maxConnectionsPerUser: readNumber(env, 'WS_MAX_CONNECTIONS_PER_USER', 32, { integer: true, min: 1 }),
    membershipCacheMs: Math.round(
      readNumber(env, 'MEMBERSHIP_CACHE_SECONDS', 5, { min: 0, max: 300 }) * 1000,
    ),
  };
}

export const realtimeConfig = registerAs('realtime', () => loadRealtimeConfig(process.env));
