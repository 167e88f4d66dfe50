// One flood budget per user across REST, /ws and /chats (API.md §5, §6), shared by every instance
// through Redis when REDIS_URL is set. The budget here is 5 at once, refilling one token per 10 s, so
// nothing refills while a test runs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { chatClient } from './helpers/chat.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { waitFor } from './helpers/free-port.js';
import { expectSession429 } from './helpers/rate-limits.js';
import {
  describeFanoutModes,
  startCluster,
  waitUntilReady,
  type InstanceCluster,
} from './helpers/instances.js';
import type { TestRedis } from './helpers/redis-server.js';
import { connect, type TestSocket } from './helpers/ws-client.js';

const BURST = 5;
const FLOOD_ENV = { WS_FLOOD_RATE: '0.1', WS_FLOOD_BURST: String(BURST) };

const describeRedis = (await describeFanoutModes()).redis;

/** A direct room of two fresh users, and sockets closed after the suite. */
function fixtures(appOf: () => TestApp) {
  const sockets: TestSocket[] = [];
  return {
    sockets,
    async pair(): Promise<{ sender: FlashUser; peer: FlashUser; roomId: string }> {
      const app = appOf();
      const [sender, peer] = [await registerFlashUser(app.url), await registerFlashUser(app.url)];
      const dm = await chatClient(app.url).post(`/dm/${peer.username}`, sender.token).expect(201);
      return { sender, peer, roomId: (dm.body as { data: { id: string } }).data.id };
    },
    async open(app: TestApp, path: string, user: FlashUser): Promise<TestSocket> {
      const socket = await connect(app.wsUrl, path, { token: user.token });
      sockets.push(socket);
      return socket;
    },
  };
}

const restSend = (app: TestApp, roomId: string, user: FlashUser, body: string) =>
  request(app.url)
    .post(`/rooms/${roomId}/messages`)
    .set('Authorization', `Bearer ${user.token}`)
    .send({ body });

/** Sends on /ws and returns the answer: the ack's seq, or the error's data. */
async function wsSend(socket: TestSocket, roomId: string, clientId: string) {
  socket.emit('message.send', { room_id: roomId, body: clientId, client_id: clientId });
  const answer = await socket.nextMatching((frame) =>
    ['message.ack', 'error'].includes((frame as { event?: string }).event ?? ''),
  );
  return answer as { event: string; data: Record<string, unknown> };
}

describe('one flood budget per user across REST, /ws and /chats', () => {
  let app: TestApp;
  const kit = fixtures(() => app);

  beforeAll(async () => {
    app = await createTestApp({ env: FLOOD_ENV });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(kit.sockets.map((socket) => socket.close()));
    await app?.close();
  }, 30_000);

  it('counts REST sends, /ws frames and /chats text against one budget; over it nothing is stored', async () => {
    const { sender, peer, roomId } = await kit.pair();
    const ws = await kit.open(app, '/ws', sender);
    const flash = await kit.open(app, `/chats/${peer.username}`, sender);

    for (let i = 0; i < 2; i += 1) await restSend(app, roomId, sender, `rest ${i}`).expect(201);
    for (let i = 0; i < 2; i += 1) expect((await wsSend(ws, roomId, `ws-${i}`)).event).toBe('message.ack');
    flash.sendRaw('flash 0');
    await waitFor(
      async () =>
        (await chatClient(app.url).get(`/rooms/${roomId}/messages`, sender.token)).body.data.length === 5,
      10_000,
      'the flash message stored',
    );

    // The budget is spent: every transport refuses, saying when to retry.
    expectSession429(await restSend(app, roomId, sender, 'one too many'));
    const refused = await wsSend(ws, roomId, 'ws-over');
    expect(refused).toEqual({
      event: 'error',
      data: {
        code: 'RATE_LIMITED',
        message: expect.any(String),
        ref: 'ws-over',
        details: { retry_after_ms: expect.any(Number) },
      },
    });
    const wait = (refused.data.details as { retry_after_ms: number }).retry_after_ms;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(10_000);
    flash.sendRaw('flash over');
    // (This /chats socket also gets the sender's REST and /ws messages: they are its other devices' sends.)
    const flashError = await flash.nextMatching(
      (frame) => typeof frame === 'object' && frame !== null && 'error' in frame,
    );
    expect(flashError).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
    const history = await chatClient(app.url).get(`/rooms/${roomId}/messages`, sender.token).expect(200);
    expect((history.body.data as { body: string }[]).map((m) => m.body).sort()).toEqual(
      ['flash 0', 'rest 0', 'rest 1', 'ws-0', 'ws-1'].sort(),
    );
  });

  it('counts edits, deletes and read markers on REST like their /ws frames', async () => {
    const { sender, roomId } = await kit.pair();
    const rest = chatClient(app.url);
    const { id } = await rest.send(roomId, sender.token, 'first');
    await rest.patch(`/rooms/${roomId}/messages/${id}`, sender.token, { body: 'edited' }).expect(200);
    await rest.post(`/rooms/${roomId}/read`, sender.token, { seq: 1 }).expect(200);
    await rest.delete(`/rooms/${roomId}/messages/${id}`, sender.token).expect(200);
    await rest.send(roomId, sender.token, 'fifth');
    expectSession429(await rest.post(`/rooms/${roomId}/read`, sender.token, { seq: 2 }));
    expectSession429(await rest.patch(`/rooms/${roomId}/messages/${id}`, sender.token, { body: 'x' }));
  });

  it('keeps one budget per user: another user sends while one is limited', async () => {
    const { sender, peer, roomId } = await kit.pair();
    for (let i = 0; i < BURST; i += 1) await restSend(app, roomId, sender, `m${i}`).expect(201);
    expectSession429(await restSend(app, roomId, sender, 'over'));
    await restSend(app, roomId, peer, 'still fine').expect(201);
  });
});

describeRedis('the flood budget shared by two instances through Redis', () => {
  let cluster: InstanceCluster;
  let a: TestApp;
  let b: TestApp;
  const kit = fixtures(() => a);

  beforeAll(async () => {
    cluster = await startCluster('redis', FLOOD_ENV);
    a = await cluster.start();
    b = await cluster.start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(kit.sockets.map((socket) => socket.close()));
    await cluster?.stop();
  }, 60_000);

  it('counts sends on either instance, REST and /ws, against one budget', async () => {
    const { sender, peer, roomId } = await kit.pair();
    const onB = await kit.open(b, '/ws', sender);
    for (let i = 0; i < 3; i += 1) await restSend(a, roomId, sender, `a ${i}`).expect(201);
    for (let i = 0; i < 2; i += 1) expect((await wsSend(onB, roomId, `b-${i}`)).event).toBe('message.ack');
    expectSession429(await restSend(a, roomId, sender, 'over on a'));
    expect((await wsSend(onB, roomId, 'b-over')).data).toMatchObject({ code: 'RATE_LIMITED' });
    await restSend(b, roomId, peer, 'the peer is not limited').expect(201);
  });

  it('keeps limiting per instance while Redis is down, and shares again when it is back', async () => {
    const redis = cluster.redis as TestRedis;
    await redis.stop();
    const { sender, roomId } = await kit.pair();
    for (let i = 0; i < BURST; i += 1) await restSend(a, roomId, sender, `alone ${i}`).expect(201);
    expectSession429(await restSend(a, roomId, sender, 'over, per instance'));

    await redis.start();
    await waitUntilReady([a, b], 'both instances see Redis again');
    // Three sends per instance at most: only a shared budget refuses the sixth.
    const shared = await kit.pair();
    for (let i = 0; i < BURST; i += 1) {
      await restSend(i % 2 === 0 ? a : b, shared.roomId, shared.sender, `shared ${i}`).expect(201);
    }
    expectSession429(await restSend(b, shared.roomId, shared.sender, 'over, shared'));
  }, 60_000);
});
