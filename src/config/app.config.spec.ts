import { describe, expect, it } from '@jest/globals';
import { loadAppConfig, parseTrustProxy } from './app.config.js';
import { loadRealtimeConfig } from './realtime.config.js';

describe('TRUST_PROXY', () => {
  it('is off by default and for false/0', () => {
    expect(parseTrustProxy({})).toBe(false);
    expect(parseTrustProxy({ TRUST_PROXY: 'false' })).toBe(false);
    expect(parseTrustProxy({ TRUST_PROXY: '0' })).toBe(false);
  });

  it('takes a hop count or a list of addresses, CIDRs and Express range names', () => {
    expect(parseTrustProxy({ TRUST_PROXY: '2' })).toBe(2);
    expect(parseTrustProxy({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,fd00::/8,loopback' })).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['true', 'everyone', '10.0.0.0/8,proxy.example.com', '99'])('refuses %p in one line', (value) => {
    expect(() => parseTrustProxy({ TRUST_PROXY: value })).toThrow(/^Invalid configuration: TRUST_PROXY /);
  });
});

describe('HTTP server timeouts', () => {
  it('default to 10 s headers, 30 s request, 5 s keep-alive, and must be positive', () => {
    expect(loadAppConfig({})).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
    });
    expect(() => loadAppConfig({ HTTP_HEADERS_TIMEOUT_SECONDS: '0' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_SECONDS/,
    );
  });

  it('queue 4096 connections for accept by default (a reconnect storm overflows 511)', () => {
    expect(loadAppConfig({}).listenBacklog).toBe(4096);
    expect(loadAppConfig({ HTTP_LISTEN_BACKLOG: '100' }).listenBacklog).toBe(100);
    expect(() => loadAppConfig({ HTTP_LISTEN_BACKLOG: '0' })).toThrow(/HTTP_LISTEN_BACKLOG/);
  });
});

describe('WebSocket per-user cap and member cache age', () => {
  it('default to 32 sockets and 5 s, and refuse bad values', () => {
    expect(loadRealtimeConfig({})).toMatchObject({ maxConnectionsPerUser: 32, membershipCacheMs: 5000 });
    expect(() => loadRealtimeConfig({ WS_MAX_CONNECTIONS_PER_USER: '0' })).toThrow(
      /WS_MAX_CONNECTIONS_PER_USER/,
    );
    expect(() => loadRealtimeConfig({ WS_MAX_CONNECTIONS_PER_USER: 'many' })).toThrow(/must be a number/);
    expect(() => loadRealtimeConfig({ MEMBERSHIP_CACHE_SECONDS: '-1' })).toThrow(/MEMBERSHIP_CACHE_SECONDS/);
  });
});
