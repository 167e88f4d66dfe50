// The flash protocol's devices and offline delivery (API.md §2): the sender's other connections get its
// messages (the sending one nothing); a /chats/:peer connection first gets what the peer sent after the
// user's read marker, then live ones, none lost or doubled in the switch; delivered frames move the marker.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chatClient, insertMessages } from './helpers/chat.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { waitFor } from './helpers/free-port.js';
import {
  connect,
  expectFlashExactlyOnce,
  flashBodies,
  isFlashMessage,
  type FlashFrame,
  type TestSocket,
} from './helpers/ws-client.js';

/** Flood control out of the way of the race loops (test/flood-budget.e2e-spec.ts covers it). */
const RACE_ENV = { WS_FLOOD_RATE: '10000', WS_FLOOD_BURST: '10000' };

describe('/chats devices and offline delivery', () => {
  let app: TestApp;
  let rest: ReturnType<typeof chatClient>;
  const sockets: TestSocket[] = [];

  const open = async (user: FlashUser, path: string): Promise<TestSocket> => {
    const socket = await connect(app.wsUrl, path, { token: user.token });
    sockets.push(socket);
    return socket;
  };
  const dmOf = async (user: FlashUser, peer: FlashUser): Promise<string> =>
    (await rest.post(`/dm/${peer.username}`, user.token)).body.data.id as string;
  const markerOf = async (user: FlashUser, roomId: string): Promise<number> =>
    (await rest.get(`/rooms/${roomId}`, user.token).expect(200)).body.data.last_read_seq as number;
  const pair = async (): Promise<{ me: FlashUser; peer: FlashUser; roomId: string }> => {
    const [me, peer] = await Promise.all([registerFlashUser(app.url), registerFlashUser(app.url)]);
    return { me, peer, roomId: await dmOf(peer, me) };
  };
  /** No flash frame beyond those already consumed arrives within `ms`. */
  const expectNoFlash = async (socket: TestSocket, ms = 300): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    expect(socket.frames.filter(isFlashMessage)).toEqual([]);
  };

  beforeAll(async () => {
    // The race rounds send faster than the per-user flood budget allows; it is tested on its own.
    app = await createTestApp({ env: RACE_ENV });
    rest = chatClient(app.url);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await app.close();
  });

  it("sends a /chats message to the sender's other /chats and /ws connections once, the sending one nothing", async () => {
    const { me, peer } = await pair();
    const third = await registerFlashUser(app.url);
    const sending = await open(me, `/chats/${peer.username}`);
    const sameRoute = await open(me, `/chats/${peer.username}`);
    const otherRoute = await open(me, `/chats/${third.username}`);
    const ws = await open(me, '/ws');
    const peerChat = await open(peer, `/chats/${me.username}`);

    sending.sendRaw('from my phone');
    for (const socket of [sameRoute, otherRoute, peerChat])
      expect(await socket.nextFlash()).toEqual({
        from: me.username,
        body: 'from my phone',
        sent_at: expect.any(Number),
      });
    expect((await ws.next('message')).data).toMatchObject({
      body: 'from my phone',
      from: { username: me.username },
    });
    await expectNoFlash(sending);
    for (const socket of [sameRoute, otherRoute, peerChat])
      expect(socket.frames.filter(isFlashMessage)).toEqual([]);
    expect(ws.events('message')).toEqual([]);
  });

  it("sends REST and /ws messages to the sender's /chats connections too", async () => {
    const { me, peer, roomId } = await pair();
    const chat = await open(me, `/chats/${peer.username}`);
    const ws = await open(me, '/ws');
    await rest.send(roomId, me.token, 'via rest');
    expect(await chat.nextFlash()).toMatchObject({ from: me.username, body: 'via rest' });
    ws.emit('message.send', { room_id: roomId, body: 'via ws', client_id: 'w-1' });
    expect(await chat.nextFlash()).toMatchObject({ from: me.username, body: 'via ws' });
    await expectNoFlash(chat);
  });

  it('delivers the backlog oldest first, then live messages, and moves the read marker with a read event', async () => {
    const { me, peer, roomId } = await pair();
    for (const body of ['one', 'two', 'three']) await rest.send(roomId, peer.token, body);
    // Neither my own messages nor deleted ones are part of the backlog.
    await rest.send(roomId, me.token, 'mine');
    const gone = await rest.send(roomId, peer.token, 'deleted');
    await rest.delete(`/rooms/${roomId}/messages/${gone.id}`, peer.token).expect(200);
    const four = await rest.send(roomId, peer.token, 'four');
    const myWs = await open(me, '/ws');
    const peerWs = await open(peer, '/ws');

    const chat = await open(me, `/chats/${peer.username}`);
    const frames: FlashFrame[] = [];
    for (let i = 0; i < 4; i += 1) frames.push(await chat.nextFlash());
    expect(frames).toEqual(
      ['one', 'two', 'three', 'four'].map((body) => ({
        from: peer.username,
        body,
        sent_at: expect.any(Number),
      })),
    );
    for (const socket of [myWs, peerWs])
      expect((await socket.next('read')).data).toEqual({
        room_id: roomId,
        username: me.username,
        seq: four.seq,
      });
    expect(await markerOf(me, roomId)).toBe(four.seq);

    const live = await rest.send(roomId, peer.token, 'live');
    expect(await chat.nextFlash()).toMatchObject({ from: peer.username, body: 'live' });
    expect((await myWs.next('read')).data).toEqual({ room_id: roomId, username: me.username, seq: live.seq });
    await expectNoFlash(chat);
  });

  it('a second connection after the first drained the backlog gets nothing old; new ones reach both once', async () => {
    const { me, peer, roomId } = await pair();
    await rest.send(roomId, peer.token, 'while away');
    const first = await open(me, `/chats/${peer.username}`);
    expect(await first.nextFlash()).toMatchObject({ body: 'while away' });
    const second = await open(me, `/chats/${peer.username}`);
    await expectNoFlash(second);
    await rest.send(roomId, peer.token, 'for both');
    for (const socket of [first, second])
      expect(await socket.nextFlash()).toMatchObject({ body: 'for both' });
    await expectNoFlash(first);
    expect(second.frames.filter(isFlashMessage)).toEqual([]);
  });

  it('sends at most the newest 500 of the backlog', async () => {
    const { me, peer, roomId } = await pair();
    await insertMessages(app, roomId, peer.username, 505, 'm');
    const chat = await open(me, `/chats/${peer.username}`);
    await chat.waitFor(isFlashMessage, 500, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const bodies = flashBodies(chat);
    expect(bodies).toHaveLength(500);
    expect(bodies[0]).toBe('m6');
    expect(bodies.at(-1)).toBe('m505');
    await waitFor(async () => (await markerOf(me, roomId)) === 505, 5000, 'marker at 505');
  });

  it('loses and doubles nothing when sends race the connect (20 rounds)', async () => {
    const { me, peer, roomId } = await pair();
    const myWs = await open(me, '/ws');
    let lastSeq = 0;
    for (let round = 0; round < 20; round += 1) {
      // A stream of sends, one every ~2 ms, around the connect: some land before the backlog is read,
      // some while it is read and the marker moves, some after the socket went live.
      const bodies = Array.from({ length: 12 }, (_, i) => `r${round}-${i}`);
      const sends = rest.staggeredSends(roomId, peer.token, bodies);
      await new Promise((resolve) => setTimeout(resolve, round % 4));
      const chat = await connect(app.wsUrl, `/chats/${peer.username}`, { token: me.token });
      const sent = await sends;
      lastSeq = Math.max(lastSeq, ...sent.map((message) => message.seq));
      // Every frame of the peer moves the marker: once it reached the last seq, no more can come.
      await expectFlashExactlyOnce(chat, myWs, sent, bodies);
      await chat.close();
    }
    expect(await markerOf(me, roomId)).toBe(lastSeq);
  });
});
