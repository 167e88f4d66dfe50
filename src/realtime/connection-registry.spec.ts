import { describe, expect, it, jest } from '@jest/globals';
import type { Configuration } from '../config/configuration.js';
import type { DomainEvents } from '../common/events/domain-events.js';
import type { JsonLogger } from '../common/logging/json-logger.js';
import { Metrics } from '../metrics/index.js';
import { ConnectionRegistry } from './connection-registry.js';
import { RealtimeConnection } from './connection.js';
import type { AuthUser } from '../common/auth-user.js';
import type { WebSocket } from 'ws';

const LIMIT = 1024 * 1024;

function fakeSocket(buffered: () => number) {
  const socket = {
    OPEN: 1,
    readyState: 1,
    sent: [] as string[],
    get bufferedAmount() {
      return buffered();
    },
    send(frame: string) {
      socket.sent.push(frame);
    },
    close: jest.fn((code: number, _reason?: string) => {
      socket.readyState = 2;
      return code;
    }),
    CONNECTING: 0,
    CLOSED: 3,
    once: jest.fn(),
    terminate: jest.fn(() => (socket.readyState = 3)),
  };
  return socket;
}

const NAMESPACES: Record<string, object> = {
  realtime: { sendBufferLimitBytes: LIMIT },
  metrics: { enabled: true },
  fanout: { mode: 'local' },
};

function setup(buffered: () => number) {
  const config = { of: (key: string) => NAMESPACES[key] } as unknown as Configuration;
  const events = { emit: jest.fn() };
  const metrics = new Metrics(config);
  const registry = new ConnectionRegistry(
    config,
    { event: jest.fn() } as unknown as JsonLogger,
    events as unknown as DomainEvents,
    metrics,
  );
  const socket = fakeSocket(buffered);
  const user: AuthUser = { userId: 'u1', username: 'u', sessionId: 's1', scopes: [], expiresAt: 0 };
  const connection = new RealtimeConnection(
    socket as unknown as WebSocket,
    user,
    'events',
    '/ws',
    {},
    undefined,
  );
  registry.add(connection);
  return { registry, socket, connection, events, metrics };
}

describe('ConnectionRegistry', () => {
  it('announces each connection opened and closed exactly once (presence counts these)', () => {
    const { registry, connection, events } = setup(() => 0);
    registry.add(connection);
    registry.remove(connection);
    registry.remove(connection);
    expect(events.emit.mock.calls).toEqual([
      ['realtime.connection.opened', connection],
      ['realtime.connection.closed', connection],
    ]);
  });

  it('indexes connections by user and session', () => {
    const { registry, connection } = setup(() => 0);
    expect([...registry.ofUser('u1')]).toEqual([connection]);
    expect([...registry.ofSession('s1')]).toEqual([connection]);
    registry.remove(connection);
    expect(registry.ofUser('u1').size).toBe(0);
    expect(registry.size).toBe(0);
  });

  it('sheds best-effort frames above the soft bound but still sends messages, counting what it wrote', async () => {
    const { registry, socket, metrics } = setup(() => LIMIT / 2);
    expect(registry.send([...registry.ofUser('u1')][0], 'typing', 'sheddable')).toBe(false);
    expect(registry.send([...registry.ofUser('u1')][0], 'message')).toBe(true);
    expect(socket.sent).toEqual(['message']);
    const scraped = await metrics.scrape();
    expect(scraped).toContain('ws_frames_sent_total{protocol="ws"} 1\n');
    expect(scraped).toContain('ws_frames_sent_total{protocol="chats"} 0\n');
  });

  it('closes a consumer whose unsent buffer passes the bound with 4008, then writes nothing more', () => {
    let buffered = LIMIT - 10;
    const { registry, socket, connection } = setup(() => buffered);
    buffered = LIMIT + 1;
    expect(registry.send(connection, 'big')).toBe(false);
    expect(socket.close).toHaveBeenCalledWith(4008, 'slow consumer');
    expect(registry.send(connection, 'more')).toBe(false);
    expect(socket.sent).toEqual(['big']);
    // A shutdown closing it afterwards does not change why it ended.
    registry.close(connection, 1001, 'server shutting down', 'shutdown');
    expect(connection.disconnectReason).toBe('slow_consumer');
  });

  it('sends a connection registered after the drain began away at once, and cuts it after the grace', async () => {
    jest.useFakeTimers();
    try {
      const { registry, socket, connection } = setup(() => 0);
      const draining = registry.closeConnections();
      expect(socket.close).toHaveBeenCalledWith(1001, 'server shutting down');
      // An upgrade that passed its checks before the drain began completes now.
      const late = fakeSocket(() => 0);
      const user = { ...connection.user, sessionId: 's2' };
      const opened = new RealtimeConnection(
        late as unknown as WebSocket,
        user,
        'events',
        '/ws',
        {},
        undefined,
      );
      registry.add(opened);
      expect(late.close).toHaveBeenCalledWith(1001, 'server shutting down');
      expect(opened.disconnectReason).toBe('shutdown');
      await jest.advanceTimersByTimeAsync(1000);
      await draining;
      expect(socket.terminate).toHaveBeenCalled();
      expect(late.terminate).toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('remembers why the server closed a connection; one it never closed ended by the client', () => {
    const { registry, connection } = setup(() => 0);
    expect(connection.disconnectReason).toBe('client');
    registry.close(connection, 4001, 'session expired', 'revoked');
    expect(connection.disconnectReason).toBe('revoked');
  });
});
