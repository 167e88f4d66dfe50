// Several app instances sharing one fresh PostgreSQL and one fan-out engine (FANOUT=redis with a
// private redis-server, or FANOUT=postgres), for the multi-instance suites (gated on the services
// with `describeWhen`, helpers/services.ts).
import { afterAll, beforeAll } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './create-app.js';
import { waitFor } from './free-port.js';
import { testPostgres } from './postgres.js';
import { startTestRedis, type TestRedis } from './redis-server.js';
import { describeWhen, type Describe } from './services.js';
import { connect, type TestSocket } from './ws-client.js';
import type { FlashUser } from './factories.js';

export type SharedFanoutMode = 'redis' | 'postgres';

/** Per fan-out mode, `describe` when its services are here (skipped, or failing under CI, otherwise). */
export async function describeFanoutModes(): Promise<Record<SharedFanoutMode, Describe>> {
  return {
    redis: await describeWhen(['postgres', 'redis-server']),
    postgres: await describeWhen(['postgres']),
  };
}

export interface InstanceCluster {
  /** The environment every instance boots with. */
  env: Record<string, string>;
  /** The private redis-server of FANOUT=redis (outage tests stop and restart it). */
  redis?: TestRedis;
  /** Boots one more instance on the same database and engine, and waits until it reports ready. */
  start(extraEnv?: Record<string, string>): Promise<TestApp>;
  /** A WebSocket on an instance, closed by `stop()` if still open. */
  open(app: TestApp, path: string, user: FlashUser): Promise<TestSocket>;
  stop(): Promise<void>;
}

/** Waits until every instance answers /health/ready with 200 (e.g. after its engine came back). */
export async function waitUntilReady(
  apps: TestApp[],
  what = 'instances ready',
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(
    async () => {
      const statuses = await Promise.all(
        apps.map(async (app) => (await request(app.url).get('/health/ready')).status),
      );
      return statuses.every((status) => status === 200);
    },
    timeoutMs,
    what,
  );
}

export async function startCluster(
  mode: SharedFanoutMode,
  extraEnv: Record<string, string> = {},
): Promise<InstanceCluster> {
  const postgres = await testPostgres();
  const redis = mode === 'redis' ? await startTestRedis() : undefined;
  const env: Record<string, string> = {
    FANOUT: mode,
    ...postgres.env,
    ...(redis ? { REDIS_URL: redis.url } : {}),
    ...extraEnv,
  };
  const apps: TestApp[] = [];
  const sockets: TestSocket[] = [];
  return {
    env,
    redis,
    async start(more = {}) {
      const app = await createTestApp({ env: { ...env, ...more } });
      apps.push(app);
      // Like a load balancer: no traffic before the engine is up (events published earlier reach
      // only the instance's own sockets).
      await waitUntilReady([app], 'instance ready', 15_000);
      return app;
    },
    async open(app, path, user) {
      const socket = await connect(app.wsUrl, path, { token: user.token });
      sockets.push(socket);
      return socket;
    },
    async stop() {
      await Promise.all(sockets.map((socket) => socket.close()));
      await Promise.all(apps.map((app) => app.close()));
      await redis?.stop();
      await postgres.drop();
    },
  };
}

export interface TwoInstances {
  cluster: InstanceCluster;
  a: TestApp;
  b: TestApp;
}

/**
 * Inside a `describe`: two instances on one fan-out engine, started before its tests and stopped after.
 * Read the fields inside tests (they are set once `beforeAll` has run).
 */
export function twoInstances(mode: SharedFanoutMode, extraEnv: Record<string, string> = {}): TwoInstances {
  const instances = {} as TwoInstances;
  beforeAll(async () => {
    instances.cluster = await startCluster(mode, extraEnv);
    instances.a = await instances.cluster.start();
    instances.b = await instances.cluster.start();
  }, 120_000);
  afterAll(async () => {
    await instances.cluster?.stop();
  }, 60_000);
  return instances;
}
