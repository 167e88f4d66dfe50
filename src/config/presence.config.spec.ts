import { describe, expect, it } from '@jest/globals';
import { loadPresenceConfig } from './presence.config.js';

describe('presence configuration', () => {
  it('beats every 10 s with a 30 s TTL by default; decimals allowed', () => {
    expect(loadPresenceConfig({})).toEqual({ heartbeatMs: 10_000, ttlMs: 30_000 });
    expect(loadPresenceConfig({ PRESENCE_HEARTBEAT_SECONDS: '0.5', PRESENCE_TTL_SECONDS: '1.5' })).toEqual({
      heartbeatMs: 500,
      ttlMs: 1500,
    });
  });

  it('refuses a TTL shorter than two heartbeats, naming the variable', () => {
    expect(() =>
      loadPresenceConfig({ PRESENCE_HEARTBEAT_SECONDS: '10', PRESENCE_TTL_SECONDS: '15' }),
    ).toThrow(/PRESENCE_TTL_SECONDS/);
    expect(() => loadPresenceConfig({ PRESENCE_HEARTBEAT_SECONDS: '0' })).toThrow(
      /PRESENCE_HEARTBEAT_SECONDS/,
    );
  });
});
