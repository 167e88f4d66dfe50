// The flash DM protocol on /chats/:username (API.md §2) and the per-connection send bound (§6).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConnectionRegistry } from '../src/realtime/connection-registry.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { chatClient } from './helpers/chat.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { decodeClaims, resign } from './helpers/tokens.js';
import { connect, type Frame, type TestSocket } from './helpers/ws-client.js';

const settle = (ms = 200): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('/chats/:username flash protocol', () => {
  let app: TestApp;
  let rest: ReturnType<typeof chatClient>;
  let apm: FlashUser;
  let popo: FlashUser;
  const sockets: TestSocket[] = [];

  const open = async (user: FlashUser, path: string, token = user.token): Promise<TestSocket> => {
    const socket = await connect(app.wsUrl, path, { token });
    sockets.push(socket);
    return socket;
  };
  const dmHistory = async (user: FlashUser, peer: FlashUser): Promise<{ body: string }[]> => {
    const dm = await rest.post(`/dm/${peer.username}`, user.token).expect(200);
    const history = await rest.get(`/rooms/${dm.body.data.id}/messages`, user.token).expect(200);
    return history.body.data as { body: string }[];
  };

  /** The DM's message bodies once there are any (raw frames have no ack to wait for). */
  const firstHistory = async (user: FlashUser, peer: FlashUser): Promise<string[]> => {
    let history: { body: string }[] = [];
    for (let i = 0; i < 50 && history.length === 0; i += 1) {
      await settle(50);
      history = await dmHistory(user, peer);
    }
    return history.map((m) => m.body);
  };

  beforeAll(async () => {
    app = await createTestApp();
    rest = chatClient(app.url);
    [apm, popo] = await Promise.all([registerFlashUser(app.url), registerFlashUser(app.url)]);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await app.close();
  });

  it('delivers a raw text frame to every peer connection and the sender’s other ones: {from, body, sent_at} on /chats/*, message on /ws', async () => {
    const third = await registerFlashUser(app.url);
    const sender = await open(apm, `/chats/${popo.username}`);
    const senderOther = await open(apm, `/chats/${popo.username}`);
    const senderWs = await open(apm, '/ws');
    const peerChat = await open(popo, `/chats/${apm.username}`);
    const peerOtherChat = await open(popo, `/chats/${third.username}`);
    const peerWs = await open(popo, '/ws');
    const before = Math.floor(Date.now() / 1000);
    sender.sendRaw('hello world!');
    for (const socket of [peerChat, peerOtherChat, senderOther]) {
      const frame = await socket.nextMatching((f) => typeof f === 'object' && f !== null && 'from' in f);
      expect(frame).toEqual({ from: apm.username, body: 'hello world!', sent_at: expect.any(Number) });
      const sentAt = (frame as { sent_at: number }).sent_at;
      expect(Number.isInteger(sentAt)).toBe(true);
      expect(sentAt).toBeGreaterThanOrEqual(before - 1);
      expect(sentAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    }
    const peerMessage = await peerWs.next('message');
    expect(peerMessage.data).toMatchObject({
      body: 'hello world!',
      from: { username: apm.username },
      client_id: null,
    });
    expect((await senderWs.next('message')).data.id).toBe(peerMessage.data.id);
    await settle();
    // No echo to the sending socket; nothing twice anywhere.
    expect(sender.frames).toEqual([]);
    expect(senderOther.frames).toEqual([]);
    expect(peerChat.frames).toEqual([]);
    expect(peerOtherChat.frames).toEqual([]);
    expect(peerWs.events('message')).toEqual([]);
  });

  it('stores the message before delivery, so an offline peer finds it in history', async () => {
    const offline = await registerFlashUser(app.url);
    const sender = await open(apm, `/chats/${offline.username}`);
    sender.sendRaw('are you there?');
    expect(await firstHistory(offline, apm)).toEqual(['are you there?']);
  });

  it('ignores blank frames, refuses too long and binary frames with error frames, stays open', async () => {
    const lonely = await registerFlashUser(app.url);
    const sender = await open(lonely, `/chats/${popo.username}`);
    sender.sendRaw('   \n\t ');
    sender.sendRaw('x'.repeat(4001));
    expect(await sender.nextMatching(() => true)).toEqual({
      error: { code: 'MESSAGE_TOO_LONG', message: expect.any(String) },
    });
    sender.sendRaw(Buffer.from([1, 2, 3]), { binary: true });
    expect(await sender.nextMatching(() => true)).toEqual({
      error: { code: 'BAD_FRAME', message: expect.any(String) },
    });
    sender.sendRaw('still here');
    expect(await firstHistory(lonely, popo)).toEqual(['still here']);
  });

  it('refuses a frame without chat:write with INSUFFICIENT_SCOPE and stores nothing', async () => {
    const reader = await registerFlashUser(app.url);
    const socket = await open(
      reader,
      `/chats/${popo.username}`,
      resign(reader.token, { scope: 'chat:read' }),
    );
    socket.sendRaw('hi');
    expect(await socket.nextMatching(() => true)).toEqual({
      error: { code: 'INSUFFICIENT_SCOPE', message: expect.any(String) },
    });
    expect(await dmHistory(reader, popo)).toEqual([]);
  });

  it('opens with the subprotocol and the query token too', async () => {
    const viaProtocol = await connect(app.wsUrl, `/chats/${popo.username}`, {
      token: apm.token,
      via: 'subprotocol',
    });
    expect(viaProtocol.protocol).toBe('p-chat');
    sockets.push(
      viaProtocol,
      await connect(app.wsUrl, `/chats/${popo.username}`, { token: apm.token, via: 'query' }),
    );
  });
});

describe('slow consumers', () => {
  let app: TestApp;
  let rest: ReturnType<typeof chatClient>;

  beforeAll(async () => {
    app = await createTestApp({
      env: { WS_SEND_BUFFER_LIMIT_BYTES: String(256 * 1024), MESSAGE_MAX_LENGTH: '30000' },
    });
    rest = chatClient(app.url);
  });
  afterAll(async () => {
    await app.close();
  });

  /** A room of six: one member's /ws socket stops reading, four send 30 KB bodies until the server cuts it. */
  async function cutSlowConsumer(): Promise<{
    slow: TestSocket;
    healthy: TestSocket;
    senders: TestSocket[];
    serverSide: { readyState: number; CLOSED: number };
    cutAt: number;
  }> {
    const users = await Promise.all([1, 2, 3, 4, 5, 6].map(() => registerFlashUser(app.url)));
    const [slowUser, healthyUser, ...senderUsers] = users;
    const room = await rest.createRoom(slowUser.token);
    for (const user of users.slice(1)) await rest.addMember(room, slowUser.token, user.username);
    const slow = await connect(app.wsUrl, '/ws', { token: slowUser.token });
    const healthy = await connect(app.wsUrl, '/ws', { token: healthyUser.token });
    const senders = await Promise.all(
      senderUsers.map((user) => connect(app.wsUrl, '/ws', { token: user.token })),
    );
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const registry = app.app.get(ConnectionRegistry);
    const slowId = decodeClaims(slowUser.token).sub as string;
    const [connection] = [...registry.ofUser(slowId)];
    const body = 'x'.repeat(30000);
    let sent = 0;
    const deadline = Date.now() + 30000;
    while (connection.isOpen && Date.now() < deadline) {
      senders.forEach((socket, s) => {
        for (let i = 0; i < 5; i += 1)
          socket.emit('message.send', { room_id: room, body, client_id: `${s}-${sent}-${i}` });
      });
      sent += 1;
      await settle(250);
    }
    expect(connection.isOpen).toBe(false);
    return { slow, healthy, senders, serverSide: connection.socket, cutAt: Date.now() };
  }

  it('closes a consumer that stops reading with 4008 while the others keep receiving', async () => {
    const { slow, healthy, senders } = await cutSlowConsumer();
    // It reads again at once: behind what it had not read, the close frame.
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closedWithin(20000)).code).toBe(4008);

    const acked = (
      await Promise.all(
        senders.map((socket) => socket.waitFor((f) => (f as Frame).event === 'message.ack', 1, 5000)),
      )
    ).flat().length;
    await settle(500);
    const ackCount = senders.reduce((n, socket) => n + socket.events('message.ack').length, 0);
    expect(ackCount).toBeGreaterThanOrEqual(acked);
    await healthy.waitFor((f) => (f as Frame).event === 'message', ackCount, 20000);
    await Promise.all([healthy, ...senders].map((socket) => socket.close()));
  });

  it('destroys a cut consumer that never reads again within the 5 s close timeout, not after ws’s 30 s', async () => {
    const { slow, healthy, senders, serverSide, cutAt } = await cutSlowConsumer();
    while (serverSide.readyState !== serverSide.CLOSED && Date.now() - cutAt < 10_000) await settle(100);
    expect(serverSide.readyState).toBe(serverSide.CLOSED);
    expect(Date.now() - cutAt).toBeGreaterThanOrEqual(4000);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closedWithin(20000)).code).toBe(1006);
    await Promise.all([healthy, ...senders].map((socket) => socket.close()));
  });
});
