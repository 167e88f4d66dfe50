// GET /metrics (API.md §7): the families exist and move with what the server does, labels stay bounded
// (route templates, never raw paths), production answers only with METRICS_TOKEN, and the fan-out
// families appear on a two-instance cluster.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { WebSocket } from 'ws';
import { SessionStore } from '../src/auth/session-store.service.js';
import { ConnectionRegistry } from '../src/realtime/connection-registry.js';
import { chatClient } from './helpers/chat.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { waitFor } from './helpers/free-port.js';
import { describeFanoutModes, twoInstances } from './helpers/instances.js';
import { scrapeMetrics, type Exposition } from './helpers/metrics.js';
import { decodeClaims, resign } from './helpers/tokens.js';
import { connect } from './helpers/ws-client.js';

const describeFanout = await describeFanoutModes();

/** Waits until a fresh scrape satisfies `probe`, and returns that scrape. */
async function scrapeUntil(
  url: string,
  probe: (metrics: Exposition) => boolean,
  what: string,
  token?: string,
): Promise<Exposition> {
  let last: Exposition | undefined;
  await waitFor(
    async () => {
      last = await scrapeMetrics(url, token);
      return probe(last);
    },
    5000,
    what,
  );
  return last as Exposition;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('GET /metrics (API.md §7)', () => {
  let app: TestApp;
  let alice: FlashUser;
  let bob: FlashUser;

  beforeAll(async () => {
    app = await createTestApp({
      // A short ping interval so a silent peer is cut quickly; a low per-identifier sign-in limit.
      env: { WS_PING_INTERVAL_SECONDS: '0.3', AUTH_RATE_LIMIT: '3' },
    });
    alice = await registerFlashUser(app.url);
    bob = await registerFlashUser(app.url);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is open in development and has the Node.js defaults and every family of §7 (no fan-out on FANOUT=local)', async () => {
    const response = await request(app.url).get('/metrics').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const metrics = await scrapeMetrics(app.url);
    for (const [family, type] of Object.entries({
      process_cpu_seconds_total: 'counter',
      process_resident_memory_bytes: 'gauge',
      nodejs_eventloop_lag_seconds: 'gauge',
      nodejs_eventloop_lag_p99_seconds: 'gauge',
      nodejs_heap_size_used_bytes: 'gauge',
      http_request_duration_seconds: 'histogram',
      ws_connections: 'gauge',
      chat_messages_stored_total: 'counter',
      chat_commit_duration_seconds: 'histogram',
      ws_frames_received_total: 'counter',
      ws_frames_sent_total: 'counter',
      ws_disconnects_total: 'counter',
      auth_rate_limited_total: 'counter',
    })) {
      expect([family, metrics.families.get(family)]).toEqual([family, type]);
    }
    expect(metrics.labelValues('ws_connections', 'protocol').sort()).toEqual(['chats', 'ws']);
    expect(metrics.labelValues('ws_disconnects_total', 'reason').sort()).toEqual(
      ['client', 'error', 'expired', 'revoked', 'shutdown', 'slow_consumer', 'timeout'].sort(),
    );
    expect([...metrics.families.keys()].filter((name) => name.startsWith('fanout_'))).toEqual([]);
  });

  it('counts a stored message, its commit and its frames', async () => {
    const toBob = await connect(app.wsUrl, `/chats/${bob.username}`, { token: alice.token });
    const toAlice = await connect(app.wsUrl, `/chats/${alice.username}`, { token: bob.token });
    const before = await scrapeMetrics(app.url);
    toBob.sendRaw('counted once');
    expect(await toAlice.nextFlash()).toMatchObject({ from: alice.username, body: 'counted once' });
    const after = await scrapeUntil(
      app.url,
      (m) => m.value('chat_messages_stored_total') === before.value('chat_messages_stored_total') + 1,
      'the stored message counted',
    );
    expect(after.value('chat_commit_duration_seconds_count')).toBe(
      before.value('chat_commit_duration_seconds_count') + 1,
    );
    expect(after.value('chat_commit_duration_seconds_sum')).toBeGreaterThan(
      before.value('chat_commit_duration_seconds_sum'),
    );
    const chats = { protocol: 'chats' };
    expect(after.value('ws_frames_received_total', chats)).toBe(
      before.value('ws_frames_received_total', chats) + 1,
    );
    expect(after.value('ws_frames_sent_total', chats)).toBeGreaterThan(
      before.value('ws_frames_sent_total', chats),
    );
    expect(after.value('ws_frames_received_total', { protocol: 'ws' })).toBe(
      before.value('ws_frames_received_total', { protocol: 'ws' }),
    );
    await Promise.all([toBob.close(), toAlice.close()]);
  });

  it('raises ws_connections{protocol="ws"} with a socket and lowers it when the client closes', async () => {
    const ws = { protocol: 'ws' };
    const before = await scrapeMetrics(app.url);
    const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
    await scrapeUntil(
      app.url,
      (m) => m.value('ws_connections', ws) === before.value('ws_connections', ws) + 1,
      'the socket counted',
    );
    await socket.close();
    const after = await scrapeUntil(
      app.url,
      (m) => m.value('ws_connections', ws) === before.value('ws_connections', ws),
      'the socket uncounted',
    );
    expect(after.value('ws_disconnects_total', { reason: 'client' })).toBe(
      before.value('ws_disconnects_total', { reason: 'client' }) + 1,
    );
    expect(after.value('ws_connections', { protocol: 'chats' })).toBe(
      before.value('ws_connections', { protocol: 'chats' }),
    );
  });

  it('counts disconnects by why the server ended them: revoked, expired, timeout, shutdown', async () => {
    const reason = async (why: string, end: () => Promise<void>): Promise<void> => {
      const before = (await scrapeMetrics(app.url)).value('ws_disconnects_total', { reason: why });
      await end();
      await scrapeUntil(
        app.url,
        (m) => m.value('ws_disconnects_total', { reason: why }) === before + 1,
        `a ${why} disconnect counted`,
      );
    };

    await reason('revoked', async () => {
      const user = await registerFlashUser(app.url);
      const socket = await connect(app.wsUrl, '/ws', { token: user.token });
      await app.app.get(SessionStore).revoke(decodeClaims(user.token).sid as string);
      expect((await socket.closedWithin(2000)).code).toBe(4001);
    });
    await reason('expired', async () => {
      const socket = await connect(app.wsUrl, '/ws', {
        token: resign(alice.token, { exp: nowSeconds() + 2 }),
      });
      expect((await socket.closedWithin(4000)).code).toBe(4001);
    });
    await reason('timeout', async () => {
      // A peer that never answers pings: cut after one silent interval.
      const silent = new WebSocket(`${app.wsUrl}/ws`, {
        headers: { Authorization: `Bearer ${alice.token}` },
        autoPong: false,
      });
      const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
      await new Promise((resolve, reject) => silent.once('open', resolve).once('error', reject));
      expect(await closed).toBe(1006);
    });
    await reason('shutdown', async () => {
      const socket = await connect(app.wsUrl, '/ws', { token: alice.token });
      await app.app.get(ConnectionRegistry).closeConnections();
      expect((await socket.closedWithin(2000)).code).toBe(1001);
    });
  });

  it('labels HTTP requests with their route template, never the raw path; unknown routes as `unmatched`', async () => {
    const roomId = randomUUID();
    const unknown = randomUUID();
    const rest = chatClient(app.url);
    await rest.get(`/rooms/${roomId}`, alice.token).expect(404);
    await request(app.url).get(`/no/such/${unknown}`).expect(404);
    // Refused by the JSON middleware, before the router: still labelled with the route it was for.
    await request(app.url)
      .post(`/rooms/${roomId}/messages`)
      .set('Authorization', `Bearer ${alice.token}`)
      .set('Content-Type', 'application/json')
      .send('{"body": ')
      .expect(400);
    const metrics = await scrapeUntil(
      app.url,
      (m) =>
        m.value('http_request_duration_seconds_count', {
          method: 'POST',
          route: '/rooms/:id/messages',
          status: '400',
        }) === 1,
      'the refused POST counted',
    );
    const count = (labels: Record<string, string>): number =>
      metrics.value('http_request_duration_seconds_count', labels);
    expect(count({ method: 'GET', route: '/rooms/:id', status: '404' })).toBe(1);
    expect(count({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(count({ method: 'GET', route: '/metrics', status: '200' })).toBeGreaterThan(0);
    expect(metrics.text).not.toContain(roomId);
    expect(metrics.text).not.toContain(unknown);
    for (const route of metrics.labelValues('http_request_duration_seconds_count', 'route')) {
      expect(route === 'unmatched' || route.startsWith('/')).toBe(true);
      expect(route).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });

  it('counts sign-ins refused by the rate limit, by route', async () => {
    const route = { route: 'flash-login' };
    const before = (await scrapeMetrics(app.url)).value('auth_rate_limited_total', route);
    const login = () => request(app.url).post('/login').send({ username: bob.username, password: 'wrong!!' });
    let refused = 0;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if ((await login()).status === 429) refused += 1;
    }
    expect(refused).toBeGreaterThan(0);
    expect((await scrapeMetrics(app.url)).value('auth_rate_limited_total', route)).toBe(before + refused);
  });
});

describe('GET /metrics in production', () => {
  const PRODUCTION = { NODE_ENV: 'production', MAIL_TRANSPORT: 'log' };

  it('is 404 when METRICS_TOKEN is unset, as if there were no such route', async () => {
    const app = await createTestApp({ env: { ...PRODUCTION, METRICS_TOKEN: undefined } });
    try {
      const response = await request(app.url).get('/metrics').expect(404);
      const unknown = await request(app.url).get('/metricz').expect(404);
      expect(response.body).toEqual({
        status: 'Error',
        error: { code: 'NOT_FOUND', message: 'Cannot GET /metrics' },
      });
      expect(unknown.body.error.code).toBe('NOT_FOUND');
      await request(app.url).get('/metrics').set('Authorization', 'Bearer anything').expect(404);
    } finally {
      await app.close();
    }
  });

  it('answers only `Authorization: Bearer $METRICS_TOKEN`: 401 without it or with a wrong one', async () => {
    const token = `scrape-${randomUUID()}`;
    const app = await createTestApp({ env: { ...PRODUCTION, METRICS_TOKEN: token } });
    try {
      const missing = await request(app.url).get('/metrics').expect(401);
      expect(missing.body).toMatchObject({ status: 'Error', error: { code: 'UNAUTHORIZED' } });
      expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      await request(app.url).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
      await request(app.url).get('/metrics').set('Authorization', token).expect(401);
      // The refusals were measured too, under the route's template.
      const metrics = await scrapeUntil(
        app.url,
        (m) =>
          m.value('http_request_duration_seconds_count', {
            method: 'GET',
            route: '/metrics',
            status: '401',
          }) === 3,
        'the three refusals counted',
        token,
      );
      expect(metrics.families.get('ws_connections')).toBe('gauge');
    } finally {
      await app.close();
    }
  });
});

for (const mode of ['redis', 'postgres'] as const) {
  describeFanout[mode](`fan-out metrics, two instances on FANOUT=${mode}`, () => {
    const instances = twoInstances(mode);

    it('counts events published on one instance and received on the other, with their delivery lag', async () => {
      const { cluster, a, b } = instances;
      const alice = await registerFlashUser(a.url);
      const bob = await registerFlashUser(b.url);
      const listens = await cluster.open(b, `/chats/${alice.username}`, bob);
      const sends = await cluster.open(a, `/chats/${bob.username}`, alice);
      const beforeA = await scrapeMetrics(a.url);
      const beforeB = await scrapeMetrics(b.url);
      for (const family of [
        'fanout_events_published_total',
        'fanout_events_received_total',
        'fanout_delivery_lag_seconds',
      ]) {
        expect(beforeA.families.has(family)).toBe(true);
      }
      sends.sendRaw('across instances');
      expect(await listens.nextFlash(10_000)).toMatchObject({ body: 'across instances' });
      // Counted once the engine confirmed the publish, which may come after the other instance got it.
      const afterA = await scrapeUntil(
        a.url,
        (m) => m.value('fanout_events_published_total') > beforeA.value('fanout_events_published_total'),
        'the publish counted',
      );
      const afterB = await scrapeMetrics(b.url);
      expect(afterB.value('fanout_events_received_total')).toBeGreaterThan(
        beforeB.value('fanout_events_received_total'),
      );
      const lagCount = afterB.value('fanout_delivery_lag_seconds_count');
      expect(lagCount).toBeGreaterThan(beforeB.value('fanout_delivery_lag_seconds_count'));
      // One machine, one clock: every event arrived within the largest finite bucket.
      expect(afterB.value('fanout_delivery_lag_seconds_bucket', { le: '5' })).toBe(lagCount);
      expect(afterA.value('chat_messages_stored_total')).toBe(
        beforeA.value('chat_messages_stored_total') + 1,
      );
      expect(afterB.value('chat_messages_stored_total')).toBe(beforeB.value('chat_messages_stored_total'));
    }, 60_000);
  });
}
