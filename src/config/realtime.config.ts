import { registerAs } from '@nestjs/config';
import { readNumber, type Env } from './env.js';

/** WebSocket transport tuning (API.md §6). Defaults are the contract's; tests shorten the ping. */
export interface RealtimeConfig {
  pingIntervalMs: number;
  /** Unsent bytes past which a consumer is closed with 4008. */
  sendBufferLimitBytes: number;
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
  };
}

export const realtimeConfig = registerAs('realtime', () => loadRealtimeConfig(process.env));
