import { describe, expect, it, jest } from '@jest/globals';
import type { JsonLogger } from '../common/logging/json-logger.js';
import { ClusterEvents } from './cluster-events.js';
import type { Fanout, FanoutEvent } from './fanout.js';
import { LocalFanout } from './local-fanout.js';

function harness(fanout: Fanout = new LocalFanout()) {
  const logger = { errorEvent: jest.fn() };
  const cluster = new ClusterEvents(fanout, logger as unknown as JsonLogger);
  cluster.onModuleInit();
  return { cluster, logger };
}

describe('ClusterEvents', () => {
  it('hands each event only to the listeners of its name, with its topic', async () => {
    const { cluster } = harness();
    const revoked: unknown[] = [];
    const changed: unknown[] = [];
    cluster.on('session.revoked', (data, topic) => revoked.push({ data, topic }));
    cluster.on('chat.membership_changed', (data) => changed.push(data));
    await cluster.publish({ kind: 'session', sessionId: 's1' }, 'session.revoked', {});
    expect(revoked).toEqual([{ data: {}, topic: { kind: 'session', sessionId: 's1' } }]);
    expect(changed).toEqual([]);
  });

  it('carries the stream position the publisher declares, and only then', async () => {
    const published: FanoutEvent[] = [];
    const fanout = {
      publish: (event: FanoutEvent) => Promise.resolve(void published.push(event)),
    } as unknown as Fanout;
    const cluster = new ClusterEvents(fanout, {} as JsonLogger);
    const topic = { kind: 'room', roomId: 'r' } as const;
    await cluster.publish(topic, 'chat.membership_changed', { room_id: 'r' }, { seq: 7 });
    await cluster.publish(topic, 'chat.membership_changed', { room_id: 'r' });
    expect(published.map((event) => event.seq)).toEqual([7, undefined]);
    expect('seq' in published[1]).toBe(false);
  });

  it('announce logs a failed publish instead of failing the caller', async () => {
    const fanout = {
      publish: () => Promise.reject(new Error('engine down')),
      subscribe: () => undefined,
    } as unknown as Fanout;
    const { cluster, logger } = harness(fanout);
    expect(() => cluster.announce({ kind: 'broadcast' }, 'session.revoked', {})).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(logger.errorEvent).toHaveBeenCalledWith('fanout publish failed', expect.any(Error), {
      event: 'session.revoked',
    });
  });
});
