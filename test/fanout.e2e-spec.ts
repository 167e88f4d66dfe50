// Fan-out between two instances over each engine, and what happens when the engine goes away.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import request from 'supertest';
import { FANOUT, type Fanout, type FanoutEvent } from '../src/fanout/fanout.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { waitFor } from './helpers/free-port.js';
import { testPostgres, type TestPostgres } from './helpers/postgres.js';
import { startTestRedis, type TestRedis } from './helpers/redis-server.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { describeWhen } from './helpers/services.js';

interface Instance {
  app: TestApp;
  fanout: Fanout;
  seen: FanoutEvent[];
}

async function instance(env: Record<string, string>): Promise<Instance> {
  const app = await createTestApp({ env });
  const fanout = app.app.get<Fanout>(FANOUT);
  const seen: FanoutEvent[] = [];
  fanout.subscribe((event) => seen.push(event));
  return { app, fanout, seen };
}

function roomEvent(roomId: string, data: unknown, event = 'typing'): FanoutEvent {
  return { topic: { kind: 'room', roomId }, event, data };
}

/** An event of the room's ordered stream (what a stored message publishes). */
function streamEvent(roomId: string, seq: number): FanoutEvent {
  return { ...roomEvent(roomId, { seq }, 'client.frame'), seq };
}

const readiness = async (target: TestApp): Promise<number> =>
  (await request(target.url).get('/health/ready')).status;

/** The behaviour every engine must show; `outage` stops the engine for `a` (and `b`), `restore` brings it back. */
function engineContract(
  name: string,
  describeEngine: (name: string, body: () => void) => void,
  setup: () => Promise<{
    a: Instance;
    b: Instance;
    outage: () => Promise<void>;
    restore: () => Promise<void>;
  }>,
): void {
  describeEngine(`FANOUT=${name}`, () => {
    let a: Instance;
    let b: Instance;
    let outage: () => Promise<void>;
    let restore: () => Promise<void>;

    beforeAll(async () => {
      ({ a, b, outage, restore } = await setup());
      await waitFor(() => a.fanout.isHealthy() && b.fanout.isHealthy(), 15_000, 'both engines up');
    }, 60_000);

    it('delivers each event once to every instance, the publisher included', async () => {
      const roomId = `room-${name}-once`;
      for (let seq = 1; seq <= 20; seq += 1) await a.fanout.publish(streamEvent(roomId, seq));
      await b.fanout.publish(streamEvent(roomId, 21));
      const ofRoom = (target: Instance): unknown[] =>
        target.seen
          .filter((event) => event.topic.kind === 'room' && event.topic.roomId === roomId)
          .map((event) => (event.data as { seq: number }).seq);
      await waitFor(() => ofRoom(a).length >= 21 && ofRoom(b).length >= 21, 10_000, 'all events');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const all = Array.from({ length: 21 }, (_, index) => index + 1);
      expect(ofRoom(a)).toEqual(all);
      expect(ofRoom(b)).toEqual(all);
    });

    it('carries payloads larger than a NOTIFY can hold', async () => {
      const body = 'é'.repeat(12_000);
      await a.fanout.publish(roomEvent(`room-${name}-big`, { body }));
      await waitFor(
        () => b.seen.some((event) => (event.data as { body?: string }).body === body),
        10_000,
        'the large event',
      );
    });

    it('reports ready while the engine is up', async () => {
      const ready = await request(a.app.url).get('/health/ready').expect(200);
      expect(ready.body.info.fanout).toEqual({ status: 'up', engine: name });
    });

    it('keeps local delivery and reports 503 while the engine is down, then recovers', async () => {
      await outage();
      const downSince = Date.now();
      await waitFor(async () => (await readiness(a.app)) === 503, 10_000, 'readiness 503');
      expect(Date.now() - downSince).toBeLessThan(10_000);
      const down = await request(a.app.url).get('/health/ready').expect(503);
      expect(down.body.error.fanout.status).toBe('down');

      const roomId = `room-${name}-outage`;
      await expect(a.fanout.publish(roomEvent(roomId, { n: 1 }))).resolves.toBeUndefined();
      expect(
        a.seen.filter((event) => event.topic.kind === 'room' && event.topic.roomId === roomId),
      ).toHaveLength(1);

      await restore();
      const upSince = Date.now();
      await waitFor(
        async () => (await readiness(a.app)) === 200 && (await readiness(b.app)) === 200,
        30_000,
        'ready again',
      );
      expect(Date.now() - upSince).toBeLessThan(30_000);
      await a.fanout.publish(roomEvent(roomId, { n: 2 }));
      await waitFor(
        () => b.seen.some((event) => (event.data as { n?: number }).n === 2),
        10_000,
        'cross-instance delivery after recovery',
      );
      expect(b.seen.filter((event) => (event.data as { n?: number }).n === 1)).toHaveLength(0);
    }, 60_000);

    afterAll(async () => {
      await Promise.all([a?.app.close(), b?.app.close()]);
    }, 30_000);
  });
}

let redis: TestRedis;
engineContract('redis', await describeWhen(['redis-server']), async () => {
  redis = await startTestRedis();
  const env = { FANOUT: 'redis', REDIS_URL: redis.url };
  const a = await instance(env);
  const b = await instance(env);
  return { a, b, outage: () => redis.stop(), restore: () => redis.start() };
});
afterAll(async () => {
  await redis?.stop();
});

let postgres: TestPostgres | undefined;
let proxy: TcpProxy | undefined;
engineContract('postgres', await describeWhen(['postgres']), async () => {
  postgres = await testPostgres();
  // Instance a reaches the database through a proxy that the outage unplugs: its LISTEN and NOTIFY
  // connections (and its pool) go down together, as they would when the server is unreachable.
  proxy = await startTcpProxy({ host: postgres.host, port: postgres.port });
  const a = await instance({
    FANOUT: 'postgres',
    ...postgres.env,
    PSQL_HOST: '127.0.0.1',
    PSQL_PORT: String(proxy.port),
  });
  const b = await instance({ FANOUT: 'postgres', ...postgres.env });
  const unplug = proxy;
  return { a, b, outage: () => unplug.stop(), restore: () => unplug.start() };
});
afterAll(async () => {
  await proxy?.close();
  await postgres?.drop();
});
