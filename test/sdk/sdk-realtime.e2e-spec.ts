// @p-chat/client's realtime connection against the real app over real sockets: ordered, exactly-once
// delivery; gaps filled from REST history; resume after a lost network; in-band token renewal; the
// outbox's bounds and refusals; and what a revoked session does to a connection.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { PChatError, type RealtimeConnection } from '../../client/src/index.js';
import { createTestApp, type TestApp } from '../helpers/create-app.js';
import { waitFor } from '../helpers/free-port.js';
import { faultySockets } from './faulty-websocket.js';
import { flashUser, Inbox, range, sdkClient, seqsOf, sessionUser } from './sdk-clients.js';

const FAST_BACKOFF = { initialMs: 100, maxMs: 500, minMs: 20 };

describe('@p-chat/client realtime', () => {
  let app: TestApp;
  const connections: RealtimeConnection[] = [];
  const track = (connection: RealtimeConnection): Inbox => {
    connections.push(connection);
    return new Inbox(connection);
  };

  beforeAll(async () => {
    // Flood control raised only so the >500-missed case can store its messages quickly.
    app = await createTestApp({ env: { WS_FLOOD_RATE: '2000', WS_FLOOD_BURST: '2000' } });
  });

  afterEach(() => {
    for (const connection of connections.splice(0)) connection.close();
  });

  afterAll(async () => {
    await app.close();
  });

  async function pair() {
    const alice = await flashUser(app.url);
    const bob = await flashUser(app.url);
    const room = await alice.client.rooms.create({ name: 'realtime' });
    await alice.client.rooms.addMember(room.id, bob.username);
    return { alice, bob, roomId: room.id };
  }

  it('sends and receives: acks carry the seq, every member gets each message once, in order', async () => {
    const { alice, bob, roomId } = await pair();
    const aliceInbox = track(alice.client.connect({ backoff: FAST_BACKOFF }));
    const bobInbox = track(bob.client.connect({ backoff: FAST_BACKOFF }));
    await Promise.all([aliceInbox.untilOpen(), bobInbox.untilOpen()]);
    expect(aliceInbox.states.slice(0, 3)).toEqual(['connecting', 'resuming', 'open']);

    const acks = await Promise.all(range(1, 10).map((n) => aliceInbox.connection.send(roomId, `m${n}`)));
    expect(acks.map((ack) => ack.seq).sort((a, b) => a - b)).toEqual(range(1, 10));
    const received = await bobInbox.untilInRoom(roomId, 10);
    expect(seqsOf(received)).toEqual(range(1, 10));
    expect(received.map((message) => message.from.username)).toEqual(Array(10).fill(alice.username));
    expect(seqsOf(await aliceInbox.untilInRoom(roomId, 10))).toEqual(range(1, 10));

    const typing = new Promise((resolve) => aliceInbox.connection.once('typing', resolve));
    expect(bobInbox.connection.typing(roomId)).toBe(true);
    await expect(typing).resolves.toEqual({ room_id: roomId, username: bob.username });
  });

  it('fills a hole in a room from REST history and still delivers in seq order, once', async () => {
    const { alice, bob, roomId } = await pair();
    const faults = faultySockets();
    const { client: bobClient, calls } = sdkClient(app.url, { WebSocket: faults.WebSocket });
    await bobClient.tokens.signedInWithFlashToken((await bob.client.tokens.current())!.accessToken);
    const inbox = track(bobClient.connect({ backoff: FAST_BACKOFF }));
    await inbox.untilOpen();
    // Frames for seq 3 and 4 are lost on the way: the SDK sees 1, 2, 5, 6 live.
    faults.dropIncoming = (text) => /"event":"message".*"seq":(3|4),/.test(text);
    for (const n of range(1, 6)) await alice.client.rooms.send(roomId, `m${n}`);
    const received = await inbox.untilInRoom(roomId, 6);
    expect(seqsOf(received)).toEqual(range(1, 6));
    expect(received.map((message) => message.body)).toEqual(range(1, 6).map((n) => `m${n}`));
    expect(calls.get(`GET /rooms/${roomId}/messages`)).toBeGreaterThanOrEqual(1);
    await alice.client.rooms.send(roomId, 'm7');
    expect(seqsOf(await inbox.untilInRoom(roomId, 7))).toEqual(range(1, 7));
  });

  it('after a lost network: reconnects, resumes from the last seq, delivers what was missed once', async () => {
    const { alice, bob, roomId } = await pair();
    const faults = faultySockets();
    const { client: bobClient } = sdkClient(app.url, { WebSocket: faults.WebSocket });
    await bobClient.tokens.signedInWithFlashToken((await bob.client.tokens.current())!.accessToken);
    const inbox = track(bobClient.connect({ backoff: { initialMs: 1500, maxMs: 1500, minMs: 1000 } }));
    await inbox.untilOpen();
    for (const n of range(1, 3)) await alice.client.rooms.send(roomId, `m${n}`);
    await inbox.untilInRoom(roomId, 3);

    faults.cutAll();
    await waitFor(() => inbox.closes.length === 1, 5000, 'the cut to be seen');
    expect(inbox.closes[0]).toEqual({ code: 1006, willReconnect: true });
    for (const n of range(4, 8)) await alice.client.rooms.send(roomId, `m${n}`);
    await inbox.untilOpen(2);
    const received = await inbox.untilInRoom(roomId, 8);
    expect(seqsOf(received)).toEqual(range(1, 8));
    expect(faults.opened).toBe(2);
    expect(inbox.states.slice(3)).toEqual(['closed:1006', 'connecting', 'resuming', 'open']);
  });

  it('track(): a room followed from a known seq is resumed from there though no message came live', async () => {
    const { alice, bob, roomId } = await pair();
    for (const n of range(1, 3)) await alice.client.rooms.send(roomId, `m${n}`);
    const faults = faultySockets();
    const { client: bobClient } = sdkClient(app.url, { WebSocket: faults.WebSocket });
    await bobClient.tokens.signedInWithFlashToken((await bob.client.tokens.current())!.accessToken);
    // A slow reconnect, so 4–6 are stored while the socket is down and can only come through resume.
    const inbox = track(bobClient.connect({ backoff: { initialMs: 1500, maxMs: 1500, minMs: 1000 } }));
    await inbox.untilOpen();
    // The app loaded seq 1–3 over REST; without track() the room has no baseline and resume skips it.
    inbox.connection.track(roomId, 3);
    expect(inbox.connection.lastSeq(roomId)).toBe(3);
    faults.cutAll();
    await waitFor(() => inbox.closes.length === 1, 5000, 'the cut to be seen');
    for (const n of range(4, 6)) await alice.client.rooms.send(roomId, `m${n}`);
    await inbox.untilOpen(2);
    expect(seqsOf(await inbox.untilInRoom(roomId, 3))).toEqual(range(4, 6));
    inbox.connection.track(roomId, 1);
    expect(inbox.connection.lastSeq(roomId)).toBe(6);
  });

  it('after a lost network: resumes with the kept cursor, so edits and deletions made meanwhile arrive', async () => {
    const { alice, bob, roomId } = await pair();
    const faults = faultySockets();
    const { client: bobClient } = sdkClient(app.url, { WebSocket: faults.WebSocket });
    await bobClient.tokens.signedInWithFlashToken((await bob.client.tokens.current())!.accessToken);
    const inbox = track(bobClient.connect({ backoff: { initialMs: 1500, maxMs: 1500, minMs: 1000 } }));
    await inbox.untilOpen();
    const firstCursor = inbox.connection.resumeCursor;
    expect(firstCursor).toMatch(/^c1\./);
    const sent = [];
    for (const n of range(1, 3)) sent.push(await alice.client.rooms.send(roomId, `m${n}`));
    await inbox.untilInRoom(roomId, 3);
    const updates: { seq: number; body: string | null; deleted: boolean }[] = [];
    inbox.connection.on('message.updated', ({ message }) => updates.push(message));
    const opened: { new_rooms: string[]; gone_rooms: string[] }[] = [];
    inbox.connection.on('open', (done) => opened.push(done));

    faults.cutAll();
    await waitFor(() => inbox.closes.length === 1, 5000, 'the cut to be seen');
    await alice.client.rooms.editMessage(roomId, sent[0].id, 'm1, edited');
    await alice.client.rooms.deleteMessage(roomId, sent[1].id);
    const joined = await alice.client.rooms.create({ name: 'joined while away' });
    await alice.client.rooms.addMember(joined.id, bob.username);
    await inbox.untilOpen(2);

    await waitFor(() => updates.length >= 2, 5000, 'the two updates');
    expect(updates.map((m) => [m.seq, m.body, m.deleted])).toEqual([
      [1, 'm1, edited', false],
      [2, null, true],
    ]);
    expect(opened.at(-1)?.new_rooms).toContain(joined.id);
    expect(opened.at(-1)?.gone_rooms).toEqual([]);
    expect(inbox.connection.resumeCursor).toMatch(/^c1\./);
    expect(inbox.connection.resumeCursor).not.toBe(firstCursor);
  });

  it('more than 500 missed: resume sends 500, the SDK pages the rest from history', async () => {
    const { alice, bob, roomId } = await pair();
    await alice.client.rooms.send(roomId, 'before');
    const missed = 520;
    for (let from = 0; from < missed; from += 20)
      await Promise.all(
        range(from + 1, from + 20).map((n) => alice.client.rooms.send(roomId, `m${n}`, `c${n}`)),
      );
    const { client: bobClient, calls } = sdkClient(app.url);
    await bobClient.tokens.signedInWithFlashToken((await bob.client.tokens.current())!.accessToken);
    const inbox = track(bobClient.connect({ rooms: { [roomId]: 1 } }));
    const truncated = new Promise((resolve) => inbox.connection.once('resume.done', resolve));
    await expect(truncated).resolves.toMatchObject({ truncated_rooms: [roomId] });
    const received = await inbox.untilInRoom(roomId, missed, 20_000);
    expect(seqsOf(received)).toEqual(range(2, missed + 1));
    expect(calls.get(`GET /rooms/${roomId}/messages`)).toBeGreaterThanOrEqual(1);
  });

  it('flash DM helper: raw text out, {from, body, sent_at} in, error frames as events', async () => {
    const alice = await flashUser(app.url);
    const bob = await flashUser(app.url);
    const toBob = alice.client.flashChat(bob.username);
    const toAlice = bob.client.flashChat(alice.username);
    try {
      await Promise.all([toBob.open(), toAlice.open()]);
      const received = new Promise((resolve) => toAlice.once('message', resolve));
      expect(toBob.send('hello bob')).toBe(true);
      await expect(received).resolves.toEqual({
        from: alice.username,
        body: 'hello bob',
        sent_at: expect.any(Number),
      });
      const refused = new Promise((resolve) => toBob.once('error', resolve));
      toBob.send('x'.repeat(4001));
      await expect(refused).resolves.toMatchObject({ code: 'MESSAGE_TOO_LONG' });
      await expect(alice.client.flashChat('nobody-here-at-all').open()).rejects.toThrow();
    } finally {
      toBob.close();
      toAlice.close();
    }
  });

  describe('outbox', () => {
    it('queues sends made before the socket opens and is bounded (OUTBOX_FULL)', async () => {
      const { alice, roomId } = await pair();
      const connection = alice.client.connect({ outbox: { maxSize: 2 } });
      const inbox = track(connection);
      const first = connection.send(roomId, 'one');
      const second = connection.send(roomId, 'two');
      await expect(connection.send(roomId, 'three')).rejects.toMatchObject({ code: 'OUTBOX_FULL' });
      expect((await first).seq).toBe(1);
      expect((await second).seq).toBe(2);
      expect(seqsOf(await inbox.untilInRoom(roomId, 2))).toEqual([1, 2]);
    });

    it('rejects a send the server refuses for good, with its code, and goes on with the next', async () => {
      const { alice, roomId } = await pair();
      const stranger = await flashUser(app.url);
      const privateRoom = await stranger.client.rooms.create({ name: 'not yours' });
      const connection = alice.client.connect();
      track(connection);
      await expect(connection.send(privateRoom.id, 'hi')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(connection.send(roomId, 'x'.repeat(4001))).rejects.toMatchObject({
        code: 'MESSAGE_TOO_LONG',
      });
      await expect(connection.send(roomId, 'fine')).resolves.toMatchObject({ seq: 1 });
      expect(connection.pendingSends).toEqual([]);
    });

    it('close() rejects what is still unacknowledged with CONNECTION_CLOSED', async () => {
      const { alice, roomId } = await pair();
      const connection = alice.client.connect();
      const pending = connection.send(roomId, 'never sent');
      connection.close();
      const error = await pending.catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(PChatError);
      expect(error).toMatchObject({ code: 'CONNECTION_CLOSED' });
    });
  });

  it('a revoked session: 4001, one refresh attempt refused, then no more reconnects', async () => {
    const bob = await sessionUser(app.url);
    const inbox = track(bob.client.connect({ backoff: FAST_BACKOFF }));
    await inbox.untilOpen();
    const { client: otherDevice } = sdkClient(app.url);
    await otherDevice.auth.signIn({ email: bob.email, password: bob.password });
    const victim = (await otherDevice.session.list()).find((session) => !session.current)!;
    await otherDevice.session.revoke(victim.id);
    await waitFor(() => inbox.closes.length > 0, 5000, 'the connection to close');
    expect(inbox.closes).toEqual([{ code: 4001, willReconnect: false }]);
    expect(bob.calls.get('POST /session/refresh')).toBe(1);
    expect(inbox.connection.state).toBe('closed');
    await expect(inbox.connection.send('00000000-0000-4000-8000-000000000000', 'late')).rejects.toMatchObject(
      {
        code: 'CONNECTION_CLOSED',
      },
    );
  });
});

describe('@p-chat/client token renewal on an open connection', () => {
  let app: TestApp;

  beforeAll(async () => {
    // 6-second access tokens: the connection must renew in-band, or the server closes it with 4001.
    app = await createTestApp({ env: { ACCESS_TOKEN_SESSION_MINUTES: '0.1' } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('renews with `auth` before expiry (no 4001) and keeps sending across three token lifetimes', async () => {
    const alice = await sessionUser(app.url);
    const room = await alice.client.rooms.create({ name: 'renewal' });
    const connection = alice.client.connect();
    const inbox = new Inbox(connection);
    const renewals: number[] = [];
    connection.on('auth.ok', ({ exp }) => renewals.push(exp));
    try {
      await inbox.untilOpen();
      await waitFor(() => renewals.length >= 3, 25_000, 'three in-band renewals');
      await expect(connection.send(room.id, 'still here')).resolves.toMatchObject({ seq: 1 });
      expect(inbox.closes).toEqual([]);
      expect(inbox.states.filter((state) => state === 'connecting')).toHaveLength(1);
      expect(new Set(renewals).size).toBe(renewals.length);
      expect(alice.calls.get('POST /session/refresh')).toBe(renewals.length);
    } finally {
      connection.close();
    }
  }, 40_000);
});
